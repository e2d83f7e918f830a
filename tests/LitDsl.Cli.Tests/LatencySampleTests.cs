using System;
using LitDsl.Cli.Benchmarking;
using Xunit;

namespace LitDsl.Cli.Tests;

public sealed class LatencySampleTests
{
    [Fact]
    public void Paired_speedup_is_the_median_of_per_round_ratios()
    {
        // Round 2 is slow for both (a load spike); pairing by round keeps the ratio at 2 where medians alone would not.
        var reference = Sample([10, 40, 12]);
        var candidate = Sample([5, 20, 6]);

        Assert.Equal(2.0, LatencySample.PairedSpeedup(reference, candidate), 12);
        Assert.Equal(5.0, candidate.MinMs);
        Assert.Equal(new double[] { 5, 20, 6 }, candidate.LatenciesMs);
    }

    [Fact]
    public void Paired_speedup_needs_the_same_rounds()
    {
        Assert.Throws<ArgumentException>(() => LatencySample.PairedSpeedup(Sample([1, 2]), Sample([1])));
    }

    private static LatencySample Sample(double[] latenciesMs) =>
        new(new BenchmarkTarget("t", null!, TimeSpan.Zero, [], [1], 0), TimeSpan.Zero, latenciesMs);
}
