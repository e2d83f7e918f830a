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
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width,
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
        var (rows, columns) = (OutputSide(height, kernel, stride, padding), OutputSide(width, kernel, stride, padding));
        if (rows.Value < 1 || columns.Value < 1)
            throw new InvalidOperationException($"ConvDownsample: a {height.Value}×{width.Value} map is too small for kernel {kernel}.");
        var tokens = graph.Transpose(graph.Reshape(reduced, B, outChannels, rows * columns), 0, 2, 1);
        var output = LayerNorm.Build(graph, tokens, prefix + ".norm");

        layer.AddFlops(ConvDownsampleCost.Flops(kernel, stride, padding, inChannels, outChannels, height.Value, width.Value));
        return layer.Complete(output);
    }

    /// <summary>The side of the down-sampled map: ⌊(size + 2·padding − kernel) / stride⌋ + 1.</summary>
    public static Dimension OutputSide(Dimension size, int kernel, int stride, int padding) =>
        size.ConvolutionOutput(kernel, stride, padding);

    /// <summary>The side of the down-sampled map: ⌊(size + 2·padding − kernel) / stride⌋ + 1.</summary>
    public static int OutputSide(int size, int kernel, int stride, int padding) => ReferenceConvention.ConvOutput(size, kernel, stride, padding);

    /// <summary>FLOPs on an H×W map, in the reference convention (<c>Architecture/ConvDownsampleCost.cs</c>).</summary>
    public static long Flops(int kernel, int stride, int padding, int inChannels, int outChannels, int height, int width) =>
        ConvDownsampleCost.Flops(kernel, stride, padding, inChannels, outChannels, height, width);
}
