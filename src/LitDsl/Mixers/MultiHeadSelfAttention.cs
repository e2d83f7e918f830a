using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// Standard multi-head self-attention (Dosovitskiy et al., ViT; the <c>Attention</c> of github
/// HubHop/vit-attention-benchmark): <c>qkv</c> (C → 3C), softmax(q·kᵀ/√d)·v per head over all N = H·W tokens,
/// <c>proj</c> (C → C).
/// <para>Parameters and FLOPs: <c>Architecture/MsaCost.cs</c>.</para>
/// </summary>
public static class MultiHeadSelfAttention
{
    /// <summary>x [B, H·W, C] → [B, H·W, C] with <c>{prefix}.qkv</c> and <c>{prefix}.proj</c>.</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width, MixerSpec spec)
    {
        const int B = GraphBuilder.Batch;
        var dim = x.Dim(-1);
        var tokens = height * width;
        x.Expect(B, tokens, dim);
        var (heads, headDim) = (spec.Heads, spec.HeadDim(dim));

        var qkv = Linear.Build(graph, x, ParameterNames.Join(prefix, "qkv"), 3 * dim, spec.QkvBias);
        // [B, N, 3C] → [3, B, heads, N, d]
        qkv = graph.Transpose(graph.Reshape(qkv, B, tokens, 3, heads, headDim), 2, 0, 3, 1, 4);
        var attended = Mixers.Attend(graph, graph.Select(qkv, 0, 0), graph.Select(qkv, 0, 1), graph.Select(qkv, 0, 2), headDim);
        var merged = Mixers.MergeHeads(graph, attended, tokens, dim);
        return Linear.Build(graph, merged, ParameterNames.Join(prefix, "proj"), dim);
    }
}
