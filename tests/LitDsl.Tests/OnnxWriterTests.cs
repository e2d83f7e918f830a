using System.IO;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Onnx.Proto;
using Xunit;

namespace LitDsl.Tests;

public sealed class OnnxWriterTests
{
    [Fact]
    public void Two_builds_of_the_same_model_give_identical_bytes()
    {
        var first = OnnxWriter.Write(HandBuiltModels.BuildLitV2("litv2-s", HandBuiltModels.LitV2Small, new SeededWeights(7)));
        var second = OnnxWriter.Write(HandBuiltModels.BuildLitV2("litv2-s", HandBuiltModels.LitV2Small, new SeededWeights(7)));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_gives_other_weights_but_the_same_graph()
    {
        var first = ModelProto.Parser.ParseFrom(OnnxWriter.Write(HandBuiltModels.BuildHiLoDemo(new SeededWeights(1))));
        var second = ModelProto.Parser.ParseFrom(OnnxWriter.Write(HandBuiltModels.BuildHiLoDemo(new SeededWeights(2))));
        Assert.Equal(first.Graph.Node, second.Graph.Node);
        Assert.NotEqual(first.Graph.Initializer, second.Graph.Initializer);
    }

    [Fact]
    public void Header_declares_ir_9_opset_20_and_the_producer()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxWriter.Write(HandBuiltModels.BuildHiLoDemo(new SeededWeights())));
        Assert.Equal(9, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal(("", 20L), (opset.Domain, opset.Version));
        Assert.Equal("LitDsl", model.ProducerName);
        Assert.Equal("hilo-demo", model.Graph.Name);
    }

    [Fact]
    public void Inputs_and_outputs_have_a_symbolic_batch_and_static_other_dimensions()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxWriter.Write(
            HandBuiltModels.BuildLitV2("litv2-s", HandBuiltModels.LitV2Small, new SeededWeights())));
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("input", input.Name);
        Assert.Equal("batch", input.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal([3L, 224, 224], input.Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue));
        var output = Assert.Single(model.Graph.Output);
        Assert.Equal("batch", output.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(1000, output.Type.TensorType.Shape.Dim[1].DimValue);
    }

    [Fact]
    public void Initializers_are_the_reference_state_dict_with_raw_little_endian_data()
    {
        var graph = HandBuiltModels.BuildLitV2("litv2-s", HandBuiltModels.LitV2Small, new SeededWeights());
        var model = ModelProto.Parser.ParseFrom(OnnxWriter.Write(graph));
        var expected = File.ReadAllLines(Path.Combine(System.AppContext.BaseDirectory, "Fixtures", "litv2-s.state_dict_keys.txt"))
            .Where(line => line.Length > 0).Order(System.StringComparer.Ordinal);
        var written = model.Graph.Initializer.Select(t => t.Name).Where(n => !n.StartsWith("const_", System.StringComparison.Ordinal))
            .Order(System.StringComparer.Ordinal);
        Assert.Equal(expected, written);

        var source = graph.Initializers.Single(i => i.Name == "head.weight");
        var tensor = model.Graph.Initializer.Single(t => t.Name == "head.weight");
        Assert.Equal((int)TensorProto.Types.DataType.Float, tensor.DataType);
        Assert.Empty(tensor.FloatData);
        Assert.Equal(System.BitConverter.GetBytes(source.FloatData![1]), tensor.RawData.Span.Slice(4, 4).ToArray());
        Assert.All(model.Graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Int64),
            t => Assert.Equal(t.Dims.Aggregate(1L, (a, d) => a * d) * 8, t.RawData.Length));
    }

    [Fact]
    public void Writing_to_a_stream_gives_the_same_bytes()
    {
        var graph = HandBuiltModels.BuildHiLoDemo(new SeededWeights());
        using var stream = new MemoryStream();
        OnnxWriter.Write(graph, stream);
        Assert.Equal(OnnxWriter.Write(graph), stream.ToArray());
    }
}
