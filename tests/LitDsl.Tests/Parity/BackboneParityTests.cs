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
/// The generated backbones against the reference detection backbone (Fixtures/backbones,
/// tools/reference/make_backbone_fixtures.py): with the reference's weights, one symbolic graph, in one ONNX Runtime
/// session, gives every stage output of every fixture input (up to four sizes per file) — sizes neither the patch nor the windows divide, odd DTM inputs, non-zero deformable
/// offsets — within 1e-4 relative error; the figures equal the reference's for each input; a classification checkpoint
/// binds as the reference's non-strict load binds it.
/// </summary>
public sealed class BackboneParityTests(ITestOutputHelper log)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Fixtures() =>
        new(["tiny-backbone", "tiny-backbone-ws4", "tiny-backbone-alpha0", "tiny-backbone-alpha1-ws4", "tiny-backbone-out-1-3",
            "tiny-backbone-from-checkpoint"]);

    internal static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "backbones", name);

    private static LitModelInfo Model(string name) => LitModelCatalog.Get(name);

    /// <summary>The fixture's inputs by case name (<c>BxHxW</c>), with the reference outputs of each.</summary>
    internal static IEnumerable<(string Case, FloatTensor Input, Dictionary<string, FloatTensor> Outputs)> Cases(string name)
    {
        var io = SafetensorsFile.Read(FixturePath(name + ".io.safetensors")).Tensors;
        foreach (var input in io.Where(t => t.Key.EndsWith("/input", StringComparison.Ordinal)))
        {
            var caseName = input.Key[..^"/input".Length];
            yield return (caseName, input.Value, io.Where(t => t.Key.StartsWith(caseName + "/out", StringComparison.Ordinal))
                .ToDictionary(t => t.Key[(caseName.Length + 1)..], t => t.Value));
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Figures_equal_the_reference_at_every_input(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(FixturePath(name + ".json")));
        var model = Model(name);
        Assert.Equal(json.RootElement.GetProperty("parameters").GetInt64(), model.Parameters);
        Assert.Equal(json.RootElement.GetProperty("out_indices").EnumerateArray().Select(i => $"out{i.GetInt32()}"), model.Outputs.Select(o => o.Name));
        foreach (var entry in json.RootElement.GetProperty("cases").EnumerateArray())
        {
            var shape = entry.GetProperty("input_shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            Assert.Equal(entry.GetProperty("flops_per_image").GetInt64(), model.Backbone!.FlopsAt(shape[2], shape[3]));
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void One_symbolic_graph_gives_every_output_of_every_input_within_1e_4(string name)
    {
        var graph = FixtureWeights.BuildExactly(Model(name), SafetensorsFile.Read(FixturePath(name + ".weights.safetensors")).Tensors);

        using var outputs = new GraphOutputs(graph);
        foreach (var (caseName, input, expected) in Cases(name))
            Compare(name + " " + caseName, outputs.Run(input), expected);
    }

    [Fact]
    public void The_declared_litv2_s_backbone_asks_for_the_reference_backbone_state_dict()
    {
        // The reference detection backbone's 218 keys (num_batches_tracked left out), written by make_backbone_fixtures.py.
        var expected = File.ReadAllLines(FixturePath("litv2-s-backbone.state_dict_keys.txt")).Where(l => l.Length > 0).Order(StringComparer.Ordinal);
        var asked = ModelWeights.ExpectedTensors(Model("litv2-s-backbone")).Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(expected, asked);
    }

    [Fact]
    public void Built_at_a_fixed_size_the_graph_gives_the_same_maps()
    {
        var model = Model("tiny-backbone-ws4");
        var (caseName, input, expected) = Cases(model.Name).Single(c => c.Case == "2x50x87");
        var weights = new FixtureWeights(SafetensorsFile.Read(FixturePath(model.Name + ".weights.safetensors")).Tensors);
        var builder = new GraphBuilder(model.Name, weights);
        model.Backbone!.BuildAt(builder, 50, 87);
        var graph = builder.Finish();

        Assert.All(graph.Outputs, o => Assert.True(o.Dimensions.Skip(1).All(d => d.IsFixed), $"{o.Name} {o.ShapeText}"));
        Assert.DoesNotContain(graph.Nodes, n => n.OpType == "Shape");
        Assert.Equal(model.Backbone.FlopsAt(50, 87), graph.Flops);
        using var outputs = new GraphOutputs(graph);
        Compare(model.Name + " fixed " + caseName, outputs.Run(input), expected);
    }

    [Theory]
    [InlineData("tiny-backbone-other-mixers")]
    [InlineData("linglo-b0-backbone")]
    public void Where_no_reference_exists_the_symbolic_graph_equals_the_graph_built_at_each_size(string name)
    {
        // Window attention (padded and cropped), key-only attention, MSA, LinGlo's padded convolutions and RP-CPE: one
        // symbolic graph against a graph of static shapes built at each input's size, on the same seeded weights.
        var model = Model(name);
        var builder = new GraphBuilder(model.Name, new SeededWeights(5));
        model.Build(builder);
        using var symbolic = new GraphOutputs(builder.Finish());
        var random = new Random(5);
        foreach (var (height, width) in new[] { (61, 45), (33, 70) })
        {
            var input = new FloatTensor([1, 3, height, width], [.. Enumerable.Range(0, 3 * height * width).Select(_ => (float)(random.NextDouble() * 2 - 1))]);
            var fixedBuilder = new GraphBuilder(model.Name, new SeededWeights(5));
            model.Backbone!.BuildAt(fixedBuilder, height, width);
            var fixedGraph = fixedBuilder.Finish();
            Assert.Equal(model.Backbone.FlopsAt(height, width), fixedGraph.Flops);
            using var expected = new GraphOutputs(fixedGraph);
            var reference = expected.Run(input);
            Compare($"{name} {height}x{width}", symbolic.Run(input), reference.ToDictionary(r => r.Key, r => r.Value));
        }
    }

    [Fact]
    public void The_symbolic_graph_keeps_no_trace_of_the_size_it_was_traced_at()
    {
        // The same backbone traced at 64×96 and at 90×45 is the same ONNX file: no size of either leaked into a constant.
        byte[] Export(string name)
        {
            var builder = new GraphBuilder("tiny", new SeededWeights());
            Model(name).Build(builder);
            return OnnxWriter.Write(builder.Finish());
        }
        Assert.Equal(Export("tiny-backbone"), Export("tiny-backbone-traced-90x45"));
    }

    [Fact]
    public void The_symbolic_graph_computes_its_sizes_from_the_input_with_integer_arithmetic_only()
    {
        var builder = new GraphBuilder("tiny", new SeededWeights());
        Model("tiny-backbone-ws4").Build(builder);
        var graph = builder.Finish();
        var proto = OnnxWriter.ToProto(graph);

        Assert.Equal(["batch", "3", "height", "width"], proto.Graph.Input.Single().Type.TensorType.Shape.Dim.Select(Text));
        Assert.Equal(["batch", "8", "floor((height+3)/4)", "floor((width+3)/4)"], proto.Graph.Output[0].Type.TensorType.Shape.Dim.Select(Text));
        Assert.Equal(["batch", "64", "floor((height+3)/32)", "floor((width+3)/32)"], proto.Graph.Output[3].Type.TensorType.Shape.Dim.Select(Text));
        // Sizes come from Shape of the input alone, and are combined by integer Add, Mul, Div and Concat.
        var shapes = graph.Nodes.Where(n => n.OpType == "Shape").ToList();
        Assert.All(shapes, n => Assert.Equal(["input"], n.Inputs));
        Assert.Equal(["[2, 3]", "[3, 4]"], shapes.Select(n => $"[{n.Attributes[0].Int}, {n.Attributes[1].Int}]").Order());
        string[] allowed = ["Shape", "Add", "Mul", "Div", "Concat", "Reshape", "Pad", "Slice", "Conv", "DeformConv", "Transpose", "Gemm",
            "MatMul", "Softmax", "Gelu", "LayerNormalization", "BatchNormalization", "ReduceMean", "Split", "Identity"];
        Assert.Empty(graph.Nodes.Select(n => n.OpType).Distinct().Except(allowed));
        // HiLo pads and crops: a Pad and a Slice for each of its two branches' crops, per block of stage 3.
        Assert.Equal(2, graph.Nodes.Count(n => n.OpType == "Pad" && n.Layer!.StartsWith("layers.2.", StringComparison.Ordinal)));
        Assert.Equal(4, graph.Nodes.Count(n => n.OpType == "Slice"));

        static string Text(Onnx.Proto.TensorShapeProto.Types.Dimension d) => d.DimParam.Length > 0 ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void A_classification_checkpoint_binds_as_the_reference_loads_it()
    {
        var model = Model("tiny-backbone-from-checkpoint");
        var checkpoint = CheckpointParityTests.FixturePath("checkpoint-litv2.pth");
        using var weights = ModelWeights.Load(checkpoint, model);

        // The reference's non-strict load (the fixture's checkpoint_load): the classifier's norm and head unexpected, the
        // output norms missing and left at weight 1, bias 0.
        using var json = JsonDocument.Parse(File.ReadAllText(FixturePath(model.Name + ".json")));
        var load = json.RootElement.GetProperty("checkpoint_load");
        Assert.Equal(load.GetProperty("unexpected_keys").EnumerateArray().Select(k => k.GetString()), weights.Ignored.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal(load.GetProperty("missing_keys").EnumerateArray().Select(k => k.GetString()), weights.Defaulted.Select(d => d.Name).Order(StringComparer.Ordinal));

        var builder = new GraphBuilder(model.Name, weights);
        model.Build(builder);
        using var outputs = new GraphOutputs(builder.Finish());
        foreach (var (caseName, input, expected) in Cases(model.Name))
            Compare("from checkpoint-litv2.pth " + caseName, outputs.Run(input), expected);
    }

    [Fact]
    public void A_checkpoint_with_some_output_norms_must_have_them_all_and_a_classifier_binds_no_backbone_tensor()
    {
        var directory = Directory.CreateTempSubdirectory("litdsl-backbone-");
        try
        {
            CheckPartialAndFullBackboneCheckpoints(directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void CheckPartialAndFullBackboneCheckpoints(string directory)
    {
        var tensors = SafetensorsFile.Read(FixturePath("tiny-backbone-from-checkpoint.weights.safetensors")).Tensors
            .ToDictionary(t => t.Key, t => t.Value);
        tensors.Remove("norm2.weight");
        var partial = Path.Combine(directory, "partial.safetensors");
        SafetensorsFile.Write(partial, tensors);

        var error = Assert.Throws<WeightBindingException>(() => ModelWeights.Load(partial, Model("tiny-backbone-from-checkpoint")));
        Assert.Equal(["norm2.weight [32]"], error.Missing.Select(m => m.ToString()));

        // The full backbone state_dict binds with nothing ignored or defaulted; the classifier refuses it (no head, extra norms).
        using (var backbone = ModelWeights.Load(FixturePath("tiny-backbone-from-checkpoint.weights.safetensors"), Model("tiny-backbone-from-checkpoint")))
            Assert.Empty(backbone.Ignored.Concat(backbone.Defaulted));
        var refused = Assert.Throws<WeightBindingException>(() =>
            ModelWeights.Load(FixturePath("tiny-backbone-from-checkpoint.weights.safetensors"), Model("checkpoint-litv2")));
        Assert.Equal(["head.bias", "head.weight", "norm.bias", "norm.weight"], refused.Missing.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal(6, refused.Unexpected.Count);
    }

    private void Compare(string what, IReadOnlyDictionary<string, FloatTensor> actual, Dictionary<string, FloatTensor> expected)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (output, reference) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Assert.Equal(reference.Shape, actual[output].Shape);
            var error = ReferenceParityTests.RelativeError(actual[output].Data, reference.Data);
            log.WriteLine($"{what} {output} [{string.Join(", ", reference.Shape)}]: relative error {error:E2}");
            Assert.True(error < Tolerance, $"{what} {output}: relative error {error:E3}");
        }
    }
}
