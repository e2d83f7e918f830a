using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Runtime;

namespace LitDsl.Cli.Benchmarking;

/// <summary>
/// The machine's practical arithmetic limit for these models: GFLOP/s of one large float32 MatMul
/// ([1, 1024, 1024] × [1024, 1024], weight constant so ORT pre-packs it, as it does the models' weights), built with
/// <see cref="GraphBuilder"/> and run by the same ONNX Runtime, provider and threads as the models. A model's
/// <c>MACs × 2 × images/s ÷ ceiling</c> says how close it gets to running nothing but matrix products. Under
/// <see cref="CpuParallelism.Batch"/> the threads are used as the models use them: one single-threaded MatMul per
/// thread, all at once (a batch of one MatMul per part).
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
    private static BenchmarkTarget Open(InferenceOptions options)
    {
        var created = Stopwatch.StartNew();
        // The ceiling's own session: a start-up cache warning about it is of no use to anyone.
        var session = ModelSessions.Open(Model(), options, TextWriter.Null);
        var shape = new[] { session.BatchParts, Size, Size };
        return new BenchmarkTarget("matmul-ceiling", session, created.Elapsed, RandomBatch.Create(shape, 0), shape, Macs);
    }

    /// <summary>
    /// The MatMul's sessions for every way <paramref name="options"/> can use its threads: ORT's operator threading
    /// always, and under <see cref="CpuParallelism.Batch"/> also one single-threaded MatMul per thread at once. The
    /// machine's limit is the faster of the two (<see cref="Best"/>), so a model is never measured against a limit
    /// lowered by its own way of threading.
    /// </summary>
    public static BenchmarkTarget[] OpenForms(InferenceOptions options) =>
        options.Parallelism == CpuParallelism.Batch
            ? [Open(options with { Parallelism = CpuParallelism.Operators }), Open(options)]
            : [Open(options)];

    /// <summary>
    /// The ceiling from the MatMul's runs in several groups of interleaved rounds (one group per model timed), so the
    /// limit is measured in the same spells of machine load as the models it is compared with: each form's runs
    /// pooled, and the form with the higher rate kept.
    /// </summary>
    public static LatencySample Best(IReadOnlyList<LatencySample> samples) =>
        samples.GroupBy(s => s.Target)
            .Select(form => new LatencySample(form.Key, form.First().FirstRun, [.. form.SelectMany(s => s.LatenciesMs)]))
            .MaxBy(pooled => pooled.GigaFlopsPerSecond)!;
}
