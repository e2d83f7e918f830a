using System;
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

    /// <summary>Times the MatMul with <paramref name="policy"/> and returns its sample (MACs per sample = <see cref="Macs"/>).</summary>
    public static LatencySample Measure(InferenceOptions options, SamplingPolicy policy)
    {
        var created = Stopwatch.StartNew();
        var session = ModelSessions.Open(Model(), options);
        var shape = new[] { 1, Size, Size };
        var target = new BenchmarkTarget("matmul-ceiling", session, created.Elapsed, RandomBatch.Create(shape, 0), shape, Macs);
        try
        {
            return LatencySampler.Sample([target], policy)[0];
        }
        finally
        {
            session.Dispose();
        }
    }
}
