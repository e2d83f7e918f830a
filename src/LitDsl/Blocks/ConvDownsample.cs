using System;
using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// LinGlo's down-sampling layer: a regular k×k convolution with stride s and padding p (<c>{prefix}.proj</c>, with
/// bias), then a LayerNorm (<c>{prefix}.norm</c>) — the paper adds one wherever the resolution changes. Takes the image
/// [B, Cin, H, W] or tokens [B, H·W, Cin]; gives tokens [B, Ho·Wo, Cout].
/// <para>Parameters and FLOPs: <c>Architecture/ConvDownsampleCost.cs</c>.</para>
/// </summary>
public static class ConvDownsample
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int height, int width,
        int outChannels, int kernel, int stride, int padding)
    {
        using var layer = graph.BeginLayer(prefix, LayerKinds.ConvDownsample);
        const int B = GraphBuilder.Batch;
        TensorValue map;
        if (x.Rank == 4)
            map = x.Expect(B, x.Dim(1), height, width);
        else
            map = graph.Reshape(graph.Transpose(x.Expect(B, height * width, x.Dim(-1)), 0, 2, 1), B, x.Dim(-1), height, width);
        var inChannels = map.Dim(1);

        long fanIn = (long)inChannels * kernel * kernel;
        var weight = graph.Parameter(prefix + ".proj.weight", [outChannels, inChannels, kernel, kernel], ParameterInit.UniformFanIn(fanIn));
        var bias = graph.Parameter(prefix + ".proj.bias", [outChannels], ParameterInit.UniformFanIn(fanIn));
        var reduced = graph.Conv(map, weight, bias, kernel, stride, padding);
        var (rows, columns) = (reduced.Dim(2), reduced.Dim(3));
        if (rows < 1 || columns < 1)
            throw new InvalidOperationException($"ConvDownsample: a {height}×{width} map is too small for kernel {kernel}.");
        var tokens = graph.Transpose(graph.Reshape(reduced, B, outChannels, rows * columns), 0, 2, 1);
        var output = LayerNorm.Build(graph, tokens, prefix + ".norm");

        layer.AddFlops(ConvDownsampleCost.Flops(kernel, stride, padding, inChannels, outChannels, height, width));
        return layer.Complete(output);
    }
}
