using System.Linq;
using LitDsl.Graph;
using Xunit;

namespace LitDsl.Tests;

/// <summary>
/// Reshape chains: a reshape of a reshape reads the first one's input, the skipped node and its shape constant leave
/// the finished graph, and the result is still right for any batch (ONNX's "copy dimension 0" must not reach back to
/// a rows tensor of batch × tokens).
/// </summary>
public sealed class GraphBuilderReshapeTests
{
    [Fact]
    public void A_chain_of_reshapes_is_one_node_that_reads_the_first_input()
    {
        var graph = new GraphBuilder("chain", new SeededWeights());
        var x = graph.Input("input", 2, 3, 4);
        graph.Output(graph.Reshape(graph.Reshape(x, GraphBuilder.Batch, 6, 4), GraphBuilder.Batch, 24), "output");

        var finished = graph.Finish();

        var reshape = Assert.Single(finished.Nodes, n => n.OpType == "Reshape");
        Assert.Equal("input", reshape.Inputs[0]);
        var shape = Assert.Single(finished.Initializers, i => i.Name == reshape.Inputs[1]);
        Assert.Equal([-1L, 24L], shape.Int64Data!);
        Assert.DoesNotContain(finished.Initializers, i => i.Int64Data is [0, 6, 4]);
        var input = Enumerable.Range(0, 2 * 24).Select(i => (float)i).ToArray();
        Assert.Equal(input, GraphRunner.Run(finished, input, [2, 2, 3, 4]));
    }

    [Fact]
    public void A_linear_followed_by_a_reshape_to_a_map_keeps_the_batch()
    {
        const int tokens = 4, channels = 3, features = 5;
        var graph = new GraphBuilder("linear-map", new SeededWeights(3));
        var x = graph.Input("input", tokens, channels);
        var weight = graph.Parameter("fc.weight", [features, channels], ParameterInit.TruncatedNormal(0.5));
        var bias = graph.Parameter("fc.bias", [features], ParameterInit.TruncatedNormal(0.5));
        graph.Output(graph.Reshape(graph.Linear(x, weight, bias), GraphBuilder.Batch, 2, 2, features), "output");
        var finished = graph.Finish();
        var w = finished.Initializers.Single(i => i.Name == "fc.weight").FloatData!;
        var b = finished.Initializers.Single(i => i.Name == "fc.bias").FloatData!;

        const int batch = 3;
        var input = Enumerable.Range(0, batch * tokens * channels).Select(i => (float)(i % 7) - 3).ToArray();
        var output = GraphRunner.Run(finished, input, [batch, tokens, channels]);

        Assert.Equal(batch * tokens * features, output.Length);
        for (var row = 0; row < batch * tokens; row++)
        {
            for (var f = 0; f < features; f++)
            {
                var expected = b[f] + Enumerable.Range(0, channels).Sum(c => input[row * channels + c] * w[f * channels + c]);
                Assert.Equal(expected, output[row * features + f], 4);
            }
        }
        Assert.Equal(2, finished.Nodes.Count(n => n.OpType == "Reshape"));
    }
}
