namespace LitDsl.Architecture;

/// <summary>
/// The reference <c>PatchEmbed</c> (with <c>patch_norm</c>): a p×p convolution with stride p and its LayerNorm, over
/// Ho×Wo = ⌈H/p⌉×⌈W/p⌉ positions (the reference detection backbone zero-pads the right and the bottom of an image the
/// patch does not divide; a classifier's image always divides).
/// FLOPs = Ho·Wo·E·Cin·p² (the convolution; the reference does not count its bias) + Ho·Wo·E (the norm).
/// Parameters = E·Cin·p² + E (convolution) + 2·E (norm).
/// </summary>
internal static class PatchEmbedCost
{
    public static long Parameters(int inChannels, int patchSize, int embedDim) =>
        checked((long)embedDim * inChannels * patchSize * patchSize + embedDim + 2L * embedDim);

    public static long Flops(int inChannels, int patchSize, int embedDim, int height, int width)
    {
        checked
        {
            long positions = (long)ReferenceConvention.CeilDivide(height, patchSize) * ReferenceConvention.CeilDivide(width, patchSize);
            return positions * embedDim * inChannels * patchSize * patchSize + positions * embedDim;
        }
    }
}
