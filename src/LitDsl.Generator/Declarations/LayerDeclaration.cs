using LitDsl.Generator.Model;

namespace LitDsl.Generator.Declarations;

/// <summary>
/// <c>[AttentionLayer]</c>, or its shorthand <c>[HiLoLayer]</c> (whose mixer is always HiLo): a model that is one mixer
/// over a Tokens×Tokens grid of Dim-wide tokens.
/// </summary>
internal sealed record LayerDeclaration(DslAttribute Attribute, LocationInfo? Location, Argument<int> Tokens, Argument<int> Dim,
    MixerDeclaration Mixer, Argument<bool> QkvBias);
