using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// The reference <c>ConvFFNBlock</c> of LITv2's early stages (no attention): x + DWMlp(norm2(x)) on [B, H·W, C].
/// Parameters and FLOPs: <c>Architecture/ConvFfnBlockCost.cs</c>.
/// </summary>
public static class ConvFfnBlock
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width, int hiddenDim)
    {
        using var layer = graph.BeginLayer(prefix, LayerKinds.ConvFfnBlock);
        var channels = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, height * width, channels);

        var normed = LayerNorm.Build(graph, x, prefix + ".norm2");
        var output = graph.Add(x, DwMlp.Build(graph, normed, prefix + ".mlp", height, width, hiddenDim));

        layer.AddFlops(ConvFfnBlockCost.Flops(height.Value, width.Value, channels, hiddenDim));
        return layer.Complete(output);
    }

    /// <summary>FLOPs on an H×W map of <paramref name="dim"/> channels, in the reference convention.</summary>
    public static long Flops(int height, int width, int dim, int hiddenDim) => ConvFfnBlockCost.Flops(height, width, dim, hiddenDim);
}
