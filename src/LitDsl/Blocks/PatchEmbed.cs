using System;
using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// Patch embedding (reference <c>PatchEmbed</c> with <c>patch_norm</c>): a p×p convolution with stride p turns the
/// image [B, Cin, H, W] into (H/p)·(W/p) tokens of <c>embedDim</c> channels, then LayerNorm.
/// Parameters and FLOPs: <c>Architecture/PatchEmbedCost.cs</c>.
/// </summary>
public static class PatchEmbed
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int patchSize, int embedDim)
    {
        using var layer = graph.BeginLayer(prefix, LayerKinds.PatchEmbed);
        if (x.Rank != 4) throw new InvalidOperationException($"PatchEmbed expects [batch, C, H, W]; '{x.Name}' is {x.ShapeText}.");
        var (inChannels, height, width) = (x.Dim(1), x.Dim(2), x.Dim(3));
        x.Expect(GraphBuilder.Batch, inChannels, height, width);
        if (height % patchSize != 0 || width % patchSize != 0)
            throw new InvalidOperationException($"PatchEmbed: image {height}×{width} is not a multiple of patch size {patchSize}.");

        long fanIn = (long)inChannels * patchSize * patchSize;
        var weight = graph.Parameter(prefix + ".proj.weight", [embedDim, inChannels, patchSize, patchSize],
            ParameterInit.UniformFanIn(fanIn));
        var bias = graph.Parameter(prefix + ".proj.bias", [embedDim], ParameterInit.UniformFanIn(fanIn));
        var patches = graph.Conv(x, weight, bias, patchSize, patchSize, 0);

        var (rows, columns) = (height / patchSize, width / patchSize);
        // NCHW → NHWC as a 4-D transpose straight after the Conv (ORT folds it into the Conv's output reorder), then
        // a free reshape to tokens.
        var tokens = graph.Reshape(graph.Transpose(patches, 0, 2, 3, 1), GraphBuilder.Batch, rows * columns, embedDim);
        var output = LayerNorm.Build(graph, tokens, prefix + ".norm");

        layer.AddFlops(PatchEmbedCost.Flops(inChannels, patchSize, embedDim, height, width));
        return layer.Complete(output);
    }
}
