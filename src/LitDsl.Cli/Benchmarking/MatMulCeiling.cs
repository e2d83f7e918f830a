using System;
using System.Collections.Generic;
using System.Linq;
using System.Diagnostics;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Runtime;

namespace LitDsl.Cli.Benchmarking;

/// <summary>
/// The machine's practical arithmetic limit for these models: GFLOP/s of one large float32 MatMul
/// ([1, 1024, 1024] × [1024, 1024], weight constant so ORT pre-packs it, as it does the models' weights), built with
/// <see cref="GraphBuilder"/> and run by the same ONNX Runtime, provider and threads as the models. A model's
/// <c>MACs × 2 × images/s ÷ ceiling</c> says how close it gets to running nothing but matrix products.
/// </summary>
internal static class MatMulCeiling
{
    public const int Size = 1024;

    /// <summary>Multiply-accumulates of one run.</summary>
    public const long Macs = (long)Size * Size * Size;

    public static byte[] Model()
    {
        var graph = new GraphBuilder("matmul-ceiling", new SeededWeights(0));
        var x = graph.Input("input", Size, Size);
        var weight = graph.Parameter("weight", [Size, Size], ParameterInit.TruncatedNormal(0.02));
        graph.Output(graph.MatMul(x, weight), "output");
        return OnnxWriter.Write(graph.Finish());
    }

    /// <summary>Opens the MatMul's session as a target (MACs per sample = <see cref="Macs"/>); the caller disposes its session.</summary>
    public static BenchmarkTarget Open(InferenceOptions options)
    {
        var created = Stopwatch.StartNew();
        var session = ModelSessions.Open(Model(), options);
        var shape = new[] { 1, Size, Size };
        return new BenchmarkTarget("matmul-ceiling", session, created.Elapsed, RandomBatch.Create(shape, 0), shape, Macs);
    }

    /// <summary>
    /// One sample of the ceiling from its runs in several groups of interleaved rounds (one group per model timed), so
    /// the limit is measured in the same spells of machine load as the models it is compared with.
    /// </summary>
    public static LatencySample Pool(IReadOnlyList<LatencySample> samples) =>
        new(samples[0].Target, samples[0].FirstRun, [.. samples.SelectMany(s => s.LatenciesMs)]);
}
