using LitDsl.Architecture;

namespace LitDsl.Generator.Declarations;

/// <summary>
/// Where each family's stages work: the feature-map side and channels of every stage, as both the checker (which
/// needs them for the rules that depend on the map) and the planner compute them.
/// </summary>
internal static class FeatureMaps
{
    /// <summary>LITv2: stage i works on the patch grid halved i − 1 times (a DTM between stages).</summary>
    public static int PyramidSide(int patchGrid, int stageIndex) => patchGrid >> (stageIndex - 1);

    /// <summary>
    /// A LITv2 backbone: the patch grid's side for an image side, ⌈size / p⌉ (the image is padded to whole patches).
    /// </summary>
    public static int PyramidPatchGrid(int imageSide, int patchSize) => ReferenceConvention.CeilDivide(imageSide, patchSize);

    /// <summary>
    /// A LITv2 backbone's smallest image side: each of the stages − 1 DTMs needs a map of at least 2 (its 2×2 stride-2
    /// convolutions), so the patch grid needs 2^(stages − 1): a side of at least p·(2^(stages − 1) − 1) + 1.
    /// </summary>
    public static int PyramidMinimumSide(int patchSize, int stages) => checked(patchSize * ((1 << (stages - 1)) - 1) + 1);

    /// <summary>LITv2: stage i has EmbedDim·2^(i−1) channels (each DTM doubles them).</summary>
    public static int PyramidChannels(int embedDim, int stageIndex) => checked(embedDim << (stageIndex - 1));

    /// <summary>LinGlo § 3.4: stage 1's down-sampling is 7×7 stride 4 padding 3, the others 3×3 stride 2 padding 1.</summary>
    public static (int Kernel, int Stride, int Padding) LinGloDownsampling(int stageIndex) =>
        stageIndex == 1 ? (7, 4, 3) : (3, 2, 1);

    /// <summary>LinGlo: the side of the map a stage's down-sampling makes from the previous side.</summary>
    public static int LinGloSide(int previousSide, int stageIndex)
    {
        var (kernel, stride, padding) = LinGloDownsampling(stageIndex);
        return ReferenceConvention.ConvOutput(previousSide, kernel, stride, padding);
    }
}
