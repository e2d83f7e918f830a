using System;

namespace LitDsl.Graph;

/// <summary>
/// The reference initialisation scheme, reproducibly: each tensor's values come from a generator seeded by the model
/// seed and the tensor's name, so they do not depend on build order and the same seed gives byte-identical exports.
/// (The values follow the reference's distributions; they are not PyTorch's random stream.)
/// </summary>
public sealed class SeededWeights(ulong seed = 0) : IWeightSource
{
    /// <inheritdoc />
    public float[] GetTensor(string name, int[] shape, ParameterInit init)
    {
        long count = 1;
        foreach (var d in shape) count *= d;
        var values = new float[checked((int)count)];
        switch (init.Kind)
        {
            case ParameterInitKind.Zeros:
                break;
            case ParameterInitKind.Ones:
                values.AsSpan().Fill(1f);
                break;
            default:
                var random = new SplitMix64(seed ^ Fnv1a(name));
                for (var i = 0; i < values.Length; i++) values[i] = (float)Sample(ref random, init);
                break;
        }
        return values;
    }

    private static double Sample(ref SplitMix64 random, ParameterInit init)
    {
        switch (init.Kind)
        {
            case ParameterInitKind.Uniform:
                return (2 * random.NextDouble() - 1) * init.Scale;
            case ParameterInitKind.Normal:
                return random.NextGaussian() * init.Scale;
            case ParameterInitKind.TruncatedNormal:
                // timm's trunc_normal_ cuts at a = -2, b = 2 in absolute units, not in standard deviations.
                while (true)
                {
                    var value = random.NextGaussian() * init.Scale;
                    if (value is >= -2 and <= 2) return value;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(init), init.Kind, "Unknown initialisation.");
        }
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    /// <summary>Vigna's SplitMix64: tiny, fast, and well distributed for seeding one stream per tensor.</summary>
    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Standard normal by Box–Muller (one of the pair; simplicity beats the saved draw here).</summary>
        public double NextGaussian()
        {
            var u1 = 1.0 - NextDouble();
            var u2 = NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
    }
}
