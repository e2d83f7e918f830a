using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// The reference transformer <c>Block</c> of LITv2's later stages: x + HiLo(norm1(x)), then x + DWMlp(norm2(x)).
/// FLOPs = C·H·W (norm1) + HiLo (<see cref="HiLoAttention.Flops"/>) + 9·hid·H·W + hid·H·W (depthwise conv)
/// + 2·H·W·C·hid (fc1, fc2) + C·H·W (norm2).
/// </summary>
public static class HiLoBlock
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int height, int width,
        HiLoSpec attention, int hiddenDim)
    {
        using var layer = graph.BeginLayer(prefix, "HiLoBlock");
        var channels = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, height * width, channels);

        var attended = HiLoAttention.Build(graph, LayerNorm.Build(graph, x, prefix + ".norm1"), prefix + ".attn",
            height, width, attention);
        x = graph.Add(x, attended);
        var normed = LayerNorm.Build(graph, x, prefix + ".norm2");
        var output = graph.Add(x, DwMlp.Build(graph, normed, prefix + ".mlp", height, width, hiddenDim));

        long normFlops = (long)channels * height * width;
        layer.AddFlops(2 * normFlops + HiLoAttention.Flops(height, width, channels, attention)
            + DwMlp.Flops(height, width, channels, hiddenDim));
        return layer.Complete(output);
    }
}
