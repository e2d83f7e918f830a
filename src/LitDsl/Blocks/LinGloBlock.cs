using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// LinGlo's encoder block (Fig. 3b) on tokens [B, H·W, C]: x + mixer(norm1(x)), then x + FFN(norm2(x)) with
/// FFN = fc1 (C → hid) → RP-CPE on the hid×H×W map (<see cref="RpCpe"/>) → GELU → fc2 (hid → C).
/// Names: <c>{prefix}.norm1</c>, <c>.attn</c>, <c>.norm2</c>, <c>.mlp.fc1</c>, <c>.mlp.cpe</c>, <c>.mlp.fc2</c>.
/// <para>Parameters and FLOPs: <c>Architecture/LinGloBlockCost.cs</c>.</para>
/// </summary>
public static class LinGloBlock
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width,
        MixerSpec mixer, int hiddenDim, int cpeBranches, RpCpeForm cpeForm = RpCpeForm.Folded)
    {
        using var layer = graph.BeginLayer(prefix, LayerKinds.LinGloBlock);
        const int B = GraphBuilder.Batch;
        var channels = x.Dim(-1);
        x.Expect(B, height * width, channels);

        var attended = Mixers.Build(graph, LayerNorm.Build(graph, x, prefix + ".norm1"), prefix + ".attn", height, width, mixer);
        x = graph.Add(x, attended);

        // The FFN runs on the token map like LITv2's DWMlp (fc1 and fc2 as 1×1 convolutions around the RP-CPE), so ONNX
        // Runtime keeps the hidden tensor in its blocked layout throughout.
        var ffn = DwMlp.OnMap(graph, LayerNorm.Build(graph, x, prefix + ".norm2"), prefix + ".mlp", height, width, hiddenDim,
            hidden => RpCpe.Build(graph, hidden, prefix + ".mlp.cpe", cpeBranches, cpeForm));
        var output = graph.Add(x, ffn);

        layer.AddFlops(LinGloBlockCost.Flops(height.Value, width.Value, channels, hiddenDim, mixer));
        return layer.Complete(output);
    }

    /// <summary>FLOPs on an H×W map of <paramref name="dim"/> channels, in the HiLo reference's convention.</summary>
    public static long Flops(int height, int width, int dim, int hiddenDim, MixerSpec mixer) =>
        LinGloBlockCost.Flops(height, width, dim, hiddenDim, mixer);
}
