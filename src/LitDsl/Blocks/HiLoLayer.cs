using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// A HiLo attention on its own, as a one-layer model (the reference <c>HiLo</c> module by itself: parameter names have
/// no prefix, <c>l_q.weight</c>). The layer is named <c>attn</c>; FLOPs are <see cref="HiLoAttention.Flops"/>.
/// </summary>
public static class HiLoLayer
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, int height, int width, HiLoSpec spec,
        HiFiLayout hiFiLayout = HiFiLayout.Auto)
    {
        using var layer = graph.BeginLayer("attn", "HiLo");
        var output = HiLoAttention.Build(graph, x, "", height, width, spec, hiFiLayout);
        layer.AddFlops(HiLoAttention.Flops(height, width, x.Dim(-1), spec));
        return layer.Complete(output);
    }
}
