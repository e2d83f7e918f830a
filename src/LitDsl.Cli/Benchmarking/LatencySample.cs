using System;
using System.Collections.Generic;
using System.Linq;

namespace LitDsl.Cli.Benchmarking;

/// <summary>The timed runs of one target, and the figures that follow from them.</summary>
internal sealed class LatencySample
{
    public LatencySample(BenchmarkTarget target, TimeSpan firstRun, IReadOnlyList<double> latenciesMs)
    {
        Target = target;
        FirstRun = firstRun;
        LatenciesMs = latenciesMs.ToArray();
        var sorted = latenciesMs.OrderBy(x => x).ToArray();
        Runs = sorted.Length;
        MinMs = sorted.Length > 0 ? sorted[0] : 0;
        MedianMs = Quantile(sorted, 0.5);
        P10Ms = Quantile(sorted, 0.1);
        P90Ms = Quantile(sorted, 0.9);
    }

    public BenchmarkTarget Target { get; }

    /// <summary>The first run, which includes ORT's lazy initialisation (and a TensorRT engine build).</summary>
    public TimeSpan FirstRun { get; }

    /// <summary>Every timed run in milliseconds, in round order (for comparisons paired by round).</summary>
    public IReadOnlyList<double> LatenciesMs { get; }

    public int Runs { get; }
    public double MinMs { get; }
    public double MedianMs { get; }
    public double P10Ms { get; }
    public double P90Ms { get; }

    /// <summary>Throughput at the median latency: batch ÷ median.</summary>
    public double ImagesPerSecond => MedianMs > 0 ? Target.Batch * 1000.0 / MedianMs : 0;

    /// <summary>Arithmetic rate at the median, counting a multiply-accumulate as two operations.</summary>
    public double GigaFlopsPerSecond => Target.MacsPerSample * 2.0 * ImagesPerSecond / 1e9;

    /// <summary>
    /// How many times faster <paramref name="candidate"/> ran than <paramref name="reference"/>: the median over rounds
    /// of reference time ÷ candidate time in the same round. Pairing by round cancels load that changes between rounds.
    /// </summary>
    public static double PairedSpeedup(LatencySample reference, LatencySample candidate)
    {
        if (reference.Runs != candidate.Runs || reference.Runs == 0)
            throw new ArgumentException("A paired speed-up needs the same, non-zero number of rounds on both sides.");
        var ratios = reference.LatenciesMs.Zip(candidate.LatenciesMs, (r, c) => r / c).OrderBy(x => x).ToArray();
        return Quantile(ratios, 0.5);
    }

    private static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return 0;
        // Linear interpolation between closest ranks (NumPy's default), so small samples still give a fair median.
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
