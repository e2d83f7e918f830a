namespace LitDsl.Architecture;

/// <summary>
/// The kind of each layer, as both the generator's layer table (<c>LayerInfo.Kind</c>) and the built graph's layer
/// records (<c>BuiltLayer.Kind</c>) name it: one name per block, written once.
/// </summary>
internal static class LayerKinds
{
    public const string PatchEmbed = "PatchEmbed";
    public const string ConvFfnBlock = "ConvFfnBlock";
    public const string Dtm = "Dtm";
    public const string Head = "Head";
    public const string ConvDownsample = "ConvDownsample";
    public const string LinGloBlock = "LinGloBlock";
    public const string OutputNorm = "OutputNorm";

    /// <summary>A LITv2 transformer block with its mixer: <c>HiLoBlock</c>, <c>MsaBlock</c>, <c>SraBlock</c>, ….</summary>
    public static string MixerBlock(Mixer mixer) => mixer + "Block";

    /// <summary>A mixer on its own, as a single-layer model: <c>HiLo</c>, <c>Msa</c>, ….</summary>
    public static string MixerLayer(Mixer mixer) => mixer.ToString();
}
