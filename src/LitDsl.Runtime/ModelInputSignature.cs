using System;
using System.Collections.Generic;
using System.Linq;
using LitDsl.Onnx.Proto;

namespace LitDsl.Runtime;

/// <summary>
/// The first real input of an ONNX model as declared in its graph: name, and per dimension either a fixed size or a
/// symbolic name. Read from the model bytes (not from ORT) because the TensorRT profile must be set before ORT
/// creates the session.
/// </summary>
internal sealed record ModelInputSignature(string Name, IReadOnlyList<long?> Dimensions, IReadOnlyList<string?> SymbolicNames)
{
    internal static ModelInputSignature Read(byte[] onnxModel)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnxModel);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new ArgumentException("The ONNX model bytes are not a valid ModelProto: " + e.Message, nameof(onnxModel), e);
        }

        // Older exporters list initializers among the graph inputs; those are weights, not the model input.
        var initializerNames = new HashSet<string>(model.Graph?.Initializer.Select(t => t.Name) ?? [], StringComparer.Ordinal);
        var input = model.Graph?.Input.FirstOrDefault(i => !initializerNames.Contains(i.Name))
            ?? throw new ArgumentException("The ONNX model declares no graph input.", nameof(onnxModel));

        var dims = new List<long?>();
        var names = new List<string?>();
        if (input.Type?.TensorType?.Shape is TensorShapeProto shape)
        {
            foreach (var dim in shape.Dim)
            {
                bool isFixed = dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue;
                dims.Add(isFixed ? dim.DimValue : null);
                names.Add(dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? dim.DimParam : null);
            }
        }
        return new ModelInputSignature(input.Name, dims, names);
    }
}
