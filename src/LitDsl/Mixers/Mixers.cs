using System;
using System.Linq;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// Builds any <see cref="Mixer"/> from its <see cref="MixerSpec"/>: one switch for every block (their costs:
/// <c>Architecture/MixerCost.cs</c>), and the attention pieces the mixers share.
/// </summary>
public static class Mixers
{
    /// <summary>
    /// x [B, H·W, C] → [B, H·W, C]; parameters under <paramref name="prefix"/> (none for an empty prefix, as a module used
    /// as the whole model). Opens no layer: callers do.
    /// </summary>
    /// <param name="hiFiLayout">HiLo only: how Hi-Fi is computed (both layouts give the reference's result).</param>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width, MixerSpec spec,
        HiFiLayout hiFiLayout = HiFiLayout.Auto)
    {
        spec.Validate(height.Value, width.Value, x.Dim(-1), height.IsFixed && width.IsFixed);
        return spec.Kind switch
        {
            Mixer.HiLo => HiLoAttention.Build(graph, x, prefix, height, width, spec, hiFiLayout),
            Mixer.Msa => MultiHeadSelfAttention.Build(graph, x, prefix, height, width, spec),
            Mixer.Sra => SpatialReductionAttention.Build(graph, x, prefix, height, width, spec),
            Mixer.Window => WindowAttention.Build(graph, x, prefix, height, width, spec),
            Mixer.KeyOnly => KeyOnlyAttention.Build(graph, x, prefix, height, width, spec),
            _ => throw new InvalidOperationException($"Unknown mixer {(int)spec.Kind}."),
        };
    }

    /// <summary>
    /// softmax(q·kᵀ · head_dim^-0.5 [+ mask])·v over the last two axes (q, k, v: [..., tokens, head_dim]); the mask, when
    /// given, is added to the scaled scores (HiLo's masked Hi-Fi).
    /// </summary>
    internal static TensorValue Attend(GraphBuilder graph, TensorValue q, TensorValue k, TensorValue v, int headDim,
        TensorValue? mask = null)
    {
        var last = k.Rank - 1;
        var perm = new int[k.Rank];
        for (var i = 0; i < perm.Length; i++) perm[i] = i;
        (perm[last - 1], perm[last]) = (last, last - 1);
        // PyTorch multiplies by the Python float head_dim ** -0.5 as a float32 scalar; so do we.
        var scale = graph.FloatConstant((float)Math.Pow(headDim, -0.5));
        var scores = graph.Mul(graph.MatMul(q, graph.Transpose(k, perm)), scale);
        if (mask is not null) scores = graph.Add(scores, mask);
        return graph.MatMul(graph.Softmax(scores, -1), v);
    }

    /// <summary>
    /// Projections [B, …, Σgroups·d] (any token layout; the reference's channel order is (group, head, head_dim)) →
    /// one tensor [B, heads, N, d] per group of <paramref name="headGroups"/>: one reshape, one transpose that puts the
    /// heads first, one split of the head axis.
    /// </summary>
    internal static TensorValue[] SplitHeads(GraphBuilder graph, TensorValue projected, int headDim, params int[] headGroups)
    {
        var tokens = projected.Dimensions.Skip(1).SkipLast(1).Aggregate((Dimension)1, (a, b) => a * b);
        var totalHeads = headGroups.Sum();
        var headFirst = graph.Transpose(graph.Reshape(projected, GraphBuilder.Batch, tokens, totalHeads, headDim), 0, 2, 1, 3);
        return headGroups.Length == 1 ? [headFirst] : graph.SplitSizes(headFirst, 1, headGroups);
    }

    /// <summary>
    /// Heads [B, heads, N, d] → tokens [B, N, heads·d], reshaped to [B, <paramref name="sampleShape"/>] (the tokens or
    /// their map): the inverse of <see cref="SplitHeads"/> for one group.
    /// </summary>
    internal static TensorValue MergeHeads(GraphBuilder graph, TensorValue heads, params Dimension[] sampleShape) =>
        graph.Reshape(graph.Transpose(heads, 0, 2, 1, 3), [GraphBuilder.Batch, .. sampleShape]);
}
