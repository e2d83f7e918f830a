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
    private InferenceSession _session = null!;
    private float[] _input = null!;
    private float[] _output = null!;
    private int[] _shape = null!;

    [Params(1, 2, 4)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var graph = new GraphBuilder("hilo-demo", new SeededWeights(0));
        var x = graph.Input("input", 14 * 14, 384);
        graph.Output(MixerLayer.Build(graph, x, 14, 14, new MixerSpec(Mixer.HiLo, 12, 6, 2, ReductionRatio: 0, QkvBias: false)), "output");
        _session = InferenceSession.Create(OnnxWriter.Write(graph.Finish()),
            new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1, InterOpThreads = 1 });
        _shape = [Batch, 196, 384];
        _input = new float[Batch * 196 * 384];
        for (var i = 0; i < _input.Length; i++) _input[i] = (i % 97) / 97f - 0.5f;
        _output = new float[_input.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(Description = "Run hilo-demo")]
    public int[] Run() => _session.Run(_input, _shape, _output);
}
