using LitDsl.Generator.Model;

namespace LitDsl.Generator.Declarations;

/// <summary>One stage attribute: its position (from 1 at the input) and number of blocks.</summary>
internal abstract record StageDeclaration(DslAttribute Attribute, LocationInfo? Location, Argument<int> Index, Argument<int> Depth);

/// <summary><c>[ConvFfnStage]</c>: LITv2's attention-free early stages.</summary>
internal sealed record ConvFfnStageDeclaration(LocationInfo? Location, Argument<int> Index, Argument<int> Depth)
    : StageDeclaration(DslAttribute.ConvFfnStage, Location, Index, Depth);

/// <summary>
/// <c>[AttentionStage]</c>, or its shorthand <c>[HiLoStage]</c> (whose mixer is always HiLo): LITv2 transformer blocks
/// with the declared mixer.
/// </summary>
internal sealed record MixerStageDeclaration(DslAttribute Attribute, LocationInfo? Location, Argument<int> Index, Argument<int> Depth,
    MixerDeclaration Mixer)
    : StageDeclaration(Attribute, Location, Index, Depth);

/// <summary><c>[LinGloStage]</c>: a convolutional down-sampling, then LinGlo encoder blocks with the declared mixer.</summary>
internal sealed record LinGloStageDeclaration(LocationInfo? Location, Argument<int> Index, Argument<int> Depth, MixerDeclaration Mixer,
    Argument<int> Channels, Argument<double> MlpRatio, Argument<int> CpeBranches)
    : StageDeclaration(DslAttribute.LinGloStage, Location, Index, Depth);
