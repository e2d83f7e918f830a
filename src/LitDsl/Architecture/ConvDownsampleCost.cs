namespace LitDsl.Architecture;

/// <summary>
/// LinGlo's down-sampling layer: a k×k convolution with stride s, padding p and bias, then a LayerNorm on its Ho×Wo
/// output. FLOPs = k²·Cin·Cout·Ho·Wo + Cout·Ho·Wo (<c>conv_flops</c>) + Cout·Ho·Wo (the norm).
/// Parameters = k²·Cin·Cout + Cout + 2·Cout.
/// </summary>
internal static class ConvDownsampleCost
{
    public static long Parameters(int kernel, int inChannels, int outChannels) =>
        checked((long)kernel * kernel * inChannels * outChannels + outChannels + 2L * outChannels);

    public static long Flops(int kernel, int stride, int padding, int inChannels, int outChannels, int height, int width)
    {
        checked
        {
            long positions = (long)ReferenceConvention.ConvOutput(height, kernel, stride, padding)
                * ReferenceConvention.ConvOutput(width, kernel, stride, padding);
            return ReferenceConvention.ConvFlops(kernel, inChannels, outChannels, stride, padding, height, width)
                + outChannels * positions;
        }
    }
}
