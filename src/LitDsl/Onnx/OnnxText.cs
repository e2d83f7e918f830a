using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using LitDsl.Onnx.Proto;

namespace LitDsl.Onnx;

/// <summary>
/// A stable, readable text form of an ONNX model for snapshot tests and reviews: header, inputs and outputs with
/// shapes, one line per initializer (dims and a checksum of its bytes; int64 constants and float scalars show
/// their values), one line
/// per node <c>Op(inputs) -> outputs {attr=value}</c>. Culture-invariant; the same bytes give the same text.
/// </summary>
public static class OnnxText
{
    public static string Format(byte[] onnxModel)
    {
        var model = ModelProto.Parser.ParseFrom(onnxModel);
        var graph = model.Graph;
        var text = new StringBuilder();
        text.Append("ir_version ").Append(Invariant(model.IrVersion)).Append('\n');
        foreach (var opset in model.OpsetImport)
            text.Append("opset ").Append(opset.Domain.Length == 0 ? "ai.onnx" : opset.Domain).Append(' ')
                .Append(Invariant(opset.Version)).Append('\n');
        text.Append("producer ").Append(model.ProducerName).Append('\n');
        text.Append("graph ").Append(graph.Name).Append('\n');

        foreach (var input in graph.Input) text.Append("input ").Append(ValueInfo(input)).Append('\n');
        foreach (var output in graph.Output) text.Append("output ").Append(ValueInfo(output)).Append('\n');
        foreach (var initializer in graph.Initializer) text.Append("initializer ").Append(Initializer(initializer)).Append('\n');
        foreach (var node in graph.Node) text.Append(Node(node)).Append('\n');
        return text.ToString();
    }

    private static string ValueInfo(ValueInfoProto value)
    {
        var tensor = value.Type.TensorType;
        var dims = tensor.Shape.Dim.Select(d =>
            d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : Invariant(d.DimValue));
        return $"{value.Name}: {TypeName(tensor.ElemType)}[{string.Join(", ", dims)}]";
    }

    private static string Initializer(TensorProto tensor)
    {
        var head = $"{tensor.Name}: {TypeName(tensor.DataType)}[{string.Join(", ", tensor.Dims.Select(Invariant))}]";
        var bytes = tensor.RawData.Span;
        if (tensor.DataType == (int)TensorProto.Types.DataType.Int64)
        {
            var values = new string[bytes.Length / sizeof(long)];
            for (var i = 0; i < values.Length; i++)
                values[i] = Invariant(BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * sizeof(long))..]));
            return $"{head} = [{string.Join(", ", values)}]";
        }
        if (tensor.DataType == (int)TensorProto.Types.DataType.Float && bytes.Length == sizeof(float))
            return $"{head} = {BinaryPrimitives.ReadSingleLittleEndian(bytes).ToString("R", CultureInfo.InvariantCulture)}";
        return $"{head} sha256:{Convert.ToHexString(SHA256.HashData(bytes))[..12].ToLowerInvariant()}";
    }

    private static string Node(NodeProto node)
    {
        var line = $"{node.OpType}({string.Join(", ", node.Input)}) -> {string.Join(", ", node.Output)}";
        if (node.Attribute.Count == 0) return line;
        return line + " {" + string.Join(", ", node.Attribute.Select(a => a.Name + "=" + AttributeValue(a))) + "}";
    }

    private static string AttributeValue(AttributeProto attribute) => attribute.Type switch
    {
        AttributeProto.Types.AttributeType.Int => Invariant(attribute.I),
        AttributeProto.Types.AttributeType.Float => attribute.F.ToString("R", CultureInfo.InvariantCulture),
        AttributeProto.Types.AttributeType.Ints => "[" + string.Join(", ", attribute.Ints.Select(Invariant)) + "]",
        AttributeProto.Types.AttributeType.Floats =>
            "[" + string.Join(", ", attribute.Floats.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]",
        AttributeProto.Types.AttributeType.String => "\"" + attribute.S.ToStringUtf8() + "\"",
        _ => $"<{attribute.Type}>",
    };

    private static string TypeName(int dataType) => (TensorProto.Types.DataType)dataType switch
    {
        TensorProto.Types.DataType.Float => "float",
        TensorProto.Types.DataType.Int64 => "int64",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
