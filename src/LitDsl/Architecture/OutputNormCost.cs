namespace LitDsl.Architecture;

/// <summary>
/// A backbone's output norm (<c>norm{i}</c> of the reference detection and segmentation backbones): a LayerNorm over a
/// stage's C channels at each of its H×W positions, owned by the backbone, not by the stage (the next stage reads the
/// map before it). FLOPs = C·H·W, the reference's count for a LayerNorm. Parameters = 2·C.
/// </summary>
internal static class OutputNormCost
{
    public static long Parameters(int dim) => checked(2L * dim);

    public static long Flops(int height, int width, int dim) => checked((long)dim * height * width);
}
