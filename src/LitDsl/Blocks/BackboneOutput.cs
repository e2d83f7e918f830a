using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// One output of a dense-prediction backbone, as the reference detection and segmentation backbones make it from a
/// stage's tokens [B, H·W, C]: through the backbone's own LayerNorm <c>norm{i}</c> (i the stage's 0-based index) when
/// the output is normalised, then to an NCHW map [B, C, H, W]. The stage's next layers read the tokens before the norm.
/// A normalised output is the layer <c>norm{i}</c> (kind <c>OutputNorm</c>); an output without a norm is no layer.
/// <para>Parameters and FLOPs of the norm: <c>Architecture/OutputNormCost.cs</c>.</para>
/// </summary>
public static class BackboneOutput
{
    /// <param name="stageIndex">The stage's 0-based index, as the reference's <c>out_indices</c> and <c>norm{i}</c> count.</param>
    /// <param name="normalize">Whether the output passes through <c>norm{i}</c>.</param>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, int stageIndex, Dimension height, Dimension width,
        bool normalize)
    {
        const int B = GraphBuilder.Batch;
        var channels = x.Dim(-1);
        x.Expect(B, height * width, channels);
        if (!normalize) return ToMap(graph, x, height, width);

        var name = NormName(stageIndex);
        using var layer = graph.BeginLayer(name, LayerKinds.OutputNorm);
        var map = ToMap(graph, LayerNorm.Build(graph, x, name), height, width);
        layer.AddFlops(OutputNormCost.Flops(height.Value, width.Value, channels));
        return layer.Complete(map);
    }

    /// <summary>FLOPs of a normalised output on an H×W map of <paramref name="dim"/> channels (<c>Architecture/OutputNormCost.cs</c>).</summary>
    public static long Flops(int height, int width, int dim) => OutputNormCost.Flops(height, width, dim);

    /// <summary>The name of stage <paramref name="stageIndex"/>'s output norm in the reference state_dict: <c>norm{i}</c>.</summary>
    public static string NormName(int stageIndex) => BackboneOutputNames.Norm(stageIndex);

    /// <summary>The name of stage <paramref name="stageIndex"/>'s output in the graph: <c>out{i}</c>, as the reference's tuple entries.</summary>
    public static string OutputName(int stageIndex) => BackboneOutputNames.Output(stageIndex);

    private static TensorValue ToMap(GraphBuilder graph, TensorValue tokens, Dimension height, Dimension width) =>
        graph.Transpose(graph.Reshape(tokens, GraphBuilder.Batch, height, width, tokens.Dim(-1)), 0, 3, 1, 2);
}
