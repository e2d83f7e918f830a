using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// The reference <c>DWMlp</c> shared by <see cref="ConvFfnBlock"/> and <see cref="MixerBlock"/>
/// (and, with its RP-CPE as the middle convolution, <see cref="LinGloBlock"/>):
/// fc1 → 3×3 depthwise convolution over the token grid → GELU (erf) → fc2, on [B, H·W, C] tokens.
/// <para>Layout: the whole FFN runs on the token map. The tokens are reshaped (free) to NHWC and transposed to NCHW;
/// fc1 and fc2 are 1×1 convolutions around the depthwise one, and GELU sits between them. ONNX Runtime's CPU layout
/// pass runs all three convolutions and the GELU in its blocked NCHWc format and absorbs the two transposes into its
/// reorders, so only the C-wide input and output are reordered, never the 4–8× wider hidden tensor (the all-Gemm form
/// reordered it twice around the depthwise conv; the two forms are timed in benchmarks/README.md).
/// Parameters and FLOPs: <c>Architecture/DwMlpCost.cs</c>.</para>
/// </summary>
internal static class DwMlp
{
    /// <summary>Adds <c>{prefix}.fc1.*</c>, <c>{prefix}.dwconv.dwconv.*</c> and <c>{prefix}.fc2.*</c>.</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width, int hiddenDim) =>
        OnMap(graph, x, prefix, height, width, hiddenDim, hidden => DepthwiseConv(graph, hidden, prefix + ".dwconv.dwconv"));

    /// <summary>
    /// fc1 → <paramref name="positional"/> (a convolution over the hidden map [B, hid, H, W]) → GELU → fc2 on tokens
    /// [B, H·W, C], laid out as described on the class; <c>{prefix}.fc1.*</c> and <c>{prefix}.fc2.*</c> are added here.
    /// LinGlo's FFN is this with its RP-CPE in the middle.
    /// </summary>
    internal static TensorValue OnMap(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width, int hiddenDim,
        System.Func<TensorValue, TensorValue> positional)
    {
        var channels = x.Dim(-1);
        var map = graph.Transpose(graph.Reshape(x, GraphBuilder.Batch, height, width, channels), 0, 3, 1, 2);
        var hidden = Linear.BuildPointwise(graph, map, prefix + ".fc1", hiddenDim);
        hidden = graph.Gelu(positional(hidden));
        var output = Linear.BuildPointwise(graph, hidden, prefix + ".fc2", channels);
        return graph.Reshape(graph.Transpose(output, 0, 2, 3, 1), GraphBuilder.Batch, height * width, channels);
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
