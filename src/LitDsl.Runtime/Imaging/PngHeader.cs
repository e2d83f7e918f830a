using System;
using System.Buffers.Binary;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// Reads a PNG's IHDR (which the format puts first, right after the signature) so that its size is checked against
/// <see cref="ImageLimits"/> before the codec allocates anything.
/// </summary>
internal static class PngHeader
{
    private const int SignatureLength = 8;

    /// <summary>Checks the header; returns the image's width and height.</summary>
    public static (int Width, int Height) Check(ReadOnlySpan<byte> png, string fileName)
    {
        // Signature, then the IHDR chunk: length (13), "IHDR", width, height, bit depth, colour type, …
        if (png.Length < SignatureLength + 8 + 13)
        {
            throw new LitDslFormatException(fileName, "PNG data is truncated: the file ends inside its header");
        }
        var chunk = png[SignatureLength..];
        if (BinaryPrimitives.ReadUInt32BigEndian(chunk) != 13 || !chunk.Slice(4, 4).SequenceEqual("IHDR"u8))
        {
            throw new LitDslFormatException(fileName, "PNG header cannot be read: the first chunk is not a 13-byte IHDR");
        }
        uint width = BinaryPrimitives.ReadUInt32BigEndian(chunk[8..]);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(chunk[12..]);
        ImageLimits.Check(fileName, "PNG", width, height, png.Length, ImageLimits.PngPixelsPerByte);
        return ((int)width, (int)height);
    }
}
