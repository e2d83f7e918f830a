using System;
using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// Deformable Token Merging (reference <c>DTM</c>, from LIT, arXiv 2105.14217) between stages: [B, H·W, C] →
/// [B, H·W/4, 2C]. A 2×2 stride-2 convolution (<c>conv_offset</c>, zero-initialised) predicts sampling offsets for a
/// 2×2 stride-2 deformable convolution (ONNX DeformConv, torchvision's offset layout), then BatchNorm (running
/// statistics) and GELU.
/// <para>Parameters and FLOPs (the reference counts the offset convolution with 12 output channels although it has
/// 8; the figure reproduces that on purpose): <c>Architecture/DtmCost.cs</c>.</para>
/// </summary>
public static class Dtm
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int height, int width)
    {
        using var layer = graph.BeginLayer(prefix, LayerKinds.Dtm);
        var channels = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, height * width, channels);
        if (height % 2 != 0 || width % 2 != 0)
            throw new InvalidOperationException($"DTM: the {height}×{width} map is not even.");
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
        var tokenCount = height / 2 * (width / 2);
        var output = graph.Reshape(graph.Transpose(graph.Gelu(normed), 0, 2, 3, 1), GraphBuilder.Batch, tokenCount, outChannels);

        layer.AddFlops(DtmCost.Flops(height, width, channels));
        return layer.Complete(output);
    }
}
