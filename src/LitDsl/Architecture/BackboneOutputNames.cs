using System.Globalization;

namespace LitDsl.Architecture;

/// <summary>
/// The names of a backbone's outputs as the reference detection and segmentation backbones give them, by the stage's
/// 0-based index i (their <c>out_indices</c>): the output <c>out{i}</c> (the tuple entries the reference fixtures
/// store) and its LayerNorm <c>norm{i}</c> (its state_dict prefix).
/// </summary>
internal static class BackboneOutputNames
{
    public static string Output(int stageIndex) => "out" + stageIndex.ToString(CultureInfo.InvariantCulture);

    public static string Norm(int stageIndex) => "norm" + stageIndex.ToString(CultureInfo.InvariantCulture);
}
