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
        var sorted = latenciesMs.OrderBy(x => x).ToArray();
        Runs = sorted.Length;
        MedianMs = Quantile(sorted, 0.5);
        P10Ms = Quantile(sorted, 0.1);
        P90Ms = Quantile(sorted, 0.9);
    }

    public BenchmarkTarget Target { get; }

    /// <summary>The first run, which includes ORT's lazy initialisation (and a TensorRT engine build).</summary>
    public TimeSpan FirstRun { get; }

    public int Runs { get; }
    public double MedianMs { get; }
    public double P10Ms { get; }
    public double P90Ms { get; }

    /// <summary>Throughput at the median latency: batch ÷ median.</summary>
    public double ImagesPerSecond => MedianMs > 0 ? Target.Batch * 1000.0 / MedianMs : 0;

    /// <summary>Arithmetic rate at the median, counting a multiply-accumulate as two operations.</summary>
    public double GigaFlopsPerSecond => Target.MacsPerSample * 2.0 * ImagesPerSecond / 1e9;

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
