using System;
using System.IO;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Models;
using LitDsl.Onnx;
using LitDsl.Runtime;
using LitDsl.Runtime.Tensors;
using Xunit;

namespace LitDsl.Cli.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public void Run_writes_the_logits_of_litv2_s_for_a_batch_of_two()
    {
        using var temp = new TempDirectory();
        var input = temp.File("x.npy");
        var output = temp.File("y.npy");
        NpyFile.Write(input, RandomTensor([2, 3, 224, 224], seed: 1));

        var result = CliResult.Of("run", "litv2-s", "--input", input, "--output", output, "--threads", "2");

        Assert.True(result.ExitCode == 0, result.Error);
        var logits = NpyFile.Read(output);
        Assert.Equal([2, 1000], logits.Shape);
        Assert.All(logits.Data, v => Assert.True(float.IsFinite(v)));
        Assert.Contains("output [2, 1000]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_gives_what_a_session_on_the_seeded_export_gives()
    {
        using var temp = new TempDirectory();
        var model = LitModelCatalog.Get("hilo-demo");
        var batch = RandomTensor([3, .. model.InputShape], seed: 2);
        NpyFile.Write(temp.File("x.npy"), batch);

        var result = CliResult.Of("run", "hilo-demo", "-i", temp.File("x.npy"), "-o", temp.File("y.npy"), "--seed", "7", "--provider", "cpu");

        Assert.True(result.ExitCode == 0, result.Error);
        var builder = new GraphBuilder(model.Name, new SeededWeights(7));
        model.Build(builder);
        using var session = InferenceSession.Create(OnnxWriter.Write(builder.Finish()), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        var expected = session.Run(batch.Data, batch.Shape);
        var actual = NpyFile.Read(temp.File("y.npy"));
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Data, actual.Data);
    }

    [Fact]
    public void An_input_of_the_wrong_shape_is_one_error_naming_the_file_and_both_shapes()
    {
        using var temp = new TempDirectory();
        NpyFile.Write(temp.File("x.npy"), RandomTensor([1, 3, 200, 200], seed: 3));

        var result = CliResult.Of("run", "litv2-s", "-i", temp.File("x.npy"), "-o", temp.File("y.npy"));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains("x.npy", line, StringComparison.Ordinal);
        Assert.Contains("[1, 3, 200, 200]", line, StringComparison.Ordinal);
        Assert.Contains("[N, 3, 224, 224]", line, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("y.npy")));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public void A_bad_input_file_is_one_error_naming_it(string kind)
    {
        using var temp = new TempDirectory();
        var input = temp.File("x.npy");
        if (kind != "missing")
        {
            NpyFile.Write(input, RandomTensor([1, 3, 224, 224], seed: 4));
            var bytes = File.ReadAllBytes(input);
            File.WriteAllBytes(input, kind == "garbage" ? bytes.Select(b => (byte)(b ^ 0x5A)).ToArray() : bytes[..(bytes.Length / 2)]);
        }

        var result = CliResult.Of("run", "litv2-s", "-i", input, "-o", temp.File("y.npy"));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("x.npy", line, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("y.npy")));
    }

    [Fact]
    public void A_start_up_cache_entry_swapped_for_another_models_is_rebuilt_with_one_warning_line()
    {
        using var temp = new TempDirectory();
        var model = LitModelCatalog.Get("hilo-demo");
        NpyFile.Write(temp.File("x.npy"), RandomTensor([1, .. model.InputShape], seed: 5));
        string cache = temp.File("cache");
        CliResult Run(ulong seed, string output) =>
            CliResult.Of("run", "hilo-demo", "-i", temp.File("x.npy"), "-o", temp.File(output), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--provider", "cpu", "--cache", cache);
        Assert.Equal(0, Run(1, "a.npy").ExitCode);
        string entryA = Assert.Single(Directory.GetFiles(Path.Combine(cache, "ort"), "*.onnx"));
        Assert.Equal(0, Run(2, "b.npy").ExitCode);
        string entryB = Assert.Single(Directory.GetFiles(Path.Combine(cache, "ort"), "*.onnx"), e => e != entryA);
        File.Copy(entryB, entryA, overwrite: true);

        var again = Run(1, "c.npy");

        Assert.Equal(0, again.ExitCode);
        string line = Assert.Single(again.Error.TrimEnd().Split('\n'));
        Assert.StartsWith($"warning: start-up cache entry {entryA} was not used and is rebuilt: its content is not what was saved there", line, StringComparison.Ordinal);
        Assert.Equal(NpyFile.Read(temp.File("a.npy")).Data, NpyFile.Read(temp.File("c.npy")).Data);
        Assert.NotEqual(NpyFile.Read(temp.File("b.npy")).Data, NpyFile.Read(temp.File("c.npy")).Data);
    }

    private static FloatTensor RandomTensor(int[] shape, int seed)
    {
        var random = new Random(seed);
        var data = new float[FloatTensor.ElementCount(shape)];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return new FloatTensor(shape, data);
    }
}
