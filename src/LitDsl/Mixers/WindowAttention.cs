using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// Local window attention (Liu et al., Swin's W-MSA without shift and without relative position bias, as the
/// benchmark of github HubHop/vit-attention-benchmark runs it): the H×W map is cut into non-overlapping s×s windows,
/// <c>qkv</c>, softmax(q·kᵀ/√d)·v per head inside each window, <c>proj</c>. A map whose sides s does not divide is
/// zero-padded at the bottom and right when the spec asks for it (<see cref="MixerSpec.PadToWindow"/>), and the output
/// cropped back, as the benchmark's module and Swin do: the padded tokens take part in their windows' attention.
/// <para>Parameters and FLOPs: <c>Architecture/WindowCost.cs</c>.</para>
/// </summary>
public static class WindowAttention
{
    /// <summary>x [B, H·W, C] → [B, H·W, C] with <c>{prefix}.qkv</c> and <c>{prefix}.proj</c>.</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width, MixerSpec spec)
    {
        const int B = GraphBuilder.Batch;
        var dim = x.Dim(-1);
        x.Expect(B, height * width, dim);
        var (ws, heads, headDim) = (spec.WindowSize, spec.Heads, spec.HeadDim(dim));
        var (paddedHeight, paddedWidth) = (height.RoundUp(ws), width.RoundUp(ws));
        var padded = !paddedHeight.Equals(height) || !paddedWidth.Equals(width);
        var (rows, columns) = (paddedHeight.FloorDivide(ws), paddedWidth.FloorDivide(ws));
        var windowTokens = ws * ws;

        // [B, H·W, C] (padded through [B, H, W, C] when needed) → [B, Hg, s, Wg, s, C] → windows [B, Hg, Wg, s, s, C]
        // → [B, Hg·Wg, s², C]
        var source = padded
            ? graph.PadEnd(graph.Reshape(x, B, height, width, dim), 0, paddedHeight - height, paddedWidth - width, 0)
            : x;
        var windows = graph.Transpose(graph.Reshape(source, B, rows, ws, columns, ws, dim), 0, 1, 3, 2, 4, 5);
        windows = graph.Reshape(windows, B, rows * columns, windowTokens, dim);
        var qkv = Linear.Build(graph, windows, ParameterNames.Join(prefix, "qkv"), 3 * dim, spec.QkvBias);
        // → [3, B, windows, heads, s², d]
        qkv = graph.Transpose(graph.Reshape(qkv, B, rows * columns, windowTokens, 3, heads, headDim), 3, 0, 1, 4, 2, 5);
        var attended = Mixers.Attend(graph, graph.Select(qkv, 0, 0), graph.Select(qkv, 0, 1), graph.Select(qkv, 0, 2), headDim);
        // [B, windows, heads, s², d] → [B, windows, s², C]; Swin projects inside the windows, then merges them.
        var merged = graph.Reshape(graph.Transpose(attended, 0, 1, 3, 2, 4), B, rows * columns, windowTokens, dim);
        var projected = Linear.Build(graph, merged, ParameterNames.Join(prefix, "proj"), dim);
        var map = graph.Transpose(graph.Reshape(projected, B, rows, columns, ws, ws, dim), 0, 1, 3, 2, 4, 5);
        if (padded)
            map = graph.SliceStart(graph.Reshape(map, B, paddedHeight, paddedWidth, dim), [1, 2], [height, width]);
        return graph.Reshape(map, B, height * width, dim);
    }
}
