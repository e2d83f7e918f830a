using System;
using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// Patch embedding (reference <c>PatchEmbed</c> with <c>patch_norm</c>): a p×p convolution with stride p turns the
/// image [B, Cin, H, W] into ⌈H/p⌉·⌈W/p⌉ tokens of <c>embedDim</c> channels, then LayerNorm. An image the patch does
/// not divide is zero-padded at the right and the bottom first, as the reference detection backbone does (a
/// classifier's image always divides; a backbone's symbolic size pads by what its size needs, 0 included).
/// Parameters and FLOPs: <c>Architecture/PatchEmbedCost.cs</c>.
/// </summary>
public static class PatchEmbed
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int patchSize, int embedDim)
    {
        using var layer = graph.BeginLayer(prefix, LayerKinds.PatchEmbed);
        if (x.Rank != 4) throw new InvalidOperationException($"PatchEmbed expects [batch, C, H, W]; '{x.Name}' is {x.ShapeText}.");
        var (inChannels, height, width) = (x.Dim(1), x.DimensionAt(2), x.DimensionAt(3));
        x.Expect(GraphBuilder.Batch, inChannels, height, width);

        var (rows, columns) = (GridSide(height, patchSize), GridSide(width, patchSize));
        var (padRows, padColumns) = (rows * patchSize - height, columns * patchSize - width);
        if (!IsZero(padRows) || !IsZero(padColumns)) x = graph.PadEnd(x, 0, 0, padRows, padColumns);

        long fanIn = (long)inChannels * patchSize * patchSize;
        var weight = graph.Parameter(prefix + ".proj.weight", [embedDim, inChannels, patchSize, patchSize],
            ParameterInit.UniformFanIn(fanIn));
        var bias = graph.Parameter(prefix + ".proj.bias", [embedDim], ParameterInit.UniformFanIn(fanIn));
        var patches = graph.Conv(x, weight, bias, patchSize, patchSize, 0);

        // NCHW → NHWC as a 4-D transpose straight after the Conv (ORT folds it into the Conv's output reorder), then
        // a free reshape to tokens.
        var tokens = graph.Reshape(graph.Transpose(patches, 0, 2, 3, 1), GraphBuilder.Batch, rows * columns, embedDim);
        var output = LayerNorm.Build(graph, tokens, prefix + ".norm");

        layer.AddFlops(PatchEmbedCost.Flops(inChannels, patchSize, embedDim, height.Value, width.Value));
        return layer.Complete(output);
    }

    /// <summary>The side of the patch grid of an image side: ⌈size / p⌉ (the image is padded to whole patches).</summary>
    public static Dimension GridSide(Dimension size, int patchSize) => size.CeilDivide(patchSize);

    /// <summary>The side of the patch grid of an image side: ⌈size / p⌉.</summary>
    public static int GridSide(int size, int patchSize) => ReferenceConvention.CeilDivide(size, patchSize);

    /// <summary>FLOPs on an H×W image, in the reference convention (<c>Architecture/PatchEmbedCost.cs</c>).</summary>
    public static long Flops(int inChannels, int patchSize, int embedDim, int height, int width) =>
        PatchEmbedCost.Flops(inChannels, patchSize, embedDim, height, width);

    private static bool IsZero(Dimension size) => size.IsFixed && size.Value == 0;
}
