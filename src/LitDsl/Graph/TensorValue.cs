using System;
using System.Collections.Generic;
using System.Linq;

namespace LitDsl.Graph;

/// <summary>
/// A value in the graph under construction: its ONNX name and its dimensions. Activations lead with the symbolic
/// batch; a backbone's spatial dimensions are symbolic too (computed from the input's height and width when the graph
/// runs, see <see cref="Dimension"/>); every other dimension is fixed by the model's declaration.
/// </summary>
public sealed record TensorValue
{
    private readonly Dimension[] _dimensions;

    /// <summary>A value of a static shape: <see cref="GraphBuilder.Batch"/> marks the batch, every other entry is fixed.</summary>
    public TensorValue(string name, int[] shape)
        : this(name, shape.Select(d => (Dimension)d).ToArray())
    {
    }

    /// <summary>A value of the given dimensions.</summary>
    public TensorValue(string name, IReadOnlyList<Dimension> dimensions)
    {
        Name = name;
        _dimensions = [.. dimensions];
        Shape = [.. _dimensions.Select(d => d.Value)];
    }

    /// <summary>The value's name in the graph.</summary>
    public string Name { get; init; }

    /// <summary>
    /// The shape at the traced size: each dimension's <see cref="Dimension.Value"/>, <see cref="GraphBuilder.Batch"/>
    /// for the batch.
    /// </summary>
    public int[] Shape { get; }

    /// <summary>Every dimension, fixed or symbolic.</summary>
    public IReadOnlyList<Dimension> Dimensions => _dimensions;

    /// <summary>True when every dimension but the batch is fixed.</summary>
    public bool IsStatic => _dimensions.All(d => d.IsFixed || d.DependsOnBatch);

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dimensions.Length;

    /// <summary>Dimension <paramref name="axis"/> at the traced size, negative counting from the end.</summary>
    public int Dim(int axis) => Shape[axis < 0 ? axis + Shape.Length : axis];

    /// <summary>Dimension <paramref name="axis"/> itself, fixed or symbolic, negative counting from the end.</summary>
    public Dimension DimensionAt(int axis) => _dimensions[axis < 0 ? axis + _dimensions.Length : axis];

    /// <summary>Elements per sample at the traced size (the batch dimension left out).</summary>
    public long ElementsPerSample => Shape.Where(d => d != GraphBuilder.Batch).Aggregate(1L, (a, d) => a * d);

    /// <summary>
    /// Shape as text, with <c>batch</c> for the batch and a symbolic dimension's formula with its traced size:
    /// <c>[batch, 3136, 96]</c>, <c>[batch, floor((height+3)/4)=320, …]</c>.
    /// </summary>
    public string ShapeText => "[" + string.Join(", ", _dimensions.Select(DimensionText)) + "]";

    private static string DimensionText(Dimension d) =>
        d.DependsOnBatch ? (d.SymbolName ?? d.ToString())
        : d.IsFixed ? d.ToString()
        : d + "=" + d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Throws unless the shape is exactly <paramref name="expected"/> (static entries); block builders check their inputs.</summary>
    public TensorValue Expect(params int[] expected) => Expect(expected.Select(d => (Dimension)d).ToArray());

    /// <summary>
    /// Throws unless every dimension is <paramref name="expected"/>'s: equal sizes at the traced size, and the same
    /// formula where either is symbolic, so a block given the wrong sizes fails when the graph is built, at any size.
    /// </summary>
    public TensorValue Expect(params Dimension[] expected)
    {
        var matches = expected.Length == _dimensions.Length && _dimensions.Zip(expected).All(pair =>
            pair.First.Value == pair.Second.Value
            && (pair.First.DependsOnBatch || (pair.First.IsFixed && pair.Second.IsFixed) || pair.First.Equals(pair.Second)));
        if (!matches)
            throw new InvalidOperationException(
                $"'{Name}' has shape {ShapeText}, expected {new TensorValue(Name, expected).ShapeText}.");
        return this;
    }

    public bool Equals(TensorValue? other) =>
        other is not null && Name == other.Name && _dimensions.SequenceEqual(other._dimensions);

    public override int GetHashCode() => HashCode.Combine(Name, _dimensions.Length);
}
