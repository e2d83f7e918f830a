using System;
using LitDsl.Runtime.Imaging.Native;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// PNG to RGB through libpng's simplified API. Images with alpha (an alpha channel or a tRNS chunk) are read as RGBA
/// and the alpha is dropped here: asking libpng for RGB would composite onto a background instead, which is not what
/// PIL's <c>convert("RGB")</c> does.
/// </summary>
internal static unsafe class PngDecoding
{
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, string fileName)
    {
        LibPngApi api = LibPngApi.Instance;
        using PngImageHandle handle = PngImageHandle.Create();
        PngImage* image = handle.Image;
        // libpng reads from this memory until png_image_finish_read returns: keep it pinned for the whole decode.
        fixed (byte* png = encoded)
        {
            if (api.BeginReadFromMemory(image, png, (nuint)encoded.Length) == 0)
            {
                throw new LitDslFormatException(fileName, "PNG header cannot be read: " + Reason(image));
            }
            ImageLimits.Check(fileName, "PNG", image->Width, image->Height, encoded.Length, ImageLimits.PngPixelsPerByte);
            int width = (int)image->Width;
            int height = (int)image->Height;
            bool hasAlpha = (image->Format & PngImage.FormatFlagAlpha) != 0;
            int channels = hasAlpha ? 4 : 3;
            image->Format = hasAlpha ? PngImage.FormatRgba : PngImage.FormatRgb;
            image->Flags |= PngImage.Flag16BitSrgb;

            byte[] decoded = new byte[checked(width * height * channels)];
            fixed (byte* buffer = decoded)
            {
                if (api.FinishRead(image, null, buffer, width * channels, null) == 0)
                {
                    throw new LitDslFormatException(fileName, "PNG data is damaged or truncated: " + Reason(image));
                }
            }
            return new RgbImage(width, height, hasAlpha ? DropAlpha(decoded) : decoded);
        }
    }

    private static string Reason(PngImage* image)
    {
        string message = image->MessageText();
        return message.Length > 0 ? message : "libpng gave no reason";
    }

    private static byte[] DropAlpha(byte[] rgba)
    {
        byte[] rgb = new byte[rgba.Length / 4 * 3];
        for (int source = 0, target = 0; source < rgba.Length; source += 4, target += 3)
        {
            rgb[target] = rgba[source];
            rgb[target + 1] = rgba[source + 1];
            rgb[target + 2] = rgba[source + 2];
        }
        return rgb;
    }
}
