using System;
using System.Collections.Generic;

using LitDsl.Runtime;

namespace LitDsl.Benchmarks;

/// <summary>One model's timings from <see cref="InterleavedBenchmark"/>.</summary>
/// <param name="Batch">Images per run.</param>
/// <param name="Runs">Timed runs (warm-up excluded).</param>
/// <param name="Median">Median wall time of one run.</param>
/// <param name="Fastest">Fastest run.</param>
/// <param name="Slowest">Slowest run.</param>
/// <param name="Times">Every timed run, in round order (for paired comparisons between sessions).</param>
internal sealed record LatencySummary(int Batch, int Runs, TimeSpan Median, TimeSpan Fastest, TimeSpan Slowest,
    IReadOnlyList<TimeSpan> Times)
{
    /// <summary>Images per second at the median latency.</summary>
    public double ImagesPerSecond => Batch / Median.TotalSeconds;
}

