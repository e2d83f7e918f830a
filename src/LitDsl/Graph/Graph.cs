using System.Collections.Generic;

namespace LitDsl.Graph;

/// <summary>
/// An ONNX node: operator, inputs and outputs by value name, attributes in insertion order; the layer it belongs to
/// (null outside layers) and the work it does per sample, which the ONNX file does not hold.
/// </summary>
public sealed record Node(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyList<NodeAttribute> Attributes)
{
    /// <summary>The layer that added the node, or null.</summary>
    public string? Layer { get; init; }

    /// <summary>The node's work per sample, counted from its operands' shapes.</summary>
    public GraphCount Count { get; init; }
}

/// <summary>A node attribute. Exactly one of the value fields is set, as <see cref="Kind"/> says.</summary>
public sealed record NodeAttribute(string Name, NodeAttributeKind Kind, long Int = 0, float Float = 0,
    IReadOnlyList<long>? Ints = null, IReadOnlyList<float>? Floats = null, string? String = null);

/// <summary>The attribute types the block builders use.</summary>
public enum NodeAttributeKind { Int, Float, Ints, Floats, String }

/// <summary>
/// A constant tensor of the graph. <see cref="IsParameter"/> marks learnable parameters (counted in the model's
/// parameters); buffers (BatchNorm statistics) and graph constants (shapes, axes) are not.
/// </summary>
public sealed record Initializer(string Name, int[] Shape, float[]? FloatData, long[]? Int64Data, bool IsParameter);

/// <summary>
/// One block's record, kept by the builder: its parameters counted from the initializers it declared, its FLOPs in the
/// reference convention (the shared cost formulas), and <see cref="Count"/>, what its nodes do.
/// </summary>
public sealed record BuiltLayer(string Name, string Kind, int[] OutputShape, long Parameters, long Flops)
{
    /// <summary>The work of the layer's nodes, counted from their shapes.</summary>
    public GraphCount Count { get; init; }
}

/// <summary>A finished graph: what the ONNX writer serialises and the runtime runs.</summary>
public sealed record ModelGraph(
    string Name,
    IReadOnlyList<TensorValue> Inputs,
    IReadOnlyList<TensorValue> Outputs,
    IReadOnlyList<Node> Nodes,
    IReadOnlyList<Initializer> Initializers,
    IReadOnlyList<BuiltLayer> Layers)
{
    /// <summary>Learnable parameters in the graph's initializers (buffers and constants excluded).</summary>
    public long Parameters
    {
        get
        {
            long total = 0;
            foreach (var initializer in Initializers)
                if (initializer.IsParameter) total += initializer.FloatData!.LongLength;
            return total;
        }
    }

    /// <summary>The work every node does per sample, counted from its shapes (<see cref="GraphCount"/>).</summary>
    public GraphCount Count
    {
        get
        {
            var total = new GraphCount();
            foreach (var node in Nodes) total += node.Count;
            return total;
        }
    }

    /// <summary>FLOPs the block builders counted, in the reference convention.</summary>
    public long Flops
    {
        get
        {
            long total = 0;
            foreach (var layer in Layers) total += layer.Flops;
            return total;
        }
    }
}
