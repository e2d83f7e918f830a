using System;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// Decodes JPEG and PNG files to 8-bit RGB through SkiaSharp's codecs (no system library). The format is told by the
/// file's signature, not its name. The header is checked first (size limits before any allocation) and a JPEG's
/// marker structure is walked (truncation, damage and CMYK are refused); then grayscale, palette and alpha inputs
/// become RGB as PIL's <c>convert("RGB")</c> makes them (gray replicated, palette looked up, alpha dropped). Every
/// failure is one <see cref="LitDslFormatException"/> that names the file; a platform without SkiaSharp's native
/// library is an <see cref="ImageLibraryNotFoundException"/>. Thread-safe: each call uses its own codec.
/// </summary>
public static class ImageDecoder
{
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads and decodes the image file at <paramref name="path"/>.</summary>
    public static RgbImage Decode(string path)
    {
        return Decode(ImageFileBytes.Read(path), path);
    }

    /// <summary>Decodes an encoded JPEG or PNG; <paramref name="fileName"/> names the source in errors.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (encoded.StartsWith(JpegSignature))
        {
            (int width, int height) = JpegStructure.Check(encoded, fileName);
            return SkiaDecoding.Decode(encoded, fileName, "JPEG", width, height);
        }
        if (encoded.StartsWith(PngSignature))
        {
            (int width, int height) = PngHeader.Check(encoded, fileName);
            return SkiaDecoding.Decode(encoded, fileName, "PNG", width, height);
        }
        if (encoded.IsEmpty)
        {
            throw new LitDslFormatException(fileName, "is empty (0 bytes), not an image");
        }
        throw new LitDslFormatException(fileName,
            $"is not a JPEG or PNG image (it starts with {Convert.ToHexString(encoded[..Math.Min(8, encoded.Length)])})");
    }
}
