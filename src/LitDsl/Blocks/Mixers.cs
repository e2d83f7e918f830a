using System;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>Builds and counts any <see cref="Mixer"/> from its <see cref="MixerSpec"/>: one switch for every block.</summary>
public static class Mixers
{
    /// <summary>
    /// x [B, H·W, C] → [B, H·W, C]; parameters under <paramref name="prefix"/> (none for an empty prefix, as a module used
    /// as the whole model). Opens no layer: callers do.
    /// </summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int height, int width, MixerSpec spec)
    {
        spec.Validate(height, width, x.Dim(-1));
        return spec.Kind switch
        {
            Mixer.HiLo => HiLoAttention.Build(graph, x, prefix, height, width, spec.ToHiLo()),
            Mixer.Msa => MultiHeadSelfAttention.Build(graph, x, prefix, height, width, spec),
            Mixer.Sra => SpatialReductionAttention.Build(graph, x, prefix, height, width, spec),
            Mixer.Window => WindowAttention.Build(graph, x, prefix, height, width, spec),
            Mixer.KeyOnly => KeyOnlyAttention.Build(graph, x, prefix, height, width, spec),
            _ => throw new InvalidOperationException($"Unknown mixer {(int)spec.Kind}."),
        };
    }

    /// <summary>The mixer's FLOPs over an H×W map of <paramref name="dim"/> channels (each mixer's doc gives its formula).</summary>
    public static long Flops(int height, int width, int dim, MixerSpec spec)
    {
        spec.Validate(height, width, dim);
        return spec.Kind switch
        {
            Mixer.HiLo => HiLoAttention.Flops(height, width, dim, spec.ToHiLo()),
            Mixer.Msa => MultiHeadSelfAttention.Flops(height, width, dim),
            Mixer.Sra => SpatialReductionAttention.Flops(height, width, dim, spec.ReductionRatio),
            Mixer.Window => WindowAttention.Flops(height, width, dim, spec.WindowSize),
            Mixer.KeyOnly => KeyOnlyAttention.Flops(height, width, dim, spec.Heads, spec.U1),
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
}
