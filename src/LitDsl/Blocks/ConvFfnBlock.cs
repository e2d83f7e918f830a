using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// The reference <c>ConvFFNBlock</c> of LITv2's early stages (no attention): x + DWMlp(norm2(x)) on [B, H·W, C].
/// FLOPs = 9·hid·H·W + hid·H·W (depthwise conv) + 2·H·W·C·hid (fc1, fc2) + C·H·W (norm2).
/// </summary>
public static class ConvFfnBlock
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int height, int width, int hiddenDim)
    {
        using var layer = graph.BeginLayer(prefix, "ConvFfnBlock");
        var channels = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, height * width, channels);

        var normed = LayerNorm.Build(graph, x, prefix + ".norm2");
        var output = graph.Add(x, DwMlp.Build(graph, normed, prefix + ".mlp", height, width, hiddenDim));

        layer.AddFlops(DwMlp.Flops(height, width, channels, hiddenDim) + (long)channels * height * width);
        return layer.Complete(output);
    }
}
