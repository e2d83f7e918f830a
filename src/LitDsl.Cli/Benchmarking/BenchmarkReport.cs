using System.Collections.Generic;

namespace LitDsl.Cli.Benchmarking;

/// <summary>Everything a bench run measured: what the table and the JSON show.</summary>
/// <param name="CeilingGflopsPerSecond">The MatMul limit (<c>--ceiling</c>), or null when it was not measured.</param>
/// <param name="CeilingRuns">How many times the MatMul ran: with models, once in every round they were timed in.</param>
/// <param name="PeakMemoryBytes">The process's peak resident memory, or null where the kernel does not say.</param>
internal sealed record BenchmarkReport(BenchmarkSettings Settings, IReadOnlyList<ModelBenchmarkResult> Results,
    double? CeilingGflopsPerSecond, int CeilingRuns, long? PeakMemoryBytes);
