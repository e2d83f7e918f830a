using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

using LitDsl.Runtime;

namespace LitDsl.Benchmarks;

/// <summary>
/// Times several sessions on the same random input, interleaved: every round runs each session once, in an order that
/// rotates from round to round. On a shared or throttling machine the load changes slowly compared with one round, so
/// the sessions see the same conditions and their ratio holds even when the absolute figures drift.
/// </summary>
internal static class InterleavedBenchmark
{
    /// <summary>
    /// Runs <paramref name="warmupRounds"/> untimed rounds, then <paramref name="rounds"/> timed ones, with a batch of
    /// <paramref name="batch"/> images drawn from a normal distribution seeded by <paramref name="seed"/> (sessions
    /// whose inputs have the same shape get the same values). Returns one summary per session, in order.
    /// </summary>
    public static IReadOnlyList<LatencySummary> Run(IReadOnlyList<InferenceSession> sessions, int batch, int warmupRounds,
        int rounds, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRounds);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);

        var inputs = sessions.Select(s => BenchmarkInput.For(s, batch, seed)).ToArray();
        var outputs = sessions.Select((s, i) => new float[OutputLength(s, inputs[i].Shape)]).ToArray();
        var times = sessions.Select(_ => new List<TimeSpan>(rounds)).ToArray();

        for (int round = 0; round < warmupRounds + rounds; round++)
        {
            for (int k = 0; k < sessions.Count; k++)
            {
                int i = (round + k) % sessions.Count;
                long start = Stopwatch.GetTimestamp();
                sessions[i].Run(inputs[i].Data, inputs[i].Shape, outputs[i]);
                TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
                if (round >= warmupRounds)
                {
                    times[i].Add(elapsed);
                }
            }
        }
        return times.Select(t => Summarise(batch, t)).ToArray();
    }

    /// <summary>Median, fastest and slowest of <paramref name="times"/>.</summary>
    public static LatencySummary Summarise(int batch, IReadOnlyList<TimeSpan> times)
    {
        if (times.Count == 0) throw new ArgumentException("No timings to summarise.", nameof(times));
        var sorted = times.OrderBy(t => t).ToArray();
        int middle = sorted.Length / 2;
        TimeSpan median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new LatencySummary(batch, sorted.Length, median, sorted[0], sorted[^1], times.ToArray());
    }

    /// <summary>
    /// How many times faster <paramref name="candidate"/> ran than <paramref name="reference"/>: the median over rounds
    /// of reference time ÷ candidate time in the same round. Pairing by round cancels load that changes between rounds.
    /// </summary>
    public static double PairedSpeedup(LatencySummary reference, LatencySummary candidate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        if (reference.Times.Count != candidate.Times.Count || reference.Times.Count == 0)
            throw new ArgumentException("Paired speed-up needs the same, non-zero number of rounds on both sides.");
        var ratios = reference.Times.Zip(candidate.Times, (r, c) => r / c).OrderBy(x => x).ToArray();
        int middle = ratios.Length / 2;
        return ratios.Length % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2;
    }

    private static int OutputLength(InferenceSession session, int[] inputShape)
    {
        long length = 1;
        foreach (long d in session.OutputDimensions)
        {
            length = checked(length * (d < 0 ? inputShape[0] : d));
        }
        return checked((int)length);
    }
}
