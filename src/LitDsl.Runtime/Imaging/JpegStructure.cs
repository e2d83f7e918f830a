using System;
using System.Buffers.Binary;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// Walks a JPEG's markers before anything is decoded and refuses what a strict decoder must not classify: a file that
/// ends before its end-of-image marker (a truncated progressive JPEG decodes "successfully" in Skia, leaving the
/// missing scans' detail out), bytes where a marker should be (libjpeg skips them with a warning), a frame of CMYK or
/// other than 1 or 3 components, more scans than libjpeg-turbo's own limit, and a frame larger than the file could
/// hold (<see cref="ImageLimits"/>). It reads only lengths and headers, never the entropy-coded data's meaning.
/// </summary>
internal static class JpegStructure
{
    /// <summary>libjpeg-turbo's TJFLAG_LIMITSCANS bound: a progressive file needs about ten scans, hostile ones use thousands.</summary>
    public const int MaxScans = 500;

    /// <summary>Checks the file's structure; returns the frame's width and height.</summary>
    public static (int Width, int Height) Check(ReadOnlySpan<byte> jpeg, string fileName)
    {
        int width = 0, height = 0, scans = 0;
        int position = 2; // after SOI (FF D8), which the caller recognised
        while (true)
        {
            if (position >= jpeg.Length)
            {
                throw Truncated(fileName);
            }
            if (jpeg[position] != 0xFF)
            {
                throw new LitDslFormatException(fileName, $"JPEG data is damaged: byte {position} should start a marker");
            }
            while (position < jpeg.Length && jpeg[position] == 0xFF)
            {
                position++; // a marker may be preceded by any number of 0xFF fill bytes
            }
            if (position >= jpeg.Length)
            {
                throw Truncated(fileName);
            }
            byte marker = jpeg[position++];
            if (marker == 0xD9) // EOI
            {
                if (scans == 0)
                {
                    throw new LitDslFormatException(fileName, "JPEG has no image data (end of image before any scan)");
                }
                return (width, height);
            }
            if (marker is 0x00 or 0x01 or (>= 0xD0 and <= 0xD8))
            {
                throw new LitDslFormatException(fileName, $"JPEG data is damaged: marker FF{marker:X2} out of place at byte {position - 2}");
            }
            if (position + 2 > jpeg.Length)
            {
                throw Truncated(fileName);
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
            if (length < 2)
            {
                throw new LitDslFormatException(fileName, $"JPEG data is damaged: segment FF{marker:X2} at byte {position - 2} has length {length}");
            }
            if (position + length > jpeg.Length)
            {
                throw Truncated(fileName);
            }
            var segment = jpeg.Slice(position + 2, length - 2);
            position += length;

            if (IsStartOfFrame(marker))
            {
                if (width != 0)
                {
                    throw new LitDslFormatException(fileName, "JPEG data is damaged: a second frame header");
                }
                (width, height) = Frame(segment, fileName, jpeg.Length);
            }
            else if (marker == 0xDA) // SOS: the scan's entropy-coded data follows the header
            {
                if (width == 0)
                {
                    throw new LitDslFormatException(fileName, "JPEG data is damaged: a scan before the frame header");
                }
                if (++scans > MaxScans)
                {
                    throw new LitDslFormatException(fileName, $"JPEG has more than {MaxScans} scans; such files are refused (a denial-of-service pattern)");
                }
                position = EndOfEntropyCodedData(jpeg, position, fileName);
            }
        }
    }

    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    private static (int Width, int Height) Frame(ReadOnlySpan<byte> segment, string fileName, int fileBytes)
    {
        if (segment.Length < 6)
        {
            throw new LitDslFormatException(fileName, "JPEG frame header is damaged (too short)");
        }
        int precision = segment[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int components = segment[5];
        if (precision != 8)
        {
            throw new LitDslFormatException(fileName, $"is a {precision}-bit JPEG; only 8-bit JPEGs are supported");
        }
        if (components == 4)
        {
            throw new LitDslFormatException(fileName, "is a CMYK JPEG; only grayscale and RGB (YCbCr) JPEGs are supported");
        }
        if (components is not (1 or 3))
        {
            throw new LitDslFormatException(fileName, $"JPEG frame has {components} components; only grayscale (1) and RGB (3) are supported");
        }
        ImageLimits.Check(fileName, "JPEG", width, height, fileBytes, ImageLimits.JpegPixelsPerByte);
        return (width, height);
    }

    /// <summary>The position of the marker that ends a scan's entropy-coded data (FF 00 is a stuffed byte, FF D0–D7 a restart).</summary>
    private static int EndOfEntropyCodedData(ReadOnlySpan<byte> jpeg, int position, string fileName)
    {
        while (true)
        {
            int next = jpeg[position..].IndexOf((byte)0xFF);
            if (next < 0)
            {
                throw Truncated(fileName);
            }
            position += next;
            int after = position + 1;
            while (after < jpeg.Length && jpeg[after] == 0xFF)
            {
                after++;
            }
            if (after >= jpeg.Length)
            {
                throw Truncated(fileName);
            }
            byte following = jpeg[after];
            if (following == 0x00 || following is >= 0xD0 and <= 0xD7)
            {
                position = after + 1;
                continue;
            }
            return after - 1; // the last 0xFF before the marker code
        }
    }

    private static LitDslFormatException Truncated(string fileName) =>
        new(fileName, "JPEG data is truncated: the file ends before its end-of-image marker");
}
