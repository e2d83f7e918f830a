using System.Collections.Generic;
using LitDsl.Models;

namespace LitDsl.Cli.Benchmarking;

/// <summary>A declared model, its timed runs, and the baseline files timed beside it (interleaved, same input).</summary>
internal sealed record ModelBenchmarkResult(LitModelInfo Model, LatencySample Sample, IReadOnlyList<BaselineResult> Baselines);
