using System;
using System.Runtime.InteropServices;
using LitDsl.Runtime.Imaging.Native;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Imaging;

/// <summary>JPEG to RGB through TurboJPEG: header first (dimensions checked), then one decompression into our buffer.</summary>
internal static unsafe class JpegDecoding
{
    // Accurate IDCT and smooth chroma upsampling (TurboJPEG's default without TJFLAG_FASTUPSAMPLE), as PIL decodes.
    // Any libjpeg warning (truncated or damaged data) stops the decode: a guessed-at image is not classified.
    private const int Flags = TurboJpegApi.FlagAccurateDct | TurboJpegApi.FlagStopOnWarning | TurboJpegApi.FlagLimitScans;

    public static RgbImage Decode(ReadOnlySpan<byte> encoded, string fileName)
    {
        TurboJpegApi api = TurboJpegApi.Instance;
        using TurboJpegHandle decompressor = TurboJpegHandle.CreateDecompressor();
        fixed (byte* jpeg = encoded)
        {
            var size = new CULong((nuint)encoded.Length);
            int width, height, subsampling, colorspace;
            if (api.DecompressHeader3(decompressor.Pointer, jpeg, size, &width, &height, &subsampling, &colorspace) != 0)
            {
                throw new LitDslFormatException(fileName, "JPEG header cannot be read: " + api.LastError(decompressor));
            }
            if (colorspace is TurboJpegApi.ColorspaceCmyk or TurboJpegApi.ColorspaceYcck)
            {
                throw new LitDslFormatException(fileName, "is a CMYK JPEG; only grayscale and RGB (YCbCr) JPEGs are supported");
            }
            ImageLimits.Check(fileName, "JPEG", width, height, encoded.Length, ImageLimits.JpegPixelsPerByte);

            byte[] pixels = new byte[checked(width * height * 3)];
            fixed (byte* destination = pixels)
            {
                int status = api.Decompress2(decompressor.Pointer, jpeg, size, destination, width, width * 3, height,
                    TurboJpegApi.PixelFormatRgb, Flags);
                if (status != 0)
                {
                    throw new LitDslFormatException(fileName, "JPEG data is damaged or truncated: " + api.LastError(decompressor));
                }
            }
            return new RgbImage(width, height, pixels);
        }
    }
}
