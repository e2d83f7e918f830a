using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// Checks a header's dimensions before any pixel buffer is allocated, so a tiny hostile file cannot make the decoder
/// allocate gigabytes: at most <see cref="MaxSide"/> pixels a side, and no more pixels than the file could encode.
/// </summary>
internal static class ImageLimits
{
    /// <summary>Largest width or height accepted (16384² RGB is 805 MB, the most one image may take).</summary>
    public const int MaxSide = 16384;

    /// <summary>Pixels any file may claim whatever its size (a 2048² image; the ratios below bind beyond that).</summary>
    public const long FreePixels = 1L << 22;

    /// <summary>
    /// JPEG: every 8×8 block costs at least one Huffman-coded bit in its first scan (two in a baseline file), so a
    /// Huffman-coded file holds at most 512 pixels per byte; 1024 leaves room. (Arithmetic coding can beat that on a
    /// flat image; such a file over <see cref="FreePixels"/> is refused.)
    /// </summary>
    public const long JpegPixelsPerByte = 1024;

    /// <summary>PNG: deflate expands at most 1032:1, and a pixel takes at least one bit (1-bit grayscale).</summary>
    public const long PngPixelsPerByte = 8 * 1032 + 64;

    /// <summary>Throws when <paramref name="width"/> × <paramref name="height"/> is not a plausible image from this file.</summary>
    public static void Check(string fileName, string format, long width, long height, long fileBytes, long pixelsPerByte)
    {
        if (width < 1 || height < 1)
        {
            throw new LitDslFormatException(fileName, $"{format} header gives an empty image ({width}×{height})");
        }
        if (width > MaxSide || height > MaxSide)
        {
            throw new LitDslFormatException(fileName,
                $"{format} image is {width}×{height}; images larger than {MaxSide} pixels a side are refused");
        }
        long plausible = FreePixels + fileBytes * pixelsPerByte;
        if (width * height > plausible)
        {
            throw new LitDslFormatException(fileName,
                $"{format} header claims {width}×{height} pixels, more than a {fileBytes}-byte file can hold; the file is damaged or hostile");
        }
    }
}
