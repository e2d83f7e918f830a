using LitDsl.Graph;
using LitDsl.Onnx;

namespace LitDsl.Runtime.Tests;

/// <summary>The opt-in start-up cache: save ORT's optimised model on the first start, load it on the next.</summary>
public sealed class StartupCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("litdsl-cache-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A conv + GELU + linear graph: ORT rewrites it (NCHWc layout, reordered weights), unlike a bare Mul/Add.</summary>
    private static byte[] ConvModel(ulong seed)
    {
        var graph = new GraphBuilder("cache-test", new SeededWeights(seed));
        var x = graph.Input("input", 16, 8, 8);
        var weight = graph.Parameter("conv.weight", [16, 16, 3, 3], ParameterInit.UniformFanIn(144));
        var bias = graph.Parameter("conv.bias", [16], ParameterInit.UniformFanIn(144));
        var y = graph.Gelu(graph.Conv(x, weight, bias, kernel: 3, stride: 1, padding: 1));
        y = graph.Linear(graph.Reshape(y, GraphBuilder.Batch, 16 * 64), graph.Parameter("fc.weight", [10, 1024], ParameterInit.TruncatedNormal(0.02)), null);
        graph.Output(y, "output");
        return OnnxWriter.Write(graph.Finish());
    }

    private InferenceOptions Options => new() { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1, CacheDirectory = _root };

    private static float[] Input() => Enumerable.Range(0, 2 * 16 * 64).Select(i => MathF.Sin(i * 0.37f)).ToArray();

    private string[] Entries() => Directory.Exists(Path.Combine(_root, "ort")) ? Directory.GetFiles(Path.Combine(_root, "ort"), "*.onnx") : [];

    private string[] AllFiles() => Directory.Exists(Path.Combine(_root, "ort")) ? Directory.GetFiles(Path.Combine(_root, "ort")) : [];

    [Fact]
    public void First_start_saves_the_optimised_model_and_the_second_loads_it_with_the_same_results()
    {
        byte[] model = ConvModel(1);
        float[] first, second;
        using (var session = InferenceSession.Create(model, Options))
        {
            Assert.Equal(StartupCacheState.Saved, session.StartupCache);
            first = session.Run(Input(), [2, 16, 8, 8]).Data;
        }
        string entry = Assert.Single(Entries());
        Assert.EndsWith(".onnx", entry);
        Assert.NotEqual(model, File.ReadAllBytes(entry)); // ORT's rewritten graph, not a copy of ours

        using (var session = InferenceSession.Create(model, Options))
        {
            Assert.Equal(StartupCacheState.Loaded, session.StartupCache);
            second = session.Run(Input(), [2, 16, 8, 8]).Data;
        }
        Assert.Equal(first, second);
        Assert.Single(Entries());
    }

    [Fact]
    public void Different_models_get_different_entries_and_no_cache_means_no_files()
    {
        using (var a = InferenceSession.Create(ConvModel(1), Options)) Assert.Equal(StartupCacheState.Saved, a.StartupCache);
        using (var b = InferenceSession.Create(ConvModel(2), Options)) Assert.Equal(StartupCacheState.Saved, b.StartupCache);
        Assert.Equal(2, Entries().Length);

        using var uncached = InferenceSession.Create(ConvModel(3), Options with { CacheDirectory = null });
        Assert.Equal(StartupCacheState.NotUsed, uncached.StartupCache);
        Assert.Equal(2, Entries().Length);
    }

    [Fact]
    public void A_damaged_entry_is_replaced_and_leaves_no_temporary_files()
    {
        byte[] model = ConvModel(1);
        using (InferenceSession.Create(model, Options)) { }
        string entry = Assert.Single(Entries());
        File.WriteAllBytes(entry, [1, 2, 3, 4]);

        using (var session = InferenceSession.Create(model, Options))
        {
            Assert.Equal(StartupCacheState.Rebuilt, session.StartupCache);
            Assert.Contains("its content is not what was saved there", session.StartupCacheWarning, StringComparison.Ordinal);
            Assert.Equal(10, session.Run(Input(), [2, 16, 8, 8]).Shape[1]);
        }
        Assert.Equal(entry, Assert.Single(Entries()));
        Assert.True(new FileInfo(entry).Length > 4);
        Assert.Equal([entry, entry + ".sha256"], AllFiles().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("entry")]
    [InlineData("entry and record")]
    [InlineData("entry, no record")]
    public void An_entry_swapped_for_another_models_is_rebuilt_with_a_warning_never_run(string swapped)
    {
        byte[] modelA = ConvModel(1), modelB = ConvModel(2);
        float[] expected;
        using (var a = InferenceSession.Create(modelA, Options)) expected = a.Run(Input(), [2, 16, 8, 8]).Data;
        string entryA = Assert.Single(Entries());
        using (InferenceSession.Create(modelB, Options)) { }
        string entryB = Assert.Single(Entries(), e => e != entryA);
        File.Copy(entryB, entryA, overwrite: true);
        if (swapped == "entry and record") File.Copy(entryB + ".sha256", entryA + ".sha256", overwrite: true);
        if (swapped == "entry, no record") File.Delete(entryA + ".sha256");

        using (var session = InferenceSession.Create(modelA, Options))
        {
            Assert.Equal(StartupCacheState.Rebuilt, session.StartupCache);
            Assert.StartsWith($"start-up cache entry {entryA} was not used and is rebuilt: ", session.StartupCacheWarning, StringComparison.Ordinal);
            Assert.Equal(expected, session.Run(Input(), [2, 16, 8, 8]).Data);
        }
        using (var again = InferenceSession.Create(modelA, Options))
        {
            Assert.Equal(StartupCacheState.Loaded, again.StartupCache);
            Assert.Null(again.StartupCacheWarning);
            Assert.Equal(expected, again.Run(Input(), [2, 16, 8, 8]).Data);
        }
    }
}
