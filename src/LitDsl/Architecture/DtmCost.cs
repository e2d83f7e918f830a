namespace LitDsl.Architecture;

/// <summary>
/// Deformable Token Merging (the reference <c>DTM</c>) between LITv2 stages: a 2×2 stride-2 offset convolution, a
/// 2×2 stride-2 deformable convolution C → 2C, and BatchNorm, over Ho×Wo = (H/2)×(W/2) positions.
/// FLOPs (the reference's <c>DTM.flops()</c>) = the offset conv counted with 12 output channels, although it has
/// 2·k² = 8 (the reference's figure, kept on purpose) + the deformable conv + 2C·Ho·Wo (the norm), convolutions with
/// their biases. Parameters = 2C·C·4 + 2C (deformable conv) + 8·C·4 + 8 (offset conv) + 2·2C (norm affine).
/// </summary>
internal static class DtmCost
{
    /// <summary>Output channels the reference's <c>DTM.flops()</c> charges to the offset convolution.</summary>
    public const int ReferenceOffsetChannels = 12;

    public static long Parameters(int dim) => checked(2L * dim * dim * 4 + 2L * dim + 8L * dim * 4 + 8 + 2 * 2L * dim);

    public static long Flops(int height, int width, int dim)
    {
        checked
        {
            long positions = (long)(height / 2) * (width / 2);
            return ReferenceConvention.ConvFlops(2, dim, ReferenceOffsetChannels, 2, 0, height, width)
                + ReferenceConvention.ConvFlops(2, dim, 2L * dim, 2, 0, height, width)
                + positions * 2 * dim;
        }
    }
}
