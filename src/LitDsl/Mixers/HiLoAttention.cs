using System;
using System.Collections.Generic;
using System.Linq;
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
/// A map whose sides the window size does not divide is zero-padded at the bottom and right and the output cropped,
/// as the reference detection code does, when the spec asks for it (<see cref="MixerSpec.PadToWindow"/>): both branches
/// run on the padded map, padded tokens included (nothing is masked), and a map of symbolic size always takes that path
/// (the pad is 0 where the window divides it).
/// Parameters and FLOPs: <c>Architecture/HiLoCost.cs</c>.
/// </summary>
public static class HiLoAttention
{
    /// <summary>
    /// x [B, H·W, C] → [B, H·W, C]. Parameters are <c>{prefix}.h_qkv</c>, <c>{prefix}.h_proj</c>, <c>{prefix}.l_q</c>,
    /// <c>{prefix}.l_kv</c>, <c>{prefix}.l_proj</c> (a branch with no heads has none). Opens no layer: callers do.
    /// </summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width, MixerSpec spec,
        HiFiLayout hiFiLayout = HiFiLayout.Auto)
    {
        var dim = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, height * width, dim);
        spec.Validate(height.Value, width.Value, dim, height.IsFixed && width.IsFixed);
        var ws = spec.WindowSize;
        var (paddedHeight, paddedWidth) = (height.RoundUp(ws), width.RoundUp(ws));
        var padded = !paddedHeight.Equals(height) || !paddedWidth.Equals(width);

        var map = graph.Reshape(x, GraphBuilder.Batch, height, width, dim);
        if (padded) map = graph.PadEnd(map, 0, paddedHeight - height, paddedWidth - width, 0);

        var projections = Projections.Declare(graph, prefix, dim, spec);
        var maskedHiFi = spec.HiFiHeads > 0 && ResolveLayout(map, spec, hiFiLayout) == HiFiLayout.Masked;
        var poolKeys = ws > 1;
        var heads = HeadsFromMap(graph, map, spec, projections, maskedHiFi, poolKeys);

        // Hi-Fi channels first, then Lo-Fi; a branch without heads is absent, as in the reference.
        var branches = new List<TensorValue>(2);
        if (spec.HiFiHeads > 0)
            branches.Add(maskedHiFi
                ? MaskedHiFi(graph, map, spec, projections.HiFiOut!.Value, heads[0], heads[1], heads[2])
                : WindowedHiFi(graph, map, spec, projections.HiFiQkv!.Value, projections.HiFiOut!.Value));
        if (spec.LoFiHeads > 0)
        {
            var first = maskedHiFi ? 3 : 0;
            branches.Add(poolKeys
                ? LoFi(graph, map, spec, projections, heads[first], null, null)
                : LoFi(graph, map, spec, projections, heads[first], heads[first + 1], heads[first + 2]));
        }
        if (padded)
            for (var i = 0; i < branches.Count; i++)
                branches[i] = graph.SliceStart(branches[i], [1, 2], [height, width]);

        var merged = branches.Count == 2 ? graph.Concat(-1, branches[0], branches[1]) : branches[0];
        return graph.Reshape(merged, GraphBuilder.Batch, height * width, dim);
    }

    /// <summary>
    /// The projections that read the map itself, as one Gemm: masked Hi-Fi's h_qkv, Lo-Fi's l_q, and l_kv when the keys
    /// are not pooled (s = 1); windowed Hi-Fi projects the window-ordered map instead. Their outputs are whole heads of
    /// head_dim channels, so one reshape, one head-first transpose and one split of the head axis give every branch its
    /// [B, heads, N, d] tensors, in this order: Hi-Fi q, k, v, then Lo-Fi q (k, v). One wide Gemm instead of two narrow
    /// ones keeps the matrix kernel busier (measured in benchmarks/README.md).
    /// </summary>
    private static TensorValue[] HeadsFromMap(GraphBuilder graph, TensorValue map, MixerSpec spec, Projections projections,
        bool maskedHiFi, bool poolKeys)
    {
        var fromMap = new List<LinearParameters>(3);
        var headGroups = new List<int>(6);
        if (maskedHiFi)
        {
            fromMap.Add(projections.HiFiQkv!.Value);
            headGroups.AddRange([spec.HiFiHeads, spec.HiFiHeads, spec.HiFiHeads]);
        }
        if (spec.LoFiHeads > 0)
        {
            fromMap.Add(projections.LoFiQ!.Value);
            headGroups.Add(spec.LoFiHeads);
            if (!poolKeys)
            {
                fromMap.Add(projections.LoFiKv!.Value);
                headGroups.AddRange([spec.LoFiHeads, spec.LoFiHeads]);
            }
        }
        return fromMap.Count == 0 ? []
            : Mixers.SplitHeads(graph, Linear.ApplySideBySide(graph, map, [.. fromMap]), spec.HeadDim(map.Dim(3)), [.. headGroups]);
    }

    /// <summary>
    /// Above this many windows, Hi-Fi attends window by window; at or below it, over the whole map with a mask. The
    /// masked form does (windows)× the q·kᵀ and attn·v work of the windowed one, but as two ordinary matrix products with
    /// no window partition (four transposes of the map) and no thousands of s²×s² products; with few windows that
    /// extra work is a small share of the model (the graph's own count, <c>ModelGraph.Cost</c>, shows it).
    /// </summary>
    public const int MaskedHiFiMaxWindows = 64;

    /// <summary>
    /// Above this many tokens the masked form is not used whatever the window count: its mask is a constant of
    /// tokens² floats (4096 tokens: 64 MiB), which a large map or a window padded far beyond the map would make huge.
    /// </summary>
    public const int MaskedHiFiMaxTokens = 4096;

    /// <summary>The Hi-Fi layout for the (padded) map [B, H, W, C]: Auto picks by the number of windows and tokens.</summary>
    private static HiFiLayout ResolveLayout(TensorValue map, MixerSpec spec, HiFiLayout layout)
    {
        // The mask is a constant of the map's tokens²: a map of symbolic size has none.
        if (!map.IsStatic) return HiFiLayout.Windowed;
        if (layout != HiFiLayout.Auto) return layout;
        var windows = map.Dim(1) / spec.WindowSize * (map.Dim(2) / spec.WindowSize);
        var tokens = (long)map.Dim(1) * map.Dim(2);
        return windows <= MaskedHiFiMaxWindows && tokens <= MaskedHiFiMaxTokens ? HiFiLayout.Masked : HiFiLayout.Windowed;
    }

    /// <summary>
    /// Hi-Fi as attention over all tokens of the map, each query restricted to its own s×s window by an additive mask
    /// (0 inside the window, −∞ outside). Softmax gives exactly 0 to the masked keys, so every output is the same
    /// weighted sum of the same values as in the reference's per-window attention; only the order of float additions
    /// differs.
    /// </summary>
    private static TensorValue MaskedHiFi(GraphBuilder graph, TensorValue map, MixerSpec spec, LinearParameters output,
        TensorValue q, TensorValue k, TensorValue v)
    {
        var (height, width, dim) = (map.Dim(1), map.Dim(2), map.Dim(3));
        var (ws, heads, headDim) = (spec.WindowSize, spec.HiFiHeads, spec.HeadDim(dim));
        var hiFiDim = heads * headDim;
        var tokens = height * width;

        var mask = graph.FloatTensorConstant(WindowMaskName(height, width, ws), [tokens, tokens],
            WindowMask(height, width, ws));
        var attended = Mixers.Attend(graph, q, k, v, headDim, mask);

        // [B, heads, N, d] → [B, N, heads, d] → [B, H, W, h]
        var merged = Mixers.MergeHeads(graph, attended, height, width, hiFiDim);
        return Linear.Apply(graph, merged, output);
    }

    private static string WindowMaskName(int height, int width, int ws) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"const_hifi_window_mask_{height}x{width}_ws{ws}");

    /// <summary>[N, N], row-major over the map's tokens: 0 where query and key share an s×s window, −∞ elsewhere.</summary>
    internal static float[] WindowMask(int height, int width, int ws)
    {
        var tokens = height * width;
        var windowColumns = width / ws;
        var mask = new float[(long)tokens * tokens];
        for (var q = 0; q < tokens; q++)
        {
            var queryWindow = q / width / ws * windowColumns + q % width / ws;
            for (var k = 0; k < tokens; k++)
            {
                var keyWindow = k / width / ws * windowColumns + k % width / ws;
                mask[(long)q * tokens + k] = queryWindow == keyWindow ? 0f : float.NegativeInfinity;
            }
        }
        return mask;
    }

    /// <summary>Hi-Fi window by window, as the reference computes it, for maps with many windows.</summary>
    private static TensorValue WindowedHiFi(GraphBuilder graph, TensorValue map, MixerSpec spec, LinearParameters qkvProjection,
        LinearParameters output)
    {
        const int B = GraphBuilder.Batch;
        var (height, width, dim) = (map.DimensionAt(1), map.DimensionAt(2), map.Dim(3));
        var (ws, heads, headDim) = (spec.WindowSize, spec.HiFiHeads, spec.HeadDim(dim));
        var (rowGroups, columnGroups) = (height.FloorDivide(ws), width.FloorDivide(ws));
        var hiFiDim = heads * headDim;

        // [B, H, W, C] → windows [B, Hg, Wg, s, s, C]
        var windows = graph.Transpose(graph.Reshape(map, B, rowGroups, ws, columnGroups, ws, dim), 0, 1, 3, 2, 4, 5);
        var qkv = Linear.Apply(graph, windows, qkvProjection);
        // → [B, windows, 3·heads, s², head_dim] → q, k, v [B, windows, heads, s², head_dim]
        qkv = graph.Transpose(graph.Reshape(qkv, B, rowGroups * columnGroups, ws * ws, 3 * heads, headDim), 0, 1, 3, 2, 4);
        var parts = graph.Split(qkv, 2, 3);
        var attended = Mixers.Attend(graph, parts[0], parts[1], parts[2], headDim);

        // [B, windows, heads, s², d] → [B, Hg, Wg, s, s, h] → [B, Hg, s, Wg, s, h] → [B, H, W, h]
        var tokens = graph.Reshape(graph.Transpose(attended, 0, 1, 3, 2, 4), B, rowGroups, columnGroups, ws, ws, hiFiDim);
        tokens = graph.Reshape(graph.Transpose(tokens, 0, 1, 3, 2, 4, 5), B, height, width, hiFiDim);
        return Linear.Apply(graph, tokens, output);
    }

    /// <summary>
    /// Lo-Fi branch on the (padded) map [B, H, W, C] → [B, H, W, l], given its queries [B, heads, N, d] and, when s = 1,
    /// its keys and values of the map itself (null otherwise: they come from the pooled map here).
    /// </summary>
    private static TensorValue LoFi(GraphBuilder graph, TensorValue map, MixerSpec spec, Projections projections,
        TensorValue q, TensorValue? k, TensorValue? v)
    {
        const int B = GraphBuilder.Batch;
        var (height, width, dim) = (map.DimensionAt(1), map.DimensionAt(2), map.Dim(3));
        var (ws, heads, headDim) = (spec.WindowSize, spec.LoFiHeads, spec.HeadDim(dim));
        var loFiDim = heads * headDim;

        if (k is null || v is null)
        {
            // Keys and values come from the map average-pooled by s: one token per window summarises it. The reference
            // pools in NCHW (AvgPool2d); the same mean is taken here in the channels-last map by viewing it as
            // [B, H/s, s, W/s, s, C] and averaging axes 2 and 4, so no layout round trip is needed.
            var (rowGroups, columnGroups) = (height.FloorDivide(ws), width.FloorDivide(ws));
            var pooled = graph.ReduceMean(graph.Reshape(map, B, rowGroups, ws, columnGroups, ws, dim), 2, 4);
            var kv = Linear.Apply(graph, pooled, projections.LoFiKv!.Value);
            var keyValue = Mixers.SplitHeads(graph, kv, headDim, heads, heads);
            (k, v) = (keyValue[0], keyValue[1]);
        }
        var attended = Mixers.Attend(graph, q, k, v, headDim);

        var tokens = Mixers.MergeHeads(graph, attended, height, width, loFiDim);
        return Linear.Apply(graph, tokens, projections.LoFiOut!.Value);
    }


    /// <summary>The five projections, declared in the reference <c>state_dict</c>'s order; a branch without heads has none.</summary>
    private readonly record struct Projections(LinearParameters? HiFiQkv, LinearParameters? HiFiOut, LinearParameters? LoFiQ,
        LinearParameters? LoFiKv, LinearParameters? LoFiOut)
    {
        public static Projections Declare(GraphBuilder graph, string prefix, int dim, MixerSpec spec)
        {
            var headDim = spec.HeadDim(dim);
            var (hiFi, loFi) = (spec.HiFiHeads > 0, spec.LoFiHeads > 0);
            var (hiFiDim, loFiDim) = (spec.HiFiHeads * headDim, spec.LoFiHeads * headDim);
            LinearParameters? DeclareIf(bool present, string name, int inFeatures, int outFeatures, bool bias) =>
                present ? Linear.Declare(graph, ParameterNames.Join(prefix, name), inFeatures, outFeatures, bias) : null;
            return new Projections(
                HiFiQkv: DeclareIf(hiFi, "h_qkv", dim, 3 * hiFiDim, spec.QkvBias),
                HiFiOut: DeclareIf(hiFi, "h_proj", hiFiDim, hiFiDim, bias: true),
                LoFiQ: DeclareIf(loFi, "l_q", dim, loFiDim, spec.QkvBias),
                LoFiKv: DeclareIf(loFi, "l_kv", dim, 2 * loFiDim, spec.QkvBias),
                LoFiOut: DeclareIf(loFi, "l_proj", loFiDim, loFiDim, bias: true));
        }
    }

}
