using System;
using System.Linq;

namespace LitDsl.Runtime.Tensors;

/// <summary>A dense float32 tensor in C (row-major) order.</summary>
public sealed class FloatTensor
{
    /// <summary>Wraps <paramref name="data"/> (not copied) with <paramref name="shape"/>; their sizes must agree.</summary>
    public FloatTensor(int[] shape, float[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Any(d => d < 0))
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(shape));
        }
        long count = ElementCount(shape);
        if (count != data.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} elements but the data has {data.Length}.", nameof(data));
        }
        Shape = shape;
        Data = data;
    }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    public int[] Shape { get; }

    /// <summary>The values in C order.</summary>
    public float[] Data { get; }

    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            count = checked(count * d);
        }
        return count;
    }
}
