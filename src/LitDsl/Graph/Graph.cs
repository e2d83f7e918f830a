using System.Collections.Generic;

namespace LitDsl.Graph;

/// <summary>An ONNX node: operator, inputs and outputs by value name, attributes in insertion order.</summary>
public sealed record Node(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyList<NodeAttribute> Attributes);

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

/// <summary>One block's record, kept by the builder: the runtime's own recount of the generator's layer table.</summary>
public sealed record BuiltLayer(string Name, string Kind, int[] OutputShape, long Parameters, long Flops);

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
