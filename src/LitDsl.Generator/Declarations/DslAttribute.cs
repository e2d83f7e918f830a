namespace LitDsl.Generator.Declarations;

/// <summary>The DSL's attributes; each member is named as the attribute is written (<c>[HiLoStage]</c>).</summary>
internal enum DslAttribute
{
    LitModel,
    ConvFfnStage,
    HiLoStage,
    AttentionStage,
    LinGloStage,
    HiLoLayer,
    AttentionLayer,
    Backbone,
}
