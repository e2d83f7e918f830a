using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LitDsl.Graph;
using LitDsl.Models;
using LitDsl.Onnx;
using LitDsl.Runtime;
using LitDsl.Runtime.Tensors;
using LitDsl.Runtime.Weights;
using Xunit;
using Xunit.Abstractions;

namespace LitDsl.Tests.Parity;

/// <summary>
/// A checkpoint exactly as <c>torch.save({'model': model.state_dict()}, path)</c> writes it for the reference LITv2
/// (random weights, non-zero deformable offsets, random BatchNorm statistics; tools/reference/make_checkpoints.py),
/// bound by name to the generated graph, gives the reference's logits on ONNX Runtime; converted to safetensors it
/// gives the same logits bit for bit; and a file that does not fit is refused with every bad key at once.
/// </summary>
public sealed class CheckpointParityTests(ITestOutputHelper log) : IDisposable
{
    private const double Tolerance = 1e-4;
    private readonly string _directory = Directory.CreateTempSubdirectory("litdsl-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "checkpoints", name);

    private static LitModelInfo Model => LitModelCatalog.Get("checkpoint-litv2");

    [Fact]
    public void A_torch_save_checkpoint_gives_the_reference_logits_within_1e_4()
    {
        var io = SafetensorsFile.Read(FixturePath("checkpoint-litv2.io.safetensors")).Tensors;
        using var json = JsonDocument.Parse(File.ReadAllText(FixturePath("checkpoint-litv2.json")));

        using var weights = ModelWeights.Load(FixturePath("checkpoint-litv2.pth"), Model);
        var output = Run(weights, io["input"]);

        Assert.Equal(WeightFileFormat.PyTorch, weights.File.Format);
        Assert.Equal("model", weights.File.StateDictLocation);
        Assert.Equal(json.RootElement.GetProperty("parameters").GetInt64(), Model.Parameters);
        Assert.Equal(io["output"].Shape, output.Shape);
        var error = ReferenceParityTests.RelativeError(output.Data, io["output"].Data);
        log.WriteLine($"checkpoint-litv2.pth: relative error {error:E3} (max |Δ| / max |reference|)");
        Assert.True(error < Tolerance, $"relative error {error:E3}");
    }

    [Fact]
    public void Converting_to_safetensors_keeps_the_logits_bit_for_bit()
    {
        var input = SafetensorsFile.Read(FixturePath("checkpoint-litv2.io.safetensors")).Tensors["input"];
        var converted = Path.Combine(_directory, "converted.safetensors");

        var summary = WeightConversion.ToSafetensors(FixturePath("checkpoint-litv2.pth"), converted);
        float[] fromCheckpoint, fromSafetensors;
        using (var weights = ModelWeights.Load(FixturePath("checkpoint-litv2.pth"), Model))
            fromCheckpoint = Run(weights, input).Data;
        using (var weights = ModelWeights.Load(converted, Model))
            fromSafetensors = Run(weights, input).Data;

        Assert.Equal(ModelWeights.ExpectedTensors(Model).Count, summary.Tensors);
        Assert.Equal(3, summary.Skipped.Count);
        Assert.All(summary.Skipped, name => Assert.EndsWith(".num_batches_tracked", name, StringComparison.Ordinal));
        Assert.Equal(fromCheckpoint, fromSafetensors);
    }

    [Fact]
    public void A_state_dict_saved_from_a_DataParallel_model_binds_behind_its_module_prefix()
    {
        var input = SafetensorsFile.Read(FixturePath("checkpoint-litv2.io.safetensors")).Tensors["input"];
        var plain = WriteConverted();
        var tensors = SafetensorsFile.Read(plain).Tensors;
        var wrapped = Path.Combine(_directory, "data-parallel.safetensors");
        SafetensorsFile.Write(wrapped, tensors.ToDictionary(t => ModelWeights.DataParallelPrefix + t.Key, t => t.Value));

        float[] fromPlain, fromWrapped;
        using (var weights = ModelWeights.Load(plain, Model))
        {
            Assert.Equal("", weights.KeyPrefix);
            fromPlain = Run(weights, input).Data;
        }
        using (var weights = ModelWeights.Load(wrapped, Model))
        {
            Assert.Equal("module.", weights.KeyPrefix);
            fromWrapped = Run(weights, input).Data;
        }
        Assert.Equal(fromPlain, fromWrapped);

        // Only a prefix on every key counts: one unprefixed key leaves the others unexpected, named as in the file.
        var mixed = tensors.ToDictionary(t => t.Key == "head.bias" ? t.Key : ModelWeights.DataParallelPrefix + t.Key, t => t.Value);
        var mixedPath = Path.Combine(_directory, "mixed.safetensors");
        SafetensorsFile.Write(mixedPath, mixed);
        var error = Assert.Throws<WeightBindingException>(() => ModelWeights.Load(mixedPath, Model));
        Assert.Contains("module.head.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_does_not_fit_lists_every_bad_key_with_both_shapes()
    {
        var tensors = SafetensorsFile.Read(WriteConverted()).Tensors.ToDictionary(t => t.Key, t => t.Value);
        tensors.Remove("head.weight");
        tensors["norm.weight"] = new FloatTensor([63], new float[63]);
        tensors["layers.1.blocks.0.mlp.fc9.weight"] = tensors["layers.1.blocks.0.mlp.fc1.weight"];
        tensors.Remove("layers.1.blocks.0.mlp.fc1.weight");
        tensors["extra.bias"] = new FloatTensor([3], new float[3]);
        tensors["layers.0.downsample.norm_layer.num_batches_tracked"] = new FloatTensor([], [1234]);
        var bad = Path.Combine(_directory, "bad.safetensors");
        SafetensorsFile.Write(bad, tensors);

        var error = Assert.Throws<WeightBindingException>(() => ModelWeights.Load(bad, Model));

        Assert.Equal(["head.weight [10, 64]", "layers.1.blocks.0.mlp.fc1.weight [64, 16]"], error.Missing.Select(m => m.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["extra.bias [3]", "layers.1.blocks.0.mlp.fc9.weight [64, 16]"], error.Unexpected.Select(u => u.ToString()).Order(StringComparer.Ordinal));
        var wrong = Assert.Single(error.WrongShapes);
        Assert.Equal("norm.weight (file [63], model [64])", wrong.ToString());
        Assert.Contains("bad.safetensors: does not fit model 'checkpoint-litv2' (2 missing, 2 unexpected, 1 wrongly shaped)", error.Message, StringComparison.Ordinal);
        Assert.Contains("norm.weight (file [63], model [64])", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_graph_asks_for_exactly_the_reference_state_dict_less_the_batch_counters()
    {
        using var file = WeightFile.Open(FixturePath("checkpoint-litv2.pth"));

        var expected = ModelWeights.ExpectedTensors(Model);

        var stored = file.Tensors.Where(t => !t.Key.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
            .Select(t => $"{t.Key} [{string.Join(", ", t.Value.Shape)}]").Order(StringComparer.Ordinal);
        Assert.Equal(stored, expected.Select(e => e.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains(expected, e => e.Name == "layers.2.downsample.norm_layer.running_var");
    }

    private string WriteConverted()
    {
        var path = Path.Combine(_directory, "good.safetensors");
        WeightConversion.ToSafetensors(FixturePath("checkpoint-litv2.pth"), path);
        return path;
    }

    private static FloatTensor Run(IWeightSource weights, FloatTensor input)
    {
        var builder = new GraphBuilder(Model.Name, weights);
        Model.Build(builder);
        var graph = builder.Finish();
        using var session = InferenceSession.Create(OnnxWriter.Write(graph),
            new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 });
        var result = session.Run(input.Data, input.Shape);
        return new FloatTensor(result.Shape, result.Data);
    }
}
