namespace LitDsl.Architecture;

/// <summary>
/// The defaults of the DSL's attribute properties. The attribute classes initialise their properties from these, and
/// the generator, which cannot run those initialisers, reads an argument that is not written as this value.
/// </summary>
internal static class AttributeDefaults
{
    /// <summary>[LitModel] ImageSize: 224 px, the reference's ImageNet resolution.</summary>
    public const int ImageSize = 224;

    /// <summary>[LitModel] InChannels: RGB.</summary>
    public const int InChannels = 3;

    /// <summary>[LitModel] Classes: ImageNet-1k.</summary>
    public const int Classes = 1000;

    /// <summary>[LitModel] PatchSize: the reference's 4×4 patches.</summary>
    public const int PatchSize = 4;

    /// <summary>[LitModel] EmbedDim: LITv2-S's first-stage channels.</summary>
    public const int EmbedDim = 96;

    /// <summary>[LitModel] MlpRatio and [LinGloStage] MlpRatio.</summary>
    public const double MlpRatio = 4.0;

    /// <summary>[LitModel] QkvBias and [AttentionLayer] QkvBias: the reference configs' and the benchmark's setting.</summary>
    public const bool QkvBias = true;

    /// <summary>[HiLoLayer] QkvBias: the reference <c>HiLo</c> module's own default.</summary>
    public const bool HiLoLayerQkvBias = false;

    /// <summary>Depth of every stage attribute.</summary>
    public const int Depth = 2;

    /// <summary>Alpha of every mixer attribute: ⌊0.9·heads⌋ Lo-Fi heads, as every reference config.</summary>
    public const double Alpha = 0.9;

    /// <summary>Tokens (grid side) of the single-layer attributes: a 224-px image's stage-3 map.</summary>
    public const int Tokens = 14;

    /// <summary>HiLo's window size: the reference's stage-3 windows.</summary>
    public const int HiLoWindowSize = 2;

    /// <summary>Local window attention's window size: Swin's.</summary>
    public const int LocalWindowSize = 7;

    /// <summary>SRA's reduction ratio: PVT's stage-3 ratio.</summary>
    public const int ReductionRatio = 2;

    /// <summary>[LinGloStage] CpeBranches: the paper's four RP-CPE branches.</summary>
    public const int CpeBranches = 4;

    /// <summary>[AttentionStage] and [AttentionLayer] Mixer.</summary>
    public const Mixer AttentionMixer = Mixer.Msa;

    /// <summary>[LinGloStage] Mixer: the paper's key-only attention.</summary>
    public const Mixer LinGloMixer = Mixer.KeyOnly;
}
