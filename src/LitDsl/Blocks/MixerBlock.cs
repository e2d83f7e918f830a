using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// The reference LITv2 transformer <c>Block</c> with any token mixer: x + mixer(norm1(x)), then x + DWMlp(norm2(x)).
/// With <see cref="Mixer.HiLo"/> it is the reference's own block, name for name; <c>[HiLoStage]</c> and
/// <c>[AttentionStage]</c> both build it. The layer's kind names the mixer (<c>HiLoBlock</c>, <c>MsaBlock</c>, …).
/// Parameters and FLOPs: <c>Architecture/MixerBlockCost.cs</c>.
/// </summary>
public static class MixerBlock
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width,
        MixerSpec mixer, int hiddenDim)
    {
        using var layer = graph.BeginLayer(prefix, LayerKinds.MixerBlock(mixer.Kind));
        var channels = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, height * width, channels);

        var attended = Mixers.Build(graph, LayerNorm.Build(graph, x, prefix + ".norm1"), prefix + ".attn", height, width, mixer);
        x = graph.Add(x, attended);
        var normed = LayerNorm.Build(graph, x, prefix + ".norm2");
        var output = graph.Add(x, DwMlp.Build(graph, normed, prefix + ".mlp", height, width, hiddenDim));

        layer.AddFlops(MixerBlockCost.Flops(height.Value, width.Value, channels, hiddenDim, mixer));
        return layer.Complete(output);
    }

    /// <summary>FLOPs on an H×W map of <paramref name="dim"/> channels, in the reference convention (padded maps as HiLo counts them).</summary>
    public static long Flops(int height, int width, int dim, int hiddenDim, MixerSpec mixer) =>
        MixerBlockCost.Flops(height, width, dim, hiddenDim, mixer);
}
