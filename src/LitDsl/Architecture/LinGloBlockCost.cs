using LitDsl.Blocks;

namespace LitDsl.Architecture;

/// <summary>
/// LinGlo's encoder block: x + mixer(norm1(x)), then x + FFN(norm2(x)) with FFN = fc1 → RP-CPE → GELU → fc2, the
/// RP-CPE counted in its deployed form, one 3×3 depthwise convolution with bias.
/// FLOPs = 2·C·N (norms) + the mixer's + 2·N·C·hid (fc1, fc2, no biases) + 10·hid·N (the folded RP-CPE), N = H·W.
/// Parameters = 4·C + the mixer's + C·hid + hid + 10·hid (folded RP-CPE) + hid·C + C.
/// </summary>
internal static class LinGloBlockCost
{
    public static long Parameters(int dim, int hiddenDim, MixerSpec mixer) =>
        checked(4L * dim + MixerCost.Parameters(mixer, dim) + (long)dim * hiddenDim + hiddenDim + 10L * hiddenDim
            + (long)hiddenDim * dim + dim);

    public static long Flops(int height, int width, int dim, int hiddenDim, MixerSpec mixer)
    {
        checked
        {
            long positions = (long)height * width;
            return 2 * positions * dim + MixerCost.Flops(mixer, height, width, dim) + 2 * positions * dim * hiddenDim
                + RpCpeFlops(height, width, hiddenDim);
        }
    }

    /// <summary>The folded RP-CPE on an H×W map of C channels: 9·C·H·W + C·H·W (depthwise conv with its bias).</summary>
    public static long RpCpeFlops(int height, int width, int channels) =>
        ReferenceConvention.ConvFlops(3, channels, channels, 1, 1, height, width, groups: channels);
}
