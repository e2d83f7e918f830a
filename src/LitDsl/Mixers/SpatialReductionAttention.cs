using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// Spatial-reduction attention (Wang et al., PVT; the <c>SRAttention</c> of github HubHop/vit-attention-benchmark):
/// queries <c>q</c> from every token; keys and values <c>kv</c> from the map shrunk by <c>sr</c>, an r×r convolution
/// with stride r, and its LayerNorm <c>norm</c> (with r = 1 there is neither, keys come from the tokens themselves);
/// softmax(q·kᵀ/√d)·v per head; <c>proj</c>.
/// <para>Parameters and FLOPs: <c>Architecture/SraCost.cs</c>.</para>
/// </summary>
public static class SpatialReductionAttention
{
    /// <summary>x [B, H·W, C] → [B, H·W, C] with <c>{prefix}.q</c>, <c>.kv</c>, <c>.sr</c>, <c>.norm</c>, <c>.proj</c>.</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width, MixerSpec spec)
    {
        const int B = GraphBuilder.Batch;
        var dim = x.Dim(-1);
        var tokens = height * width;
        x.Expect(B, tokens, dim);
        var (heads, headDim, ratio) = (spec.Heads, spec.HeadDim(dim), spec.ReductionRatio);

        var q = Linear.Build(graph, x, ParameterNames.Join(prefix, "q"), dim, spec.QkvBias);
        q = Mixers.SplitHeads(graph, q, headDim, heads)[0];

        var (source, keys) = (x, tokens);
        if (ratio > 1)
        {
            var map = graph.Reshape(graph.Transpose(x, 0, 2, 1), B, dim, height, width);
            long fanIn = (long)dim * ratio * ratio;
            var name = ParameterNames.Join(prefix, "sr");
            var weight = graph.Parameter(name + ".weight", [dim, dim, ratio, ratio], ParameterInit.UniformFanIn(fanIn));
            var bias = graph.Parameter(name + ".bias", [dim], ParameterInit.UniformFanIn(fanIn));
            var reduced = graph.Conv(map, weight, bias, ratio, ratio, 0);
            keys = reduced.DimensionAt(2) * reduced.DimensionAt(3);
            source = LayerNorm.Build(graph, graph.Transpose(graph.Reshape(reduced, B, dim, keys), 0, 2, 1),
                ParameterNames.Join(prefix, "norm"));
        }
        var kv = Linear.Build(graph, source, ParameterNames.Join(prefix, "kv"), 2 * dim, spec.QkvBias);
        // [B, M, 2C] → [2, B, heads, M, d]
        kv = graph.Transpose(graph.Reshape(kv, B, keys, 2, heads, headDim), 2, 0, 3, 1, 4);
        var attended = Mixers.Attend(graph, q, graph.Select(kv, 0, 0), graph.Select(kv, 0, 1), headDim);
        var merged = Mixers.MergeHeads(graph, attended, tokens, dim);
        return Linear.Build(graph, merged, ParameterNames.Join(prefix, "proj"), dim);
    }
}
