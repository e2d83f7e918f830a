using System.Linq;
using LitDsl.Generator.Model;

namespace LitDsl.Generator.Declarations;

/// <summary>
/// What a [LitModel] class declares, as the reader found it: every argument with where it was written, nothing checked
/// yet. The checker reports what is wrong with it; the planner turns a declaration that holds into a plan.
/// </summary>
internal sealed record ModelDeclaration(
    GeneratedType Type,
    LocationInfo? AttributeLocation,
    Argument<string> Name,
    Argument<int> ImageSize,
    Argument<int> InChannels,
    Argument<int> Classes,
    Argument<int> PatchSize,
    Argument<int> EmbedDim,
    Argument<double> MlpRatio,
    Argument<bool> QkvBias,
    Argument<bool> PadToWindow,
    EquatableArray<StageDeclaration> Stages,
    LayerDeclaration? Layer,
    BackboneDeclaration? Backbone)
{
    /// <summary>Which kind of network the attributes make, which decides the rules that apply.</summary>
    public ModelFamily Family =>
        Layer is not null ? ModelFamily.SingleLayer
        : Stages.Any(s => s is LinGloStageDeclaration) ? ModelFamily.LinGlo
        : ModelFamily.Pyramid;
}

/// <summary>The kinds of network the DSL declares.</summary>
internal enum ModelFamily
{
    /// <summary>LITv2's pyramid: patch embedding, stages of ConvFFN or mixer blocks, a DTM between stages, a classifier.</summary>
    Pyramid,

    /// <summary>LinGlo: each stage a convolutional down-sampling then encoder blocks, a classifier.</summary>
    LinGlo,

    /// <summary>One mixer on its own over a token grid.</summary>
    SingleLayer,
}
