using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// The reference <c>DWMlp</c> shared by <see cref="ConvFfnBlock"/>, <see cref="HiLoBlock"/> and <see cref="MixerBlock"/>:
/// fc1 → 3×3 depthwise convolution over the token grid → GELU (erf) → fc2, on [B, H·W, C] tokens.
/// <para>Layout: fc1 runs as a 1×1 convolution on the token map, right before the depthwise one. The tokens are
/// reshaped (free) to NHWC and transposed to NCHW; ONNX Runtime's CPU layout pass runs both convolutions in its blocked
/// NCHWc format and absorbs the transpose into its input reorder, so only the C-wide input is reordered on the way
/// in, not the 4–8× wider hidden tensor fc1 makes. On the way out the hidden map is transposed back to tokens (one
/// reorder) for GELU and fc2, which stays a Gemm. Measured on litv2-s, ORT 1.30 CPU, 2 threads: 1.04–1.06× the
/// all-Gemm form's speed (benchmarks/README.md).</para>
/// </summary>
internal static class DwMlp
{
    /// <summary>Adds <c>{prefix}.fc1.*</c>, <c>{prefix}.dwconv.dwconv.*</c> and <c>{prefix}.fc2.*</c>.</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int height, int width, int hiddenDim)
    {
        var channels = x.Dim(-1);
        var map = graph.Transpose(graph.Reshape(x, GraphBuilder.Batch, height, width, channels), 0, 3, 1, 2);
        var hidden = Linear.BuildPointwise(graph, map, prefix + ".fc1", hiddenDim);
        hidden = DepthwiseConv(graph, hidden, prefix + ".dwconv.dwconv");
        var tokens = graph.Reshape(graph.Transpose(hidden, 0, 2, 3, 1), GraphBuilder.Batch, height * width, hiddenDim);
        return Linear.Build(graph, graph.Gelu(tokens), prefix + ".fc2", channels);
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
    /// The reference <c>DWConv</c> on the hidden map [B, hid, H, W]: a 3×3 convolution with one group per channel. The
    /// weight's init follows the reference's fan-out rule: fan_out = k·k·out/groups = 9.
    /// </summary>
    private static TensorValue DepthwiseConv(GraphBuilder graph, TensorValue map, string name)
    {
        var channels = map.Dim(1);
        var weight = graph.Parameter(name + ".weight", [channels, 1, 3, 3], ParameterInit.Normal(System.Math.Sqrt(2.0 / 9)));
        var bias = graph.Parameter(name + ".bias", [channels], ParameterInit.Zeros);
        return graph.Conv(map, weight, bias, kernel: 3, stride: 1, padding: 1, groups: channels);
    }
}
