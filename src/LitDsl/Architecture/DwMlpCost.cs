namespace LitDsl.Architecture;

/// <summary>
/// The reference <c>DWMlp</c>: fc1 (C → hid), a 3×3 depthwise convolution with bias over the token map, fc2 (hid → C).
/// FLOPs = 2·N·C·hid (the two Linears, no biases) + 9·hid·N + hid·N (the depthwise conv and its bias, <c>conv_flops</c>),
/// N = H·W. Parameters = C·hid + hid + 9·hid + hid + hid·C + C.
/// </summary>
internal static class DwMlpCost
{
    public static long Parameters(int dim, int hiddenDim) =>
        checked((long)dim * hiddenDim + hiddenDim + 9L * hiddenDim + hiddenDim + (long)hiddenDim * dim + dim);

    public static long Flops(int height, int width, int dim, int hiddenDim)
    {
        checked
        {
            long positions = (long)height * width;
            return 2 * positions * dim * hiddenDim
                + ReferenceConvention.ConvFlops(3, hiddenDim, hiddenDim, 1, 1, height, width, groups: hiddenDim);
        }
    }
}
