using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// Deformable Token Merging (reference <c>DTM</c>, from LIT, arXiv 2105.14217) between stages: tokens of an H×W map
/// [B, H·W, C] → tokens of the ⌊H/2⌋×⌊W/2⌋ map [B, ⌊H/2⌋·⌊W/2⌋, 2C]. A 2×2 stride-2 convolution (<c>conv_offset</c>,
/// zero-initialised) predicts sampling offsets for a 2×2 stride-2 deformable convolution (ONNX DeformConv,
/// torchvision's offset layout), then BatchNorm (running statistics) and GELU. On an odd side the last row or column
/// is off the regular 2×2 grid, read only where an offset moves a tap onto it, as the reference's DCN does.
/// <para>Parameters and FLOPs (the reference counts the offset convolution with 12 output channels although it has
/// 8; the figure reproduces that on purpose): <c>Architecture/DtmCost.cs</c>.</para>
/// </summary>
public static class Dtm
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width)
    {
        using var layer = graph.BeginLayer(prefix, LayerKinds.Dtm);
        var channels = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, height * width, channels);
        const int kernel = 2, stride = 2, offsetChannels = 2 * kernel * kernel;
        var outChannels = 2 * channels;

        var map = graph.Transpose(graph.Reshape(x, GraphBuilder.Batch, height, width, channels), 0, 3, 1, 2);
        var offsetWeight = graph.Parameter(prefix + ".dconv.conv_offset.weight", [offsetChannels, channels, kernel, kernel],
            ParameterInit.Zeros);
        var offsetBias = graph.Parameter(prefix + ".dconv.conv_offset.bias", [offsetChannels], ParameterInit.Zeros);
        var offsets = graph.Conv(map, offsetWeight, offsetBias, kernel, stride, 0);

        long fanIn = (long)kernel * kernel * channels;
        var weight = graph.Parameter(prefix + ".dconv.weight", [outChannels, channels, kernel, kernel],
            ParameterInit.UniformFanIn(fanIn));
        var bias = graph.Parameter(prefix + ".dconv.bias", [outChannels], ParameterInit.UniformFanIn(fanIn));
        var merged = graph.DeformConv(map, weight, offsets, bias, kernel, stride, 0);

        var normed = graph.BatchNormalization(merged,
            graph.Parameter(prefix + ".norm_layer.weight", [outChannels], ParameterInit.Ones),
            graph.Parameter(prefix + ".norm_layer.bias", [outChannels], ParameterInit.Zeros),
            graph.Buffer(prefix + ".norm_layer.running_mean", [outChannels], ParameterInit.Zeros),
            graph.Buffer(prefix + ".norm_layer.running_var", [outChannels], ParameterInit.Ones),
            1e-5f);
        var tokenCount = OutputSide(height) * OutputSide(width);
        var output = graph.Reshape(graph.Transpose(graph.Gelu(normed), 0, 2, 3, 1), GraphBuilder.Batch, tokenCount, outChannels);

        layer.AddFlops(DtmCost.Flops(height.Value, width.Value, channels));
        return layer.Complete(output);
    }

    /// <summary>The side of the merged map: ⌊size / 2⌋ (the 2×2 stride-2 convolution floors an odd side).</summary>
    public static Dimension OutputSide(Dimension size) => size.FloorDivide(2);

    /// <summary>The side of the merged map: ⌊size / 2⌋.</summary>
    public static int OutputSide(int size) => size / 2;

    /// <summary>FLOPs on an H×W map of <paramref name="dim"/> channels, in the reference convention (<c>Architecture/DtmCost.cs</c>).</summary>
    public static long Flops(int height, int width, int dim) => DtmCost.Flops(height, width, dim);
}
