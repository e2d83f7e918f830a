namespace LitDsl.Architecture;

/// <summary>
/// The reference <c>ConvFFNBlock</c> of LITv2's early stages: x + DWMlp(norm2(x)).
/// FLOPs = the DWMlp's + C·H·W (norm2). Parameters = 2·C (norm2) + the DWMlp's.
/// </summary>
internal static class ConvFfnBlockCost
{
    public static long Parameters(int dim, int hiddenDim) => checked(2L * dim + DwMlpCost.Parameters(dim, hiddenDim));

    public static long Flops(int height, int width, int dim, int hiddenDim) =>
        checked(DwMlpCost.Flops(height, width, dim, hiddenDim) + (long)dim * height * width);
}
