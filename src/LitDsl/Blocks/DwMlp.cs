using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// The reference <c>DWMlp</c> shared by <see cref="ConvFfnBlock"/> and <see cref="HiLoBlock"/>: fc1 → 3×3 depthwise
/// convolution over the token grid → GELU (erf) → fc2, on [B, H·W, C] tokens.
/// </summary>
internal static class DwMlp
{
    /// <summary>Adds <c>{prefix}.fc1.*</c>, <c>{prefix}.dwconv.dwconv.*</c> and <c>{prefix}.fc2.*</c>.</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int height, int width, int hiddenDim)
    {
        var channels = x.Dim(-1);
        var hidden = Linear.Build(graph, x, prefix + ".fc1", hiddenDim);
        hidden = DepthwiseConv(graph, hidden, prefix + ".dwconv.dwconv", height, width);
        return Linear.Build(graph, graph.Gelu(hidden), prefix + ".fc2", channels);
    }

    /// <summary>
    /// FLOPs of fc1, the depthwise convolution and fc2, as the reference blocks count them:
    /// 9·hid·H·W + hid·H·W (depthwise 3×3 with bias, <c>conv_flops</c>) + 2·H·W·C·hid (the two linears, no biases).
    /// </summary>
    public static long Flops(int height, int width, int channels, int hiddenDim)
    {
        long positions = (long)height * width;
        return 9 * positions * hiddenDim + positions * hiddenDim + 2 * positions * channels * hiddenDim;
    }

    /// <summary>
    /// The reference <c>DWConv</c>: tokens [B, N, hid] viewed as a map [B, hid, H, W], a 3×3 convolution with one group
    /// per channel, and back. The weight's init follows the reference's fan-out rule: fan_out = k·k·out/groups = 9.
    /// <para>Layout: the tokens are reshaped (free) to NHWC [B, H, W, hid] and transposed by the 4-D NHWC→NCHW
    /// permutation right before the Conv, and back by NCHW→NHWC right after it. ONNX Runtime's CPU layout pass runs the
    /// depthwise Conv in its blocked NCHWc format and absorbs exactly these two transposes into its reorders
    /// (ReorderInput/ReorderOutput with channels_last), so the hidden-size tensor is copied twice instead of four
    /// times.</para>
    /// </summary>
    private static TensorValue DepthwiseConv(GraphBuilder graph, TensorValue x, string name, int height, int width)
    {
        var channels = x.Dim(-1);
        var weight = graph.Parameter(name + ".weight", [channels, 1, 3, 3], ParameterInit.Normal(System.Math.Sqrt(2.0 / 9)));
        var bias = graph.Parameter(name + ".bias", [channels], ParameterInit.Zeros);
        var map = graph.Transpose(graph.Reshape(x, GraphBuilder.Batch, height, width, channels), 0, 3, 1, 2);
        var convolved = graph.Conv(map, weight, bias, kernel: 3, stride: 1, padding: 1, groups: channels);
        return graph.Reshape(graph.Transpose(convolved, 0, 2, 3, 1), GraphBuilder.Batch, height * width, channels);
    }
}
