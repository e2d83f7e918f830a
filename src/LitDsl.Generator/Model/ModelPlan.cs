namespace LitDsl.Generator.Model;

/// <summary>
/// A checked model: every layer's builder arguments, output shape, parameters and FLOPs, decided. The emitter only
/// formats it.
/// </summary>
internal sealed record ModelPlan(
    TypeDeclarationInfo Type,
    LocationInfo? NameLocation,
    string Name,
    EquatableArray<int> InputShape,
    EquatableArray<int> OutputShape,
    long Parameters,
    long Flops,
    EquatableArray<StagePlan> Stages,
    EquatableArray<LayerPlan> Layers);

/// <summary>A stage of a backbone as the report shows it: its blocks and the feature map they work on.</summary>
internal sealed record StagePlan(int Index, string Block, int Depth, int Height, int Width, int Channels);

/// <summary>The block builders the generated code calls.</summary>
internal enum LayerKind
{
    ImageInput,
    TokenInput,
    PatchEmbed,
    ConvFfnBlock,
    HiLoBlock,
    Dtm,
    Head,
    HiLoLayer,
    MixerBlock,
    MixerLayer,
    ConvDownsample,
    LinGloBlock,
}

/// <summary>
/// One call in the generated <c>Build</c> method and its row in the layer table. Fields a kind does not use are 0.
/// </summary>
internal sealed record LayerPlan(
    LayerKind Kind,
    string Name,
    EquatableArray<int> OutputShape,
    long Parameters,
    long Flops,
    int Height = 0,
    int Width = 0,
    int Channels = 0,
    int HiddenDim = 0,
    int Heads = 0,
    int LoFiHeads = 0,
    int WindowSize = 0,
    bool QkvBias = false,
    bool PadToWindow = false,
    int PatchSize = 0,
    int Classes = 0,
    int ReferenceNormTokens = 0,
    MixerKind Mixer = MixerKind.HiLo,
    int ReductionRatio = 0,
    bool FullU1 = false,
    int CpeBranches = 0,
    int Kernel = 0,
    int Stride = 0,
    int Padding = 0);
