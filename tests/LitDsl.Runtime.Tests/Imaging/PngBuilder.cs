using System.Buffers.Binary;
using System.IO.Compression;

namespace LitDsl.Runtime.Tests.Imaging;

/// <summary>Writes small PNG files chunk by chunk, valid or not, for the decoder tests.</summary>
internal static class PngBuilder
{
    /// <summary>A whole PNG: signature, IHDR, the <paramref name="extra"/> chunks, one IDAT of the rows (filter 0), IEND.</summary>
    public static byte[] Image(uint width, uint height, byte bitDepth, byte colourType, IEnumerable<byte[]> rows, params (string Type, byte[] Data)[] extra)
    {
        var png = new List<byte> { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };
        byte[] ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colourType;
        AddChunk(png, "IHDR", ihdr);
        foreach ((string type, byte[] data) in extra)
        {
            AddChunk(png, type, data);
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            foreach (byte[] row in rows)
            {
                zlib.WriteByte(0);
                zlib.Write(row);
            }
        }
        AddChunk(png, "IDAT", compressed.ToArray());
        AddChunk(png, "IEND", []);
        return png.ToArray();
    }

    public static void AddChunk(List<byte> png, string type, byte[] data)
    {
        byte[] length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        png.AddRange(length);
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.AddRange(typeAndData);
        byte[] crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.AddRange(crc);
    }

    /// <summary>The PNG chunk CRC (ISO 3309 CRC-32, reflected polynomial 0xEDB88320).</summary>
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }
        return ~crc;
    }
}
