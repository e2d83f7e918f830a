using Google.Protobuf;
using LitDsl.Onnx;
using LitDsl.Onnx.Proto;

namespace LitDsl.Runtime.Tests.Serving;

/// <summary>
/// <see cref="OnnxSignature"/>, what the Triton writer reads of a model: every input and output with fixed and
/// symbolic dimensions, the weights left out even where an exporter lists them among the inputs — as ONNX Runtime,
/// and so Triton's backend, leaves them out.
/// </summary>
public sealed class OnnxSignatureTests
{
    [Fact]
    public void Inputs_and_outputs_keep_their_order_and_their_symbolic_dimensions()
    {
        var signature = OnnxSignature.Read(TestModels.MultiOutputModelWithSymbolicSize());

        var image = Assert.Single(signature.Inputs);
        Assert.Equal("image", image.Name);
        Assert.Equal(TensorProto.Types.DataType.Float, image.ElementType);
        Assert.Equal([new(null, "batch"), new(3, null), new(null, "height"), new(null, "width")], image.Dimensions);
        Assert.Equal(["features.0", "features.1"], signature.Outputs.Select(output => output.Name));
        Assert.Equal("height_2", signature.Outputs[1].Dimensions[2].Symbol);
    }

    [Fact]
    public void Weights_listed_among_the_inputs_are_not_inputs_for_ONNX_Runtime_either()
    {
        byte[] model = TestModels.ScoresModel(5, weightsAsInput: true);

        var signature = OnnxSignature.Read(model);

        Assert.Equal(["input"], signature.Inputs.Select(input => input.Name));
        Assert.Equal(["input"], OrtModelInterface.Load(model).Inputs.Select(input => input.Name));
    }

    [Fact]
    public void Bytes_that_are_no_model_are_refused()
    {
        Assert.Contains("not an ONNX model", Assert.Throws<ArgumentException>(() => OnnxSignature.Read([0x0a, 0xff])).Message);
        Assert.Contains("has no graph", Assert.Throws<ArgumentException>(() => OnnxSignature.Read([])).Message);
    }

    [Fact]
    public void Reading_a_large_model_does_not_copy_its_weights()
    {
        var graph = new GraphProto { Name = "large" };
        graph.Initializer.Add(new TensorProto { Name = "w", DataType = 1, RawData = ByteString.CopyFrom(new byte[64 << 20]) });
        byte[] model = new ModelProto { IrVersion = 9, Graph = graph }.ToByteArray();
        _ = OnnxSignature.Read(model); // warm up the parser

        long before = GC.GetAllocatedBytesForCurrentThread();
        OnnxSignature.Read(model);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1 << 20, $"reading the signature allocated {allocated:N0} bytes for a model of {model.Length:N0}");
    }
}
