using LitDsl.Architecture;
using LitDsl.Blocks;
using LitDsl.Generator.Model;

namespace LitDsl.Generator.Planning;

/// <summary>
/// One call in the generated <c>Build</c> method and its row in the layer table: the block builder's arguments (a
/// record per block), the layer's reference-<c>state_dict</c> name and kind (<see cref="LayerKinds"/>, the names the
/// built graph's layers carry too), its output shape per sample and its figures.
/// </summary>
internal abstract record LayerPlan(string Name, string Kind, EquatableArray<int> OutputShape, long Parameters, long Flops)
{
    /// <summary>Whether the call adds a layer record (a row of the table); a backbone output without a norm adds none.</summary>
    public virtual bool IsLayer => true;
}

/// <summary><c>PatchEmbed.Build</c>: the image cut into p×p patches of <see cref="EmbedDim"/> channels.</summary>
internal sealed record PatchEmbedPlan(string Name, EquatableArray<int> OutputShape, long Parameters, long Flops, int PatchSize, int EmbedDim,
    int InChannels)
    : LayerPlan(Name, LayerKinds.PatchEmbed, OutputShape, Parameters, Flops);

/// <summary><c>ConvFfnBlock.Build</c> on an H×W map.</summary>
internal sealed record ConvFfnBlockPlan(string Name, EquatableArray<int> OutputShape, long Parameters, long Flops, int Height, int Width,
    int HiddenDim)
    : LayerPlan(Name, LayerKinds.ConvFfnBlock, OutputShape, Parameters, Flops);

/// <summary><c>MixerBlock.Build</c>: a LITv2 transformer block with its mixer, on an H×W map.</summary>
internal sealed record MixerBlockPlan(string Name, EquatableArray<int> OutputShape, long Parameters, long Flops, int Height, int Width,
    MixerSpec Mixer, int HiddenDim)
    : LayerPlan(Name, LayerKinds.MixerBlock(Mixer.Kind), OutputShape, Parameters, Flops);

/// <summary><c>Dtm.Build</c>: deformable token merging of an H×W map.</summary>
internal sealed record DtmPlan(string Name, EquatableArray<int> OutputShape, long Parameters, long Flops, int Height, int Width)
    : LayerPlan(Name, LayerKinds.Dtm, OutputShape, Parameters, Flops);

/// <summary><c>ConvDownsample.Build</c>: LinGlo's down-sampling of an H×W map.</summary>
internal sealed record ConvDownsamplePlan(string Name, EquatableArray<int> OutputShape, long Parameters, long Flops, int Height, int Width,
    int OutChannels, int Kernel, int Stride, int Padding, int InChannels)
    : LayerPlan(Name, LayerKinds.ConvDownsample, OutputShape, Parameters, Flops);

/// <summary><c>LinGloBlock.Build</c>: a LinGlo encoder block with its mixer, on an H×W map.</summary>
internal sealed record LinGloBlockPlan(string Name, EquatableArray<int> OutputShape, long Parameters, long Flops, int Height, int Width,
    MixerSpec Mixer, int HiddenDim, int CpeBranches)
    : LayerPlan(Name, LayerKinds.LinGloBlock, OutputShape, Parameters, Flops);

/// <summary><c>MixerLayer.Build</c>: a mixer on its own, the whole of a single-layer model.</summary>
internal sealed record MixerLayerPlan(string Name, EquatableArray<int> OutputShape, long Parameters, long Flops, int Height, int Width,
    MixerSpec Mixer)
    : LayerPlan(Name, LayerKinds.MixerLayer(Mixer.Kind), OutputShape, Parameters, Flops);

/// <summary>
/// <c>BackboneOutput.Build</c>: stage <see cref="StageIndex"/>'s map (Dim channels, H×W) as a graph output, through its
/// norm <c>norm{i}</c> when <see cref="Normalize"/> (then a layer of that name).
/// </summary>
internal sealed record BackboneOutputPlan(string Name, EquatableArray<int> OutputShape, long Parameters, long Flops, int StageIndex,
    int Height, int Width, int Dim, bool Normalize)
    : LayerPlan(Name, LayerKinds.OutputNorm, OutputShape, Parameters, Flops)
{
    public override bool IsLayer => Normalize;
}

/// <summary>
/// <c>ClassifierHead.Build</c>: final norm, token mean, linear head. The final norm is charged as the model's reference
/// counts it (<see cref="ClassifierHeadCost"/>).
/// </summary>
internal sealed record ClassifierHeadPlan(string Name, EquatableArray<int> OutputShape, long Parameters, long Flops, int Classes,
    long ReferenceGridTokens, long ReferenceTokenDivisor)
    : LayerPlan(Name, LayerKinds.Head, OutputShape, Parameters, Flops);
