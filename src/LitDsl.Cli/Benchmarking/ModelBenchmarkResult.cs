using LitDsl.Models;

namespace LitDsl.Cli.Benchmarking;

/// <summary>A declared model and its timed runs.</summary>
internal sealed record ModelBenchmarkResult(LitModelInfo Model, LatencySample Sample);
