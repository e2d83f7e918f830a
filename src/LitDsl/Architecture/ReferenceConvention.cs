namespace LitDsl.Architecture;

/// <summary>
/// How the reference code counts (github ziplab/LITv2, <c>classification/models/*.py</c>, its <c>flops()</c>
/// methods), the convention every cost here follows: FLOPs are multiply-accumulates of matrix products and
/// convolutions; a Linear layer counts no bias, a convolution counts its bias (one addition per output element), a norm
/// one operation per element, attention q·kᵀ and attn·v but not the softmax. Figures are exact integers: every cost
/// method computes in <see cref="long"/> under <c>checked</c>, so a figure too large for it throws instead of wrapping.
/// </summary>
internal static class ReferenceConvention
{
    /// <summary>
    /// <c>conv_flops</c> of the reference's attentions.py, generalised from its square map to H×W:
    /// kernel² · c_in · (c_out / groups) per output position plus one bias addition per output element, over an output
    /// of ⌊(size + 2·padding − kernel) / stride⌋ + 1 per side.
    /// </summary>
    public static long ConvFlops(int kernel, long inChannels, long outChannels, int stride, int padding, int height, int width,
        long groups = 1)
    {
        checked
        {
            long positions = (long)ConvOutput(height, kernel, stride, padding) * ConvOutput(width, kernel, stride, padding);
            return (long)kernel * kernel * inChannels * (outChannels / groups) * positions + outChannels * positions;
        }
    }

    /// <summary>Output side of a convolution: ⌊(size + 2·padding − kernel) / stride⌋ + 1 (floor, as PyTorch).</summary>
    public static int ConvOutput(int size, int kernel, int stride, int padding)
    {
        checked
        {
            var span = (long)size + 2L * padding - kernel;
            return (int)((span >= 0 ? span / stride : -((-span + stride - 1) / stride)) + 1);
        }
    }

    /// <summary>The smallest multiple of <paramref name="multiple"/> at least <paramref name="size"/>: a map padded to windows.</summary>
    public static int RoundUp(int size, int multiple) => checked(CeilDivide(size, multiple) * multiple);

    /// <summary>⌈size / divisor⌉ for a non-negative size: the pieces of <paramref name="divisor"/> that cover it.</summary>
    public static int CeilDivide(int size, int divisor) => (int)(((long)size + divisor - 1) / divisor);
}
