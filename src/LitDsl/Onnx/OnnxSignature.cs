using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using LitDsl.Onnx.Proto;

namespace LitDsl.Onnx;

/// <summary>
/// A model's interface as its ONNX bytes declare it: every graph input and output with its name, element type and, per
/// dimension, a fixed size or a symbol. Graph inputs that name an initializer (older exporters list the weights there)
/// are weights, not inputs, and are left out. Read without copying the weights: the initializers' data is skipped.
/// </summary>
internal sealed record OnnxSignature(IReadOnlyList<OnnxTensorInfo> Inputs, IReadOnlyList<OnnxTensorInfo> Outputs)
{
    private static readonly MessageParser<ModelSignatureProto> Parser = ModelSignatureProto.Parser.WithDiscardUnknownFields(true);

    /// <exception cref="ArgumentException">The bytes are not an ONNX model, or an input or output is not a tensor.</exception>
    internal static OnnxSignature Read(byte[] onnxModel)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        ModelSignatureProto model;
        try
        {
            model = Parser.ParseFrom(onnxModel);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ArgumentException("The bytes are not an ONNX model: " + e.Message, nameof(onnxModel), e);
        }
        if (model.Graph is not { } graph)
        {
            throw new ArgumentException("The ONNX model has no graph.", nameof(onnxModel));
        }
        var weights = new HashSet<string>(graph.Initializer.Select(tensor => tensor.Name), StringComparer.Ordinal);
        return new OnnxSignature(
            graph.Input.Where(input => !weights.Contains(input.Name)).Select(value => Tensor(value, "input")).ToArray(),
            graph.Output.Select(value => Tensor(value, "output")).ToArray());
    }

    private static OnnxTensorInfo Tensor(ValueInfoProto value, string role)
    {
        if (value.Type?.TensorType is not { } tensor)
        {
            throw new ArgumentException($"The ONNX graph's {role} '{value.Name}' is not a tensor.");
        }
        // A tensor without a shape has an unknown rank; one with a shape lists every dimension, each fixed or not.
        if (tensor.Shape is not { } shape)
        {
            throw new ArgumentException($"The ONNX graph's {role} '{value.Name}' declares no shape.");
        }
        var dimensions = shape.Dim.Select(dim => dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue
            ? new OnnxDimension(dim.DimValue, null)
            : new OnnxDimension(null, dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? dim.DimParam : null));
        return new OnnxTensorInfo(value.Name, (TensorProto.Types.DataType)tensor.ElemType, dimensions.ToArray());
    }
}

/// <summary>One graph input or output: its name, element type and dimensions.</summary>
internal sealed record OnnxTensorInfo(string Name, TensorProto.Types.DataType ElementType, IReadOnlyList<OnnxDimension> Dimensions);

/// <summary>
/// One dimension: a fixed <see cref="Size"/>, or none — then <see cref="Symbol"/> names it (<c>batch</c>,
/// <c>height</c>) or it is unnamed. Either way a symbolic dimension is known only when the model runs.
/// </summary>
internal readonly record struct OnnxDimension(long? Size, string? Symbol)
{
    public bool IsSymbolic => Size is null;
}
