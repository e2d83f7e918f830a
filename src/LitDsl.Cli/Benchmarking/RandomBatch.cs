using System;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Cli.Benchmarking;

/// <summary>The input every timed run uses: fixed-seed values, so every run and every model sees the same batch.</summary>
internal static class RandomBatch
{
    /// <summary>Uniform values in [-1, 1) for a tensor of <paramref name="shape"/>.</summary>
    public static float[] Create(int[] shape, ulong seed)
    {
        var random = new Random(unchecked((int)seed ^ 0x5EED));
        var values = new float[FloatTensor.ElementCount(shape)];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
