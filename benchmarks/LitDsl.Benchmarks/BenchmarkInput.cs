using System;
using System.Linq;

using LitDsl.Runtime;

namespace LitDsl.Benchmarks;

/// <summary>A random input for a session: its declared shape with the batch filled in, standard-normal values.</summary>
internal sealed record BenchmarkInput(float[] Data, int[] Shape)
{
    /// <summary>
    /// An input for <paramref name="session"/> with <paramref name="batch"/> samples. Only the leading dimension may be
    /// symbolic: a model with other free dimensions has no single input to time.
    /// </summary>
    public static BenchmarkInput For(InferenceSession session, int batch, int seed)
    {
        ArgumentNullException.ThrowIfNull(session);
        var dims = session.InputDimensions;
        if (dims.Skip(1).Any(d => d < 0))
        {
            throw new NotSupportedException(
                $"Input '{session.InputName}' has symbolic dimensions besides the batch; a benchmark needs a fixed sample shape.");
        }
        int[] shape = dims.Select((d, i) => i == 0 && d < 0 ? batch : checked((int)d)).ToArray();
        long count = shape.Aggregate(1L, (a, d) => checked(a * d));
        var data = new float[count];
        var random = new Random(seed);
        for (long i = 0; i < count; i += 2)
        {
            // Box–Muller: two normal values from two uniform ones.
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            data[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < count) data[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
        }
        return new BenchmarkInput(data, shape);
    }
}
