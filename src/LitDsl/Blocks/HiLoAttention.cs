using System;
using System.Collections.Generic;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// HiLo attention (Pan et al., "Fast Vision Transformers with HiLo Attention", NeurIPS 2022, arXiv 2205.13213), as the
/// reference <c>HiLo.forward</c>: the heads are split in two branches over the [H, W] token map.
/// <list type="bullet">
/// <item>Hi-Fi (high frequencies): <c>h_qkv</c>, self-attention inside each non-overlapping s×s window, <c>h_proj</c>.</item>
/// <item>Lo-Fi (low frequencies): queries <c>l_q</c> from every token; keys and values <c>l_kv</c> from the map average-pooled
/// by s (from the map itself when s = 1), global attention, <c>l_proj</c>.</item>
/// </list>
/// Both use scale = head_dim^-0.5 applied to q·kᵀ; the output is concat(Hi-Fi, Lo-Fi) on channels.
/// <para>FLOPs (reference <c>HiLo.flops</c>, with Hp = s·⌈H/s⌉, Wp = s·⌈W/s⌉, Np = Hp·Wp, M = (Hp/s)·(Wp/s),
/// h = Hi-Fi channels, l = Lo-Fi channels):
/// Hi-Fi = 3·Np·C·h + (Np/s²)·(s²)²·h·2 + Np·h²; Lo-Fi = Np·C·l + 2·M·C·l + 2·Np·l·M + Np·l².
/// The reference counts no projection biases, no softmax and no pooling.</para>
/// </summary>
public static class HiLoAttention
{
    /// <summary>
    /// x [B, H·W, C] → [B, H·W, C]. Parameters are <c>{prefix}.h_qkv</c>, <c>{prefix}.h_proj</c>, <c>{prefix}.l_q</c>,
    /// <c>{prefix}.l_kv</c>, <c>{prefix}.l_proj</c> (a branch with no heads has none). Opens no layer: callers do.
    /// </summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int height, int width, HiLoSpec spec)
    {
        var dim = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, height * width, dim);
        spec.Validate(dim);
        var ws = spec.WindowSize;
        var (paddedHeight, paddedWidth) = (RoundUp(height, ws), RoundUp(width, ws));
        var padded = paddedHeight != height || paddedWidth != width;
        if (padded && !spec.PadToWindow)
            throw new InvalidOperationException(
                $"HiLo: the {height}×{width} map is not a multiple of window size {ws}; enable padding to the window.");

        var map = graph.Reshape(x, GraphBuilder.Batch, height, width, dim);
        if (padded) map = graph.PadEnd(map, 0, paddedHeight - height, paddedWidth - width, 0);

        // Hi-Fi channels first, then Lo-Fi; a branch without heads is absent, as in the reference.
        var branches = new List<TensorValue>(2);
        if (spec.HiFiHeads > 0) branches.Add(HiFi(graph, map, prefix, spec));
        if (spec.LoFiHeads > 0) branches.Add(LoFi(graph, map, prefix, spec));
        if (padded)
            for (var i = 0; i < branches.Count; i++)
                branches[i] = graph.SliceStart(branches[i], [1, 2], [height, width]);

        var merged = branches.Count == 2 ? graph.Concat(-1, branches[0], branches[1]) : branches[0];
        return graph.Reshape(merged, GraphBuilder.Batch, height * width, dim);
    }

    /// <summary>The reference <c>HiLo.flops(N)</c> for an H×W map, generalised from its square map to H ≠ W.</summary>
    public static long Flops(int height, int width, int dim, HiLoSpec spec)
    {
        spec.Validate(dim);
        long ws = spec.WindowSize;
        long paddedHeight = RoundUp(height, spec.WindowSize), paddedWidth = RoundUp(width, spec.WindowSize);
        long positions = paddedHeight * paddedWidth;
        long hiFiDim = (long)spec.HiFiHeads * spec.HeadDim(dim), loFiDim = (long)spec.LoFiHeads * spec.HeadDim(dim);

        long windows = positions / (ws * ws), windowLength = ws * ws;
        long hiFi = positions * dim * hiFiDim * 3                     // h_qkv
            + windows * windowLength * windowLength * hiFiDim * 2     // q·kᵀ and attn·v per window
            + positions * hiFiDim * hiFiDim;                          // h_proj

        long keys = paddedHeight / ws * (paddedWidth / ws);
        long loFi = positions * dim * loFiDim                         // l_q
            + keys * dim * loFiDim * 2                                // l_kv
            + positions * loFiDim * keys * 2                          // q·kᵀ and attn·v
            + positions * loFiDim * loFiDim;                          // l_proj
        return hiFi + loFi;
    }

    /// <summary>Hi-Fi branch on the (padded) map [B, H, W, C] → [B, H, W, h].</summary>
    private static TensorValue HiFi(GraphBuilder graph, TensorValue map, string prefix, HiLoSpec spec)
    {
        const int B = GraphBuilder.Batch;
        var (height, width, dim) = (map.Dim(1), map.Dim(2), map.Dim(3));
        var (ws, heads, headDim) = (spec.WindowSize, spec.HiFiHeads, spec.HeadDim(dim));
        var (rowGroups, columnGroups) = (height / ws, width / ws);
        var hiFiDim = heads * headDim;

        // [B, H, W, C] → windows [B, Hg, Wg, s, s, C]
        var windows = graph.Transpose(graph.Reshape(map, B, rowGroups, ws, columnGroups, ws, dim), 0, 1, 3, 2, 4, 5);
        var qkv = Linear.Build(graph, windows, ParameterNames.Join(prefix, "h_qkv"), 3 * hiFiDim, spec.QkvBias);
        // → [3, B, windows, heads, s², head_dim]
        qkv = graph.Transpose(graph.Reshape(qkv, B, rowGroups * columnGroups, ws * ws, 3, heads, headDim), 3, 0, 1, 4, 2, 5);
        var attended = Attend(graph, graph.Select(qkv, 0, 0), graph.Select(qkv, 0, 1), graph.Select(qkv, 0, 2), headDim);

        // [B, windows, heads, s², d] → [B, Hg, Wg, s, s, h] → [B, Hg, s, Wg, s, h] → [B, H, W, h]
        var tokens = graph.Reshape(graph.Transpose(attended, 0, 1, 3, 2, 4), B, rowGroups, columnGroups, ws, ws, hiFiDim);
        tokens = graph.Reshape(graph.Transpose(tokens, 0, 1, 3, 2, 4, 5), B, height, width, hiFiDim);
        return Linear.Build(graph, tokens, ParameterNames.Join(prefix, "h_proj"), hiFiDim);
    }

    /// <summary>Lo-Fi branch on the (padded) map [B, H, W, C] → [B, H, W, l].</summary>
    private static TensorValue LoFi(GraphBuilder graph, TensorValue map, string prefix, HiLoSpec spec)
    {
        const int B = GraphBuilder.Batch;
        var (height, width, dim) = (map.Dim(1), map.Dim(2), map.Dim(3));
        var (ws, heads, headDim) = (spec.WindowSize, spec.LoFiHeads, spec.HeadDim(dim));
        var loFiDim = heads * headDim;

        var q = Linear.Build(graph, map, ParameterNames.Join(prefix, "l_q"), loFiDim, spec.QkvBias);
        q = graph.Transpose(graph.Reshape(q, B, height * width, heads, headDim), 0, 2, 1, 3);

        // Keys and values come from the map average-pooled by s: one token per window summarises it.
        var (source, keyCount) = (map, height * width);
        if (ws > 1)
        {
            var pooled = graph.AveragePool(graph.Transpose(map, 0, 3, 1, 2), ws, ws);
            keyCount = pooled.Dim(2) * pooled.Dim(3);
            source = graph.Transpose(graph.Reshape(pooled, B, dim, keyCount), 0, 2, 1);
        }
        var kv = Linear.Build(graph, source, ParameterNames.Join(prefix, "l_kv"), 2 * loFiDim, spec.QkvBias);
        // → [2, B, heads, M, head_dim]
        kv = graph.Transpose(graph.Reshape(kv, B, keyCount, 2, heads, headDim), 2, 0, 3, 1, 4);
        var attended = Attend(graph, q, graph.Select(kv, 0, 0), graph.Select(kv, 0, 1), headDim);

        var tokens = graph.Reshape(graph.Transpose(attended, 0, 2, 1, 3), B, height, width, loFiDim);
        return Linear.Build(graph, tokens, ParameterNames.Join(prefix, "l_proj"), loFiDim);
    }

    /// <summary>softmax(q·kᵀ · head_dim^-0.5)·v over the last two axes.</summary>
    private static TensorValue Attend(GraphBuilder graph, TensorValue q, TensorValue k, TensorValue v, int headDim)
    {
        var last = k.Rank - 1;
        var perm = new int[k.Rank];
        for (var i = 0; i < perm.Length; i++) perm[i] = i;
        (perm[last - 1], perm[last]) = (last, last - 1);

        // The reference multiplies by a Python float; PyTorch applies it to a float32 tensor as a float32 scalar.
        var scale = graph.FloatConstant((float)Math.Pow(headDim, -0.5));
        var scores = graph.Mul(graph.MatMul(q, graph.Transpose(k, perm)), scale);
        return graph.MatMul(graph.Softmax(scores, -1), v);
    }

    private static int RoundUp(int size, int multiple) => (size + multiple - 1) / multiple * multiple;
}
