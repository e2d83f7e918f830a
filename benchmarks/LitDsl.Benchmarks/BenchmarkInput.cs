using System;
using System.Linq;
using LitDsl.Cli.Benchmarking;
using LitDsl.Runtime;

namespace LitDsl.Benchmarks;

/// <summary>A random input for any ONNX session: its declared shape with the batch filled in, the CLI's fixed-seed values.</summary>
internal sealed record BenchmarkInput(float[] Data, int[] Shape)
{
    /// <summary>
    /// An input for <paramref name="session"/> with <paramref name="batch"/> samples. Only the leading dimension may be
    /// symbolic: a model with other free dimensions has no single input to time.
    /// </summary>
    public static BenchmarkInput For(InferenceSession session, int batch, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(session);
        var dims = session.InputDimensions;
        if (dims.Skip(1).Any(d => d < 0))
        {
            throw new NotSupportedException(
                $"Input '{session.InputName}' has symbolic dimensions besides the batch; a benchmark needs a fixed sample shape.");
        }
        int[] shape = dims.Select((d, i) => i == 0 && d < 0 ? batch : checked((int)d)).ToArray();
        return new BenchmarkInput(RandomBatch.Create(shape, seed), shape);
    }
}
