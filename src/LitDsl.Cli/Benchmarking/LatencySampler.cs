using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using LitDsl.Runtime;

namespace LitDsl.Cli.Benchmarking;

/// <summary>
/// Times sessions run after run. With several targets it interleaves them round by round, so a slow spell of the
/// machine (another process, thermal throttling) hits all of them alike and their ratio stays fair.
/// </summary>
internal static class LatencySampler
{
    /// <summary>
    /// The spinning policy for sessions timed in the same rounds. Each keeps a pool of intra-op threads, and a pool
    /// that spins on after its run takes cores from the next session's run, which penalises whichever runs second
    /// (the ceiling's MatMul read 72 GFLOP/s instead of 126 beside a spinning litv2-s). Pools that spin during their own
    /// runs only keep it fair and keep spinning's fast hand-off between operators, which sleeping pools lose (on two
    /// shared vCPUs, 10–23 % of a litv2-s run at batch 1). A request for less spinning than that is kept.
    /// </summary>
    public static ThreadSpinning SpinningForSharedRounds(ThreadSpinning requested) =>
        requested == ThreadSpinning.Always ? ThreadSpinning.DuringRuns : requested;

    /// <param name="targets">The sessions to time; each gets the same number of runs.</param>
    /// <param name="policy">Warm-up runs, then rounds until both the minimum time and the minimum rounds are reached.</param>
    /// <param name="progress">Called with the fraction done (0–1), for a progress display.</param>
    public static IReadOnlyList<LatencySample> Sample(IReadOnlyList<BenchmarkTarget> targets, SamplingPolicy policy, Action<double>? progress = null)
    {
        var firstRuns = new TimeSpan[targets.Count];
        for (var t = 0; t < targets.Count; t++)
        {
            var first = Stopwatch.StartNew();
            targets[t].RunOnce();
            firstRuns[t] = first.Elapsed;
            for (var w = 1; w < policy.WarmupRuns; w++) targets[t].RunOnce();
        }

        var latencies = targets.Select(_ => new List<double>()).ToArray();
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        while (rounds < policy.MaxRounds && (rounds < policy.MinRounds || clock.Elapsed < policy.MinTime))
        {
            for (var k = 0; k < targets.Count; k++)
            {
                // The order rotates from round to round, so no target always follows the same one.
                var t = (rounds + k) % targets.Count;
                var run = Stopwatch.GetTimestamp();
                targets[t].RunOnce();
                latencies[t].Add(Stopwatch.GetElapsedTime(run).TotalMilliseconds);
            }
            rounds++;
            progress?.Invoke(Math.Min(1.0, Math.Max(
                clock.Elapsed.TotalSeconds / Math.Max(policy.MinTime.TotalSeconds, 1e-9),
                (double)rounds / policy.MaxRounds)));
        }
        progress?.Invoke(1.0);
        return targets.Select((target, t) => new LatencySample(target, firstRuns[t], latencies[t])).ToArray();
    }
}

/// <summary>How long to time: warm-up runs (the first one reported apart), then at least MinRounds and MinTime, at most MaxRounds.</summary>
internal sealed record SamplingPolicy(int WarmupRuns, int MinRounds, TimeSpan MinTime, int MaxRounds);
