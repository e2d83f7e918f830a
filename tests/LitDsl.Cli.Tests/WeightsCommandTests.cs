using System;
using System.IO;
using System.Linq;
using LitDsl.Runtime;
using LitDsl.Runtime.Tensors;
using Xunit;

namespace LitDsl.Cli.Tests;

/// <summary>
/// <c>run --weights</c>, <c>export --weights</c> and <c>convert</c> on the reference checkpoint fixture
/// (tests/LitDsl.Tests/Fixtures/checkpoints, model <c>checkpoint-litv2</c>), and their one-line errors.
/// </summary>
public sealed class WeightsCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "checkpoints", name);

    [Fact]
    public void Run_with_a_torch_save_checkpoint_gives_the_reference_logits()
    {
        using var temp = new TempDirectory();
        var expected = SafetensorsFile.Read(Fixture("checkpoint-litv2.io.safetensors")).Tensors["output"];

        var result = CliResult.Of("run", "checkpoint-litv2", "-i", Fixture("checkpoint-litv2.input.npy"), "-o", temp.File("y.npy"),
            "--weights", Fixture("checkpoint-litv2.pth"), "--provider", "cpu");

        Assert.True(result.ExitCode == 0, result.Error);
        var logits = NpyFile.Read(temp.File("y.npy"));
        Assert.Equal(expected.Shape, logits.Shape);
        var maxDifference = logits.Data.Zip(expected.Data, (a, b) => Math.Abs((double)a - b)).Max();
        var maxReference = expected.Data.Max(v => Math.Abs((double)v));
        Assert.True(maxDifference / maxReference < 1e-4, $"relative error {maxDifference / maxReference:E3}");
    }

    [Fact]
    public void Convert_then_run_gives_the_same_logits_as_the_checkpoint()
    {
        using var temp = new TempDirectory();
        var converted = temp.File("w.safetensors");

        var conversion = CliResult.Of("convert", Fixture("checkpoint-litv2.pth"), converted);
        var fromCheckpoint = CliResult.Of("run", "checkpoint-litv2", "-i", Fixture("checkpoint-litv2.input.npy"), "-o", temp.File("a.npy"),
            "-w", Fixture("checkpoint-litv2.pth"), "--provider", "cpu");
        var fromSafetensors = CliResult.Of("run", "checkpoint-litv2", "-i", Fixture("checkpoint-litv2.input.npy"), "-o", temp.File("b.npy"),
            "-w", converted, "--provider", "cpu");

        Assert.True(conversion.ExitCode == 0, conversion.Error);
        Assert.Contains($"wrote {converted}: 104 tensors, {new FileInfo(converted).Length:N0} bytes, float32, from checkpoint-litv2.pth (state_dict under 'model'); left out 3 integer tensors",
            conversion.Output, StringComparison.Ordinal);
        Assert.True(fromCheckpoint.ExitCode == 0 && fromSafetensors.ExitCode == 0, fromCheckpoint.Error + fromSafetensors.Error);
        Assert.Equal(NpyFile.Read(temp.File("a.npy")).Data, NpyFile.Read(temp.File("b.npy")).Data);
    }

    [Fact]
    public void Export_with_weights_embeds_them()
    {
        using var temp = new TempDirectory();
        var input = NpyFile.Read(Fixture("checkpoint-litv2.input.npy"));

        var export = CliResult.Of("export", "checkpoint-litv2", "-o", temp.File("m.onnx"), "--weights", Fixture("checkpoint-litv2.pth"));
        var run = CliResult.Of("run", "checkpoint-litv2", "-i", Fixture("checkpoint-litv2.input.npy"), "-o", temp.File("y.npy"),
            "-w", Fixture("checkpoint-litv2.pth"), "--provider", "cpu");

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("parameters from checkpoint-litv2.pth", export.Output, StringComparison.Ordinal);
        using var session = InferenceSession.Create(File.ReadAllBytes(temp.File("m.onnx")), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        Assert.Equal(NpyFile.Read(temp.File("y.npy")).Data, session.Run(input.Data, input.Shape).Data);
    }

    [Theory]
    [InlineData("wrong-model", "does not fit model 'hilo-demo' (")]
    [InlineData("hostile", "'weight' is a call of posix.system, not a tensor")]
    [InlineData("legacy", "torch.save(torch.load('old.pth'), 'new.pth')")]
    [InlineData("missing", "does not exist")]
    public void Bad_weights_are_one_error_line_and_nothing_is_written(string kind, string expected)
    {
        using var temp = new TempDirectory();
        var (model, weights) = kind switch
        {
            "wrong-model" => ("hilo-demo", Fixture("checkpoint-litv2.pth")),
            "hostile" => ("checkpoint-litv2", Fixture("hostile-os-system.pth")),
            "legacy" => ("checkpoint-litv2", Fixture("dtypes.legacy.pth")),
            _ => ("checkpoint-litv2", temp.File("none.pth")),
        };
        NpyFile.Write(temp.File("x.npy"), new FloatTensor([1, .. Models.LitModelCatalog.Get(model).InputShape],
            new float[Models.LitModelCatalog.Get(model).InputShape.Aggregate(1, (a, d) => a * d)]));

        var result = CliResult.Of("run", model, "-i", temp.File("x.npy"), "-o", temp.File("y.npy"), "--weights", weights);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("y.npy")));
    }

    [Fact]
    public void Convert_refuses_a_hostile_checkpoint_and_writes_nothing()
    {
        using var temp = new TempDirectory();

        var result = CliResult.Of("convert", Fixture("hostile-os-system.pth"), temp.File("out.safetensors"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'weight' is a call of posix.system, not a tensor", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Theory]
    [InlineData("convert", "in.pth", "out.bin")]
    [InlineData("bench", "litv2-s", "hilo-demo", "--weights", "w.pth")]
    public void Misuse_is_a_usage_error(params string[] args)
    {
        var result = CliResult.Of(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(result.Error.TrimEnd().Split('\n')), StringComparison.Ordinal);
    }
}
