using BenchmarkDotNet.Attributes;
using LitDsl.Blocks;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Runtime;

namespace LitDsl.Benchmarks;

/// <summary>
/// <see cref="InferenceSession.Run(System.ReadOnlySpan{float}, System.ReadOnlySpan{int}, System.Span{float})"/> on a
/// small model, the README's HiLo demo (dim 384, 12 heads, 14×14 tokens), with batches of 1, 2 and 4 on ORT CPU, one
/// thread: the fixed cost of a call (binding, tensor wrapping) against the model's own work.
/// </summary>
[MemoryDiagnoser]
public class RunBenchmarks
{
    private InferenceSession session = null!;
    private float[] input = null!;
    private float[] output = null!;
    private int[] shape = null!;

    [Params(1, 2, 4)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var graph = new GraphBuilder("hilo-demo", new SeededWeights(0));
        var x = graph.Input("input", 14 * 14, 384);
        graph.Output(MixerLayer.Build(graph, x, 14, 14, new MixerSpec(Mixer.HiLo, 12, 6, 2, ReductionRatio: 0, QkvBias: false)), "output");
        session = InferenceSession.Create(OnnxWriter.Write(graph.Finish()),
            new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1, InterOpThreads = 1 });
        shape = [Batch, 196, 384];
        input = new float[Batch * 196 * 384];
        for (var i = 0; i < input.Length; i++) input[i] = (i % 97) / 97f - 0.5f;
        output = new float[input.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => session.Dispose();

    [Benchmark(Description = "Run hilo-demo")]
    public int[] Run() => session.Run(input, shape, output);
}
