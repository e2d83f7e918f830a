using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LitDsl.Runtime.Tensors;

/// <summary>float32 little-endian bytes to and from floats, on any host byte order.</summary>
internal static class LittleEndianFloats
{
    internal static float[] Read(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes[..(values.Length * sizeof(float))]).CopyTo(values);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float)));
            }
        }
        return values;
    }

    internal static void Write(System.IO.Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> buffer = stackalloc byte[sizeof(float)];
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
            stream.Write(buffer);
        }
    }
}
