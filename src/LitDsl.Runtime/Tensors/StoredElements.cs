using System;
using System.Buffers.Binary;

namespace LitDsl.Runtime.Tensors;

/// <summary>Sizes of <see cref="TensorDType"/> elements and their conversion from little-endian bytes to float32.</summary>
internal static class StoredElements
{
    internal static int Size(TensorDType type) => type switch
    {
        TensorDType.Float64 or TensorDType.Int64 => 8,
        TensorDType.Float32 or TensorDType.Int32 => 4,
        TensorDType.Float16 or TensorDType.BFloat16 or TensorDType.Int16 => 2,
        _ => 1,
    };

    internal static bool IsFloatingPoint(TensorDType type) =>
        type is TensorDType.Float32 or TensorDType.Float16 or TensorDType.BFloat16 or TensorDType.Float64;

    /// <summary>Element <paramref name="index"/> of <paramref name="bytes"/> (little-endian), as float32.</summary>
    internal static float ElementToFloat32(ReadOnlySpan<byte> bytes, long index, TensorDType type)
    {
        int offset = checked((int)(index * Size(type)));
        var at = bytes[offset..];
        return type switch
        {
            TensorDType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(at),
            TensorDType.Float16 => (float)BinaryPrimitives.ReadHalfLittleEndian(at),
            // bfloat16 is the high 16 bits of a float32: widening is exact.
            TensorDType.BFloat16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(at) << 16),
            TensorDType.Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(at),
            TensorDType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(at),
            TensorDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(at),
            TensorDType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(at),
            TensorDType.Int8 => (sbyte)at[0],
            TensorDType.UInt8 => at[0],
            TensorDType.Bool => at[0] != 0 ? 1f : 0f,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }

    /// <summary>Converts <paramref name="count"/> contiguous elements to float32 (the fast path for dense tensors).</summary>
    internal static float[] ToFloat32(ReadOnlySpan<byte> bytes, int count, TensorDType type)
    {
        if (type == TensorDType.Float32)
        {
            return LittleEndianFloats.Read(bytes[..checked(count * sizeof(float))]);
        }
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = ElementToFloat32(bytes, i, type);
        }
        return values;
    }
}
