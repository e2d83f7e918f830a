using System;
using System.Runtime.InteropServices;
using LitDsl.Runtime.Tensors;
using SkiaSharp;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// Decodes a JPEG or PNG whose header and structure the caller has checked, through SkiaSharp's codecs (libjpeg-turbo
/// and libpng inside SkiaSharp's own native library, so no system package is needed). Pixels come out as unpremultiplied
/// RGBA with no colour-space conversion and the alpha is dropped here: this is PIL's <c>convert("RGB")</c>, which
/// neither composites onto a background nor applies gAMA, cHRM or ICC profiles.
/// </summary>
internal static class SkiaDecoding
{
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, string fileName, string format, int width, int height)
    {
        using var data = CopyToSkia(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw new LitDslFormatException(fileName, $"{format} data cannot be decoded (SkiaSharp found no valid image in it)");
        }
        if (codec.Info.Width != width || codec.Info.Height != height)
        {
            throw new LitDslFormatException(fileName,
                $"{format} header says {width}×{height} but the codec reads {codec.Info.Width}×{codec.Info.Height}; the file is damaged");
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        byte[] rgba = new byte[checked(width * height * 4)];
        SKCodecResult result;
        unsafe
        {
            fixed (byte* pixels = rgba)
            {
                result = codec.GetPixels(info, (nint)pixels);
            }
        }
        return result switch
        {
            SKCodecResult.Success => new RgbImage(width, height, DropAlpha(rgba)),
            SKCodecResult.IncompleteInput => throw new LitDslFormatException(fileName, $"{format} data is truncated: the image ends before its last row"),
            _ => throw new LitDslFormatException(fileName, $"{format} data is damaged ({result})"),
        };
    }

    private static SKData CopyToSkia(ReadOnlySpan<byte> encoded)
    {
        try
        {
            return SKData.CreateCopy(encoded);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw new ImageLibraryNotFoundException(
                $"SkiaSharp's native library (libSkiaSharp) could not be loaded on {RuntimeInformation.RuntimeIdentifier}: {e.GetBaseException().Message} " +
                "LitDsl.Runtime brings it for Windows, macOS and Linux (SkiaSharp.NativeAssets.Linux.NoDependencies); on another platform add the SkiaSharp.NativeAssets package for it.");
        }
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
