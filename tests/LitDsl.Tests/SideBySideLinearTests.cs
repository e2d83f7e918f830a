using System;
using System.Linq;
using LitDsl.Blocks;
using LitDsl.Graph;
using Xunit;

namespace LitDsl.Tests;

/// <summary>
/// Linears that read the same input applied as one Gemm (<see cref="Linear.ApplySideBySide"/>) and split back with
/// <see cref="GraphBuilder.SplitSizes"/>: the same outputs as each Linear alone, the parameters still under their own
/// names, and unusable requests refused.
/// </summary>
public sealed class SideBySideLinearTests
{
    [Fact]
    public void Side_by_side_linears_give_each_linears_own_output()
    {
        const int tokens = 3, channels = 4, batch = 2;
        int[] widths = [2, 5, 3];
        var graph = new GraphBuilder("side-by-side", new SeededWeights(11));
        var x = graph.Input("input", tokens, channels);
        var linears = widths.Select((w, i) => Linear.Declare(graph, $"fc{i}", channels, w)).ToArray();
        var pieces = graph.SplitSizes(Linear.ApplySideBySide(graph, x, linears), -1, widths);
        // The pieces back in reverse order: a wrong split boundary moves columns between them.
        graph.Output(graph.Concat(-1, [.. pieces.Reverse()]), "output");
        var finished = graph.Finish();

        Assert.Single(finished.Nodes, n => n.OpType == "Gemm");
        Assert.Equal(["fc0.weight", "fc0.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"],
            finished.Initializers.Where(i => i.IsParameter).Select(i => i.Name));

        var input = Enumerable.Range(0, batch * tokens * channels).Select(i => (float)(i % 5) - 2).ToArray();
        var output = GraphRunner.Run(finished, input, [batch, tokens, channels]);
        var total = widths.Sum();
        Assert.Equal(batch * tokens * total, output.Length);
        for (var p = 0; p < widths.Length; p++)
        {
            var w = finished.Initializers.Single(i => i.Name == $"fc{p}.weight").FloatData!;
            var b = finished.Initializers.Single(i => i.Name == $"fc{p}.bias").FloatData!;
            var offset = widths.Skip(p + 1).Sum();
            for (var row = 0; row < batch * tokens; row++)
            {
                for (var f = 0; f < widths[p]; f++)
                {
                    var expected = b[f] + Enumerable.Range(0, channels).Sum(c => input[row * channels + c] * w[f * channels + c]);
                    Assert.Equal(expected, output[row * total + offset + f], 4);
                }
            }
        }
    }

    [Fact]
    public void Linears_with_and_without_biases_cannot_share_a_gemm()
    {
        var graph = new GraphBuilder("mixed", new SeededWeights());
        var x = graph.Input("input", 3, 4);
        var error = Assert.Throws<InvalidOperationException>(() => Linear.ApplySideBySide(graph, x,
            Linear.Declare(graph, "a", 4, 2, bias: true), Linear.Declare(graph, "b", 4, 2, bias: false)));
        Assert.Contains("biases", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 2, 2 })]
    [InlineData(new[] { 3, 0, 3 })]
    [InlineData(new int[0])]
    public void A_split_whose_sizes_do_not_cover_the_axis_is_refused(int[] sizes)
    {
        var graph = new GraphBuilder("split", new SeededWeights());
        var x = graph.Input("input", 3, 6);
        var error = Assert.Throws<InvalidOperationException>(() => graph.SplitSizes(x, -1, sizes));
        Assert.Contains("Split of", error.Message, StringComparison.Ordinal);
    }
}
