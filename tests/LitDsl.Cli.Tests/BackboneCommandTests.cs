using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LitDsl.Models;
using LitDsl.Runtime;
using LitDsl.Runtime.Tensors;
using Xunit;

namespace LitDsl.Cli.Tests;

/// <summary>
/// The command line with backbones, on the tiny reference backbones and their fixtures (Fixtures/backbones): <c>run</c>
/// writes every feature map to an .npz, <c>export</c> writes one file that runs any size (or, with <c>--size</c>, one
/// size), <c>bench --size</c> times and charges the size given, <c>report</c> lists outputs, strides and channels.
/// </summary>
public sealed class BackboneCommandTests
{
    private const double Tolerance = 1e-4;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "backbones", name);

    private static (FloatTensor Input, Dictionary<string, FloatTensor> Outputs) Case(string model, string caseName)
    {
        var io = SafetensorsFile.Read(Fixture(model + ".io.safetensors")).Tensors;
        return (io[caseName + "/input"], io.Where(t => t.Key.StartsWith(caseName + "/out", StringComparison.Ordinal))
            .ToDictionary(t => t.Key[(caseName.Length + 1)..], t => t.Value));
    }

    private static void AssertMatches(IReadOnlyList<KeyValuePair<string, FloatTensor>> actual, Dictionary<string, FloatTensor> expected)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Select(a => a.Key));
        foreach (var (name, tensor) in actual)
        {
            Assert.Equal(expected[name].Shape, tensor.Shape);
            var (difference, reference) = (0.0, 0.0);
            for (var i = 0; i < tensor.Data.Length; i++)
            {
                difference = Math.Max(difference, Math.Abs((double)tensor.Data[i] - expected[name].Data[i]));
                reference = Math.Max(reference, Math.Abs((double)expected[name].Data[i]));
            }
            Assert.True(difference / reference < Tolerance, $"{name}: relative error {difference / reference:E3}");
        }
    }

    [Fact]
    public void Run_writes_every_feature_map_to_an_npz_named_in_output_order()
    {
        using var temp = new TempDirectory();
        var (input, expected) = Case("tiny-backbone-ws4", "2x50x87");
        NpyFile.Write(temp.File("x.npy"), input);

        var result = CliResult.Of("run", "tiny-backbone-ws4", "--weights", Fixture("tiny-backbone-ws4.weights.safetensors"),
            "-i", temp.File("x.npy"), "-o", temp.File("maps.npz"), "--provider", "cpu", "--threads", "1");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertMatches(NpzFile.Read(temp.File("maps.npz")), expected);
        Assert.Contains("outputs out0 [2, 8, 13, 22], out1 [2, 16, 6, 11], out2 [2, 32, 3, 5], out3 [2, 64, 1, 2]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_binds_a_classification_checkpoint_to_a_backbone_with_a_note_saying_what_the_reference_does()
    {
        using var temp = new TempDirectory();
        var (input, expected) = Case("tiny-backbone-from-checkpoint", "2x50x87");
        NpyFile.Write(temp.File("x.npy"), input);
        var checkpoint = Path.Combine(AppContext.BaseDirectory, "Fixtures", "checkpoints", "checkpoint-litv2.pth");

        var result = CliResult.Of("run", "tiny-backbone-from-checkpoint", "--weights", checkpoint, "-i", temp.File("x.npy"),
            "-o", temp.File("maps.npz"), "--provider", "cpu");

        Assert.True(result.ExitCode == 0, result.Error);
        AssertMatches(NpzFile.Read(temp.File("maps.npz")), expected);
        var note = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("note: ", note, StringComparison.Ordinal);
        Assert.Contains("checkpoint-litv2.pth binds to backbone tiny-backbone-from-checkpoint as a classification checkpoint; ignored ", note, StringComparison.Ordinal);
        Assert.All(["head.weight", "head.bias", "norm.weight", "norm.bias"], key => Assert.Contains(key, note, StringComparison.Ordinal));
        Assert.EndsWith("(the classifier's norm and head); norm1, norm2, norm3 are not in it and start at weight 1, bias 0, as the reference's non-strict load leaves them",
            note, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_refuses_an_npy_output_for_several_outputs_and_an_input_below_the_smallest_size()
    {
        using var temp = new TempDirectory();
        NpyFile.Write(temp.File("x.npy"), new FloatTensor([1, 3, 64, 64], new float[3 * 64 * 64]));
        var npy = CliResult.Of("run", "tiny-backbone", "-i", temp.File("x.npy"), "-o", temp.File("y.npy"));
        Assert.Equal(2, npy.ExitCode);
        Assert.Contains("tiny-backbone has 4 outputs (out0, out1, out2, out3); write them to an .npz file", npy.Error, StringComparison.Ordinal);

        NpyFile.Write(temp.File("small.npy"), new FloatTensor([1, 3, 28, 64], new float[3 * 28 * 64]));
        var small = CliResult.Of("run", "tiny-backbone", "-i", temp.File("small.npy"), "-o", temp.File("y.npz"));
        Assert.Equal(1, small.ExitCode);
        Assert.Contains("takes [N, 3, H, W] with H and W from 29 to 8192", small.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("y.npz")));
    }

    [Fact]
    public void One_exported_file_runs_at_two_sizes_in_one_session()
    {
        using var temp = new TempDirectory();
        var result = CliResult.Of("export", "tiny-backbone", "--weights", Fixture("tiny-backbone.weights.safetensors"), "-o", temp.File("b.onnx"));
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("input [batch, 3, height, width] (any height and width from 29); outputs out0 [batch, 8, floor((height+3)/4), floor((width+3)/4)]",
            result.Output, StringComparison.Ordinal);

        using var session = InferenceSession.Create(File.ReadAllBytes(temp.File("b.onnx")), new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 });
        foreach (var caseName in new[] { "2x50x87", "1x64x96", "2x90x45" })
        {
            var (input, expected) = Case("tiny-backbone", caseName);
            AssertMatches([.. session.RunAll(input.Data, input.Shape).Select(o => new KeyValuePair<string, FloatTensor>(o.Name, new FloatTensor(o.Shape, o.Data)))], expected);
        }
    }

    [Fact]
    public void Export_with_a_size_fixes_the_input_and_checks_it()
    {
        using var temp = new TempDirectory();
        var result = CliResult.Of("export", "tiny-backbone", "--weights", Fixture("tiny-backbone.weights.safetensors"), "--size", "50x87", "-o", temp.File("b.onnx"));
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("input [batch, 3, 50, 87]; outputs out0 [batch, 8, 13, 22]", result.Output, StringComparison.Ordinal);
        using (var session = InferenceSession.Create(File.ReadAllBytes(temp.File("b.onnx")), new InferenceOptions { Provider = ExecutionProvider.Cpu }))
        {
            Assert.Equal(new long[] { -1, 3, 50, 87 }, session.InputDimensions);
            var (input, expected) = Case("tiny-backbone", "2x50x87");
            AssertMatches([.. session.RunAll(input.Data, input.Shape).Select(o => new KeyValuePair<string, FloatTensor>(o.Name, new FloatTensor(o.Shape, o.Data)))], expected);
        }

        Assert.Equal(2, CliResult.Of("export", "tiny-backbone", "--size", "28x64", "-o", temp.File("c.onnx")).ExitCode);
        Assert.Contains("--size must be HEIGHTxWIDTH", CliResult.Of("export", "tiny-backbone", "--size", "64", "-o", temp.File("c.onnx")).Error, StringComparison.Ordinal);
        var classifier = CliResult.Of("export", "checkpoint-litv2", "--size", "96x96", "-o", temp.File("c.onnx"));
        Assert.Equal(2, classifier.ExitCode);
        Assert.Contains("checkpoint-litv2 takes only 64x64 inputs (a backbone takes any size)", classifier.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("c.onnx")));
        Assert.Equal(0, CliResult.Of("export", "checkpoint-litv2", "--size", "64x64", "-o", temp.File("c.onnx")).ExitCode);
    }

    [Fact]
    public void Bench_times_a_backbone_at_the_size_given_and_charges_its_flops_there()
    {
        var result = CliResult.Of("bench", "tiny-backbone", "--size", "50x87", "--batch", "1", "--warmup", "1", "--min-runs", "1",
            "--max-runs", "2", "--seconds", "0", "--provider", "cpu", "--threads", "1", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var entry = json.RootElement.GetProperty("results")[0];
        Assert.Equal(LitModelCatalog.Get("tiny-backbone").Backbone!.FlopsAt(50, 87), entry.GetProperty("flops").GetInt64());
        Assert.Equal([3, 50, 87], entry.GetProperty("inputShape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(2, CliResult.Of("bench", "tiny-backbone", "--size", "20x87").ExitCode);
    }

    [Fact]
    public void Report_lists_every_backbone_with_its_outputs_strides_channels_and_exact_parameters()
    {
        var result = CliResult.Of("report", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        foreach (var model in LitModelCatalog.All.Where(m => m.Backbone is not null))
        {
            var entry = models[model.Name];
            Assert.Equal(model.Parameters, entry.GetProperty("parameters").GetInt64());
            Assert.Equal(model.Outputs.Select(o => (o.Name, o.Channels, o.Stride)),
                entry.GetProperty("outputs").EnumerateArray().Select(o => (o.GetProperty("name").GetString()!, o.GetProperty("channels").GetInt32(), o.GetProperty("stride").GetInt32())));
            Assert.Equal(model.Backbone!.MinimumSide, entry.GetProperty("backbone").GetProperty("minimumSide").GetInt32());
        }
        Assert.Equal(27_076_152, models["litv2-s-backbone"].GetProperty("parameters").GetInt64());
        Assert.Equal([1280, 800], models["litv2-s-backbone"].GetProperty("backbone").GetProperty("referenceSize").EnumerateArray().Select(d => d.GetInt32()));
        Assert.False(models["litv2-s"].TryGetProperty("backbone", out _));

        var table = CliResult.Of("report").Output;
        Assert.Contains("out0 96 /4 (no norm)  out1 192 /8  out2 384 /16  out3 768 /32", table, StringComparison.Ordinal);
        Assert.Contains("count the FPN and heads too", table, StringComparison.Ordinal);
    }
}
