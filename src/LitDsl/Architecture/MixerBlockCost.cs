using LitDsl.Blocks;

namespace LitDsl.Architecture;

/// <summary>
/// The reference transformer <c>Block</c> of LITv2's later stages with any token mixer in place of HiLo:
/// x + mixer(norm1(x)), then x + DWMlp(norm2(x)). FLOPs = 2·C·H·W (the norms) + the mixer's + the DWMlp's.
/// Parameters = 4·C (the norms) + the mixer's + the DWMlp's.
/// </summary>
internal static class MixerBlockCost
{
    public static long Parameters(int dim, int hiddenDim, MixerSpec mixer) =>
        checked(4L * dim + MixerCost.Parameters(mixer, dim) + DwMlpCost.Parameters(dim, hiddenDim));

    public static long Flops(int height, int width, int dim, int hiddenDim, MixerSpec mixer) =>
        checked(2L * dim * height * width + MixerCost.Flops(mixer, height, width, dim) + DwMlpCost.Flops(height, width, dim, hiddenDim));
}
