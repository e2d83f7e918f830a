using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// The reference LITv2 transformer <c>Block</c> with any token mixer in place of HiLo: x + mixer(norm1(x)), then
/// x + DWMlp(norm2(x)). With <see cref="Mixer.HiLo"/> it is <see cref="HiLoBlock"/>, name for name.
/// FLOPs = 2·C·H·W (norms) + the mixer's (<see cref="Mixers.Flops"/>) + the DWMlp's (<see cref="DwMlp.Flops"/>).
/// </summary>
public static class MixerBlock
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int height, int width,
        MixerSpec mixer, int hiddenDim)
    {
        using var layer = graph.BeginLayer(prefix, mixer.Kind + "Block");
        var channels = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, height * width, channels);

        var attended = Mixers.Build(graph, LayerNorm.Build(graph, x, prefix + ".norm1"), prefix + ".attn", height, width, mixer);
        x = graph.Add(x, attended);
        var normed = LayerNorm.Build(graph, x, prefix + ".norm2");
        var output = graph.Add(x, DwMlp.Build(graph, normed, prefix + ".mlp", height, width, hiddenDim));

        long normFlops = (long)channels * height * width;
        layer.AddFlops(2 * normFlops + Mixers.Flops(height, width, channels, mixer) + DwMlp.Flops(height, width, channels, hiddenDim));
        return layer.Complete(output);
    }
}
