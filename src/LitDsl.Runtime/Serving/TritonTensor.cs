using System;
using System.Collections.Generic;
using System.Linq;
using LitDsl.Onnx;
using LitDsl.Onnx.Proto;

namespace LitDsl.Runtime.Serving;

/// <summary>
/// One input or output of a model's config: its name in the ONNX graph, Triton's data type (<c>TYPE_FP32</c>), and its
/// dims without the batch, -1 where the graph's dimension is symbolic (a backbone's height and width); an output that
/// holds class scores names the labels file beside the config.
/// </summary>
public sealed record TritonTensor(string Name, string DataType, IReadOnlyList<long> Dims, string? LabelFileName = null)
{
    /// <summary>
    /// The tensor as Triton sees it with batching on: the graph's first dimension is the batch and must be symbolic,
    /// since Triton stacks requests along it.
    /// </summary>
    /// <exception cref="ArgumentException">It has no dimensions, a fixed first one, or a type Triton has no name for.</exception>
    internal static TritonTensor From(OnnxTensorInfo tensor, string role)
    {
        if (tensor.Dimensions.Count == 0 || !tensor.Dimensions[0].IsSymbolic)
        {
            string first = tensor.Dimensions.Count == 0 ? "no dimensions" : $"a fixed first dimension of {tensor.Dimensions[0].Size}";
            throw new ArgumentException(
                $"The model's {role} '{tensor.Name}' has {first}; Triton batches requests along a symbolic first dimension.");
        }
        return new TritonTensor(tensor.Name, DataTypeName(tensor),
            tensor.Dimensions.Skip(1).Select(dim => dim.Size ?? -1).ToArray());
    }

    // Triton's DataType names for ONNX's element types (model_config.proto; TensorProto.DataType).
    private static string DataTypeName(OnnxTensorInfo tensor) => tensor.ElementType switch
    {
        TensorProto.Types.DataType.Float => "TYPE_FP32",
        TensorProto.Types.DataType.Float16 => "TYPE_FP16",
        TensorProto.Types.DataType.Bfloat16 => "TYPE_BF16",
        TensorProto.Types.DataType.Double => "TYPE_FP64",
        TensorProto.Types.DataType.Int8 => "TYPE_INT8",
        TensorProto.Types.DataType.Int16 => "TYPE_INT16",
        TensorProto.Types.DataType.Int32 => "TYPE_INT32",
        TensorProto.Types.DataType.Int64 => "TYPE_INT64",
        TensorProto.Types.DataType.Uint8 => "TYPE_UINT8",
        TensorProto.Types.DataType.Uint16 => "TYPE_UINT16",
        TensorProto.Types.DataType.Uint32 => "TYPE_UINT32",
        TensorProto.Types.DataType.Uint64 => "TYPE_UINT64",
        TensorProto.Types.DataType.Bool => "TYPE_BOOL",
        TensorProto.Types.DataType.String => "TYPE_STRING",
        _ => throw new ArgumentException($"The model's tensor '{tensor.Name}' has ONNX element type {(int)tensor.ElementType}, which Triton does not serve."),
    };
}
