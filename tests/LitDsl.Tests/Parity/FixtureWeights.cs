using System;
using System.Collections.Generic;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Models;
using LitDsl.Runtime.Tensors;
using Xunit;

namespace LitDsl.Tests.Parity;

/// <summary>
/// Weights from a fixture's state_dict. Every name the graph asks for must be there with the same shape, and the test
/// checks afterwards that every stored tensor was used: names match the reference both ways.
/// </summary>
internal sealed class FixtureWeights(IReadOnlyDictionary<string, FloatTensor> tensors) : IWeightSource
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>
    /// Builds <paramref name="model"/> from the fixture's state_dict and checks that the names match both ways (every
    /// stored tensor used) and that the built graph has the model's compile-time parameters and FLOPs.
    /// </summary>
    public static ModelGraph BuildExactly(LitModelInfo model, IReadOnlyDictionary<string, FloatTensor> stateDict)
    {
        var weights = new FixtureWeights(stateDict);
        var builder = new GraphBuilder(model.Name, weights);
        model.Build(builder);
        var graph = builder.Finish();
        Assert.Empty(weights.Unused);
        Assert.Equal(model.Parameters, graph.Parameters);
        Assert.Equal(model.Flops, graph.Flops);
        return graph;
    }

    public IEnumerable<string> Unused => tensors.Keys.Where(k => !_used.Contains(k)).OrderBy(k => k, StringComparer.Ordinal);

    public float[] GetTensor(string name, int[] shape, ParameterInit init)
    {
        if (!tensors.TryGetValue(name, out var tensor))
            throw new KeyNotFoundException($"The fixture has no tensor '{name}'.");
        Assert.True(tensor.Shape.SequenceEqual(shape),
            $"'{name}': fixture shape [{string.Join(", ", tensor.Shape)}], graph shape [{string.Join(", ", shape)}].");
        _used.Add(name);
        return tensor.Data;
    }
}
