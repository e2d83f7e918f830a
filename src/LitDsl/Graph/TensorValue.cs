using System;
using System.Linq;

namespace LitDsl.Graph;

/// <summary>
/// A value in the graph under construction: its ONNX name and its shape. Activations carry the symbolic batch as
/// <see cref="GraphBuilder.Batch"/> in dimension 0; every other dimension is static, because the model declaration
/// fixes it (no Shape/Gather chains in the exported graph).
/// </summary>
public sealed record TensorValue(string Name, int[] Shape)
{
    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Dimension <paramref name="axis"/>, negative counting from the end.</summary>
    public int Dim(int axis) => Shape[axis < 0 ? axis + Shape.Length : axis];

    /// <summary>Elements per sample (the batch dimension left out).</summary>
    public long ElementsPerSample => Shape.Where(d => d != GraphBuilder.Batch).Aggregate(1L, (a, d) => a * d);

    /// <summary>Shape as text, with <c>batch</c> for the symbolic dimension: <c>[batch, 3136, 96]</c>.</summary>
    public string ShapeText =>
        "[" + string.Join(", ", Shape.Select(d => d == GraphBuilder.Batch ? "batch" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    /// <summary>Throws unless the shape is exactly <paramref name="expected"/>; block builders check their inputs.</summary>
    public TensorValue Expect(params int[] expected)
    {
        if (!Shape.AsSpan().SequenceEqual(expected))
            throw new InvalidOperationException(
                $"'{Name}' has shape {ShapeText}, expected {new TensorValue(Name, expected).ShapeText}.");
        return this;
    }
}
