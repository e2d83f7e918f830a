using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// One token mixer on its own, as a one-layer model (the module by itself: parameter names have no prefix, as PyTorch
/// names a bare module's, <c>qkv.weight</c>). The layer is named <c>attn</c>; FLOPs are <see cref="Mixers.Flops"/>.
/// </summary>
public static class MixerLayer
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, int height, int width, MixerSpec spec)
    {
        using var layer = graph.BeginLayer("attn", spec.Kind.ToString());
        var output = Mixers.Build(graph, x, "", height, width, spec);
        layer.AddFlops(Mixers.Flops(height, width, x.Dim(-1), spec));
        return layer.Complete(output);
    }
}
