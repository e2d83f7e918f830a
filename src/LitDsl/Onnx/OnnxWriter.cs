using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using LitDsl.Graph;
using LitDsl.Onnx.Proto;

namespace LitDsl.Onnx;

/// <summary>
/// Serialises a <see cref="ModelGraph"/> as an ONNX model: IR version 9, default-domain opset 20, tensors as
/// little-endian <c>raw_data</c>, the batch dimension as <c>dim_param "batch"</c> and every other symbolic dimension by its
/// formula (<c>height</c>, <c>floor((height+3)/4)</c>, see <see cref="Dimension"/>). The same graph always gives the same
/// bytes (no timestamps, no dictionaries, fields in a fixed order).
/// </summary>
public static class OnnxWriter
{
    /// <summary>ONNX IR version 9 (ONNX 1.14+), which every runtime that knows opset 20 reads.</summary>
    public const long IrVersion = 9;

    /// <summary>Default-domain opset: Gelu (20), DeformConv (19), ReduceMean with axes as input (18).</summary>
    public const long OpsetVersion = 20;

    public const string ProducerName = "LitDsl";

    /// <summary>The symbolic batch dimension's name in inputs and outputs.</summary>
    public const string BatchDimension = Dimension.BatchName;

    public static byte[] Write(ModelGraph graph) => ToProto(graph).ToByteArray();

    /// <summary>
    /// Writes the model to <paramref name="destination"/> (the same bytes as <see cref="Write(ModelGraph)"/>) without
    /// holding them all in memory. To write a file, write through a temporary file and rename it, as LitDsl.Runtime's
    /// file rules do, so that no reader sees half a model.
    /// </summary>
    public static void Write(ModelGraph graph, Stream destination) => ToProto(graph).WriteTo(destination);

    internal static ModelProto ToProto(ModelGraph graph)
    {
        var proto = new GraphProto { Name = graph.Name };
        foreach (var input in graph.Inputs) proto.Input.Add(ValueInfo(input));
        foreach (var output in graph.Outputs) proto.Output.Add(ValueInfo(output));
        foreach (var initializer in graph.Initializers) proto.Initializer.Add(Tensor(initializer));
        foreach (var node in graph.Nodes) proto.Node.Add(NodeProtoOf(node));

        var model = new ModelProto { IrVersion = IrVersion, ProducerName = ProducerName, Graph = proto };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    private static ValueInfoProto ValueInfo(TensorValue value)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in value.Dimensions)
            shape.Dim.Add(dim.IsFixed
                ? new TensorShapeProto.Types.Dimension { DimValue = dim.Value }
                : new TensorShapeProto.Types.Dimension { DimParam = dim.ToString() });
        var type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
        };
        return new ValueInfoProto { Name = value.Name, Type = type };
    }

    private static TensorProto Tensor(Initializer initializer)
    {
        var tensor = new TensorProto { Name = initializer.Name };
        foreach (var dim in initializer.Shape) tensor.Dims.Add(dim);
        if (initializer.FloatData is { } floats)
        {
            tensor.DataType = (int)TensorProto.Types.DataType.Float;
            tensor.RawData = LittleEndianBytes(floats);
        }
        else
        {
            tensor.DataType = (int)TensorProto.Types.DataType.Int64;
            tensor.RawData = LittleEndianBytes(initializer.Int64Data!);
        }
        return tensor;
    }

    private static ByteString LittleEndianBytes(float[] values)
    {
        if (BitConverter.IsLittleEndian) return ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return ByteString.CopyFrom(bytes);
    }

    private static ByteString LittleEndianBytes(long[] values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        return ByteString.CopyFrom(bytes);
    }

    private static NodeProto NodeProtoOf(Node node)
    {
        var proto = new NodeProto { OpType = node.OpType, Name = node.Name };
        proto.Input.AddRange(node.Inputs);
        proto.Output.AddRange(node.Outputs);
        foreach (var attribute in node.Attributes) proto.Attribute.Add(Attribute(attribute));
        return proto;
    }

    private static AttributeProto Attribute(NodeAttribute attribute)
    {
        var proto = new AttributeProto { Name = attribute.Name };
        switch (attribute.Kind)
        {
            case NodeAttributeKind.Int:
                proto.Type = AttributeProto.Types.AttributeType.Int;
                proto.I = attribute.Int;
                break;
            case NodeAttributeKind.Float:
                proto.Type = AttributeProto.Types.AttributeType.Float;
                proto.F = attribute.Float;
                break;
            case NodeAttributeKind.Ints:
                proto.Type = AttributeProto.Types.AttributeType.Ints;
                proto.Ints.AddRange(attribute.Ints!);
                break;
            case NodeAttributeKind.Floats:
                proto.Type = AttributeProto.Types.AttributeType.Floats;
                proto.Floats.AddRange(attribute.Floats!);
                break;
            case NodeAttributeKind.String:
                proto.Type = AttributeProto.Types.AttributeType.String;
                proto.S = ByteString.CopyFrom(Encoding.UTF8.GetBytes(attribute.String!));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(attribute), attribute.Kind, "Unknown attribute kind.");
        }
        return proto;
    }
}
