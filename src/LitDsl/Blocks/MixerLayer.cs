using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// One token mixer on its own, as a one-layer model (the module by itself: parameter names have no prefix, as PyTorch
/// names a bare module's, <c>qkv.weight</c>, <c>l_q.weight</c>); <c>[HiLoLayer]</c> and <c>[AttentionLayer]</c> both
/// build it. The layer is named <c>attn</c> and its kind is the mixer's name. FLOPs: <c>Architecture/MixerCost.cs</c>.
/// </summary>
public static class MixerLayer
{
    /// <param name="hiFiLayout">HiLo only: how Hi-Fi is computed (both layouts give the reference's result).</param>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, Dimension height, Dimension width, MixerSpec spec,
        HiFiLayout hiFiLayout = HiFiLayout.Auto)
    {
        using var layer = graph.BeginLayer("attn", LayerKinds.MixerLayer(spec.Kind));
        var output = Mixers.Build(graph, x, "", height, width, spec, hiFiLayout);
        layer.AddFlops(MixerCost.Flops(spec, height.Value, width.Value, x.Dim(-1)));
        return layer.Complete(output);
    }
}
