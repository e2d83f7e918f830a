using System;
using LitDsl.Blocks;
using LitDsl.Graph;
using Xunit;

namespace LitDsl.Tests;

/// <summary>Layer records: an error inside a layer surfaces as itself, and a layer left without an output is still caught.</summary>
public sealed class GraphBuilderLayerTests
{
    private sealed class RefusingWeights : IWeightSource
    {
        public float[] GetTensor(string name, int[] shape, ParameterInit init) =>
            throw new InvalidOperationException($"no tensor '{name}'");
    }

    [Fact]
    public void A_weight_source_error_inside_a_layer_is_not_masked()
    {
        var graph = new GraphBuilder("m", new RefusingWeights());
        var x = graph.Input("input", 3, 16, 16);

        var error = Assert.Throws<InvalidOperationException>(() => PatchEmbed.Build(graph, x, "patch_embed", 4, 8));

        Assert.Equal("no tensor 'patch_embed.proj.weight'", error.Message);
    }

    [Fact]
    public void A_layer_that_ends_without_an_output_fails_the_graph()
    {
        var graph = new GraphBuilder("m", new SeededWeights());
        var x = graph.Input("input", 4);
        using (graph.BeginLayer("empty", "Test"))
        {
        }
        graph.Output(x, "output");

        var error = Assert.Throws<InvalidOperationException>(() => graph.Finish());
        Assert.Equal("Layer 'empty' ended without an output.", error.Message);
    }
}
