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
