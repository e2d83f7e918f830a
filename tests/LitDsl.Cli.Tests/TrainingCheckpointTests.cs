using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using LitDsl.Runtime.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace LitDsl.Cli.Tests;

/// <summary>
/// A checkpoint saved the way the reference's <c>save_checkpoint</c> saves it — the stepped model's state_dict, AdamW
/// state, the scheduler's dict, epoch, max_accuracy, a yacs CfgNode config and an amp dict
/// (tools/reference/make_checkpoints.py) — runs with the reference logits, is listed by <c>inspect</c>, and converts to
/// safetensors that give the same logits.
/// </summary>
public sealed class TrainingCheckpointTests(ITestOutputHelper log)
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "checkpoints", name);

    private static readonly string Checkpoint = Fixture("checkpoint-litv2-train.pth");

    [Fact]
    public void Run_gives_the_reference_logits_within_1e_4()
    {
        using var temp = new TempDirectory();
        var io = SafetensorsFile.Read(Fixture("checkpoint-litv2-train.io.safetensors")).Tensors;
        NpyFile.Write(temp.File("x.npy"), io["input"]);

        var result = CliResult.Of("run", "checkpoint-litv2", "-i", temp.File("x.npy"), "-o", temp.File("y.npy"), "--weights", Checkpoint, "--provider", "cpu");

        Assert.True(result.ExitCode == 0, result.Error);
        var logits = NpyFile.Read(temp.File("y.npy"));
        var expected = io["output"];
        Assert.Equal(expected.Shape, logits.Shape);
        double maxDifference = logits.Data.Zip(expected.Data, (a, b) => Math.Abs((double)a - b)).Max();
        double maxReference = expected.Data.Max(v => Math.Abs((double)v));
        log.WriteLine($"checkpoint-litv2-train.pth: relative error {maxDifference / maxReference:E3} (max |Δ| / max |reference|)");
        Assert.True(maxDifference / maxReference < 1e-4, $"relative error {maxDifference / maxReference:E3}");
    }

    [Fact]
    public void Convert_gives_safetensors_with_the_same_logits()
    {
        using var temp = new TempDirectory();
        var io = SafetensorsFile.Read(Fixture("checkpoint-litv2-train.io.safetensors")).Tensors;
        NpyFile.Write(temp.File("x.npy"), io["input"]);

        var conversion = CliResult.Of("convert", Checkpoint, temp.File("w.safetensors"));
        var fromCheckpoint = CliResult.Of("run", "checkpoint-litv2", "-i", temp.File("x.npy"), "-o", temp.File("a.npy"), "-w", Checkpoint, "--provider", "cpu");
        var fromSafetensors = CliResult.Of("run", "checkpoint-litv2", "-i", temp.File("x.npy"), "-o", temp.File("b.npy"), "-w", temp.File("w.safetensors"), "--provider", "cpu");

        Assert.True(conversion.ExitCode == 0, conversion.Error);
        Assert.Contains("104 tensors", conversion.Output, StringComparison.Ordinal);
        Assert.Contains("(state_dict under 'model')", conversion.Output, StringComparison.Ordinal);
        Assert.True(fromCheckpoint.ExitCode == 0 && fromSafetensors.ExitCode == 0, fromCheckpoint.Error + fromSafetensors.Error);
        Assert.Equal(NpyFile.Read(temp.File("a.npy")).Data, NpyFile.Read(temp.File("b.npy")).Data);
    }

    [Fact]
    public void Inspect_lists_every_entry_with_its_type_the_tensors_and_the_model_it_binds_to()
    {
        var result = CliResult.Of("inspect", Checkpoint);

        Assert.True(result.ExitCode == 0, result.Error);
        string[] lines = result.Output.Split('\n');
        Assert.Equal($"{Checkpoint}: PyTorch checkpoint (torch.save zip), {new FileInfo(Checkpoint).Length:N0} bytes", lines[0]);
        Assert.Equal("entries:", lines[1]);
        Assert.Equal(
        [
            "model         dict, 107 entries — the state_dict",
            "optimizer     dict, 2 entries",
            "lr_scheduler  dict, 20 entries",
            "max_accuracy  float 12.5",
            "epoch         int 0",
            "config        yacs.config.CfgNode (recorded instance, nothing run), 15 entries",
            "amp           dict, 1 entry",
        ], lines[2..9].Select(l => l.Trim()));
        Assert.StartsWith("state_dict under 'model': 107 tensors, 97,493 parameters", lines[9], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["patch_embed.proj.weight", "float32", "[8,", "3,", "4,", "4]", "1,536"]);
        Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["layers.0.downsample.norm_layer.num_batches_tracked", "int64", "[]", "8"]);
        // The backbone of the same architecture binds the classification checkpoint too, as the reference's load does.
        Assert.Equal("binds to: checkpoint-litv2, tiny-backbone-from-checkpoint", lines[^2]);
    }

    [Fact]
    public void Inspect_json_has_the_same_figures()
    {
        var result = CliResult.Of("inspect", Checkpoint, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("pytorch", root.GetProperty("format").GetString());
        var config = root.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("key").GetString() == "config");
        Assert.Equal("yacs.config.CfgNode", config.GetProperty("type").GetString());
        Assert.Equal("instance", config.GetProperty("recorded").GetString());
        var stateDict = root.GetProperty("stateDict");
        Assert.Equal("model", stateDict.GetProperty("location").GetString());
        Assert.Equal(107, stateDict.GetProperty("tensorCount").GetInt32());
        Assert.Equal(97_493, stateDict.GetProperty("parameters").GetInt64());
        var first = stateDict.GetProperty("tensors")[0];
        Assert.Equal("patch_embed.proj.weight", first.GetProperty("name").GetString());
        Assert.Equal([8, 3, 4, 4], first.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(["checkpoint-litv2", "tiny-backbone-from-checkpoint"], root.GetProperty("bindsTo").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("stateDictProblem").ValueKind);
    }

    [Fact]
    public void Inspect_shows_a_checkpoint_without_a_state_dict_and_names_what_is_in_the_way()
    {
        var result = CliResult.Of("inspect", Fixture("hostile-os-system.pth"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("  model  dict, 1 entry\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("no state_dict found: its top level has the keys 'model'; under 'model', 'weight' is a call of posix.system, not a tensor", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/litdsl-pwned"));
    }

    [Fact]
    public void Inspect_shows_a_safetensors_files_metadata_and_tensors()
    {
        using var temp = new TempDirectory();
        CliResult.Of("convert", Fixture("dtypes.pth"), temp.File("d.safetensors"));

        var result = CliResult.Of("inspect", temp.File("d.safetensors"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(": safetensors, ", result.Output, StringComparison.Ordinal);
        Assert.Contains("metadata:\n  format  str pt\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("state_dict: 11 tensors, 66 parameters", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("binds to no declared model\n", result.Output, StringComparison.Ordinal);
    }
}
