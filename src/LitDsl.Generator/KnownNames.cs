namespace LitDsl.Generator;

/// <summary>Metadata names of the DSL's attributes and of the runtime types the generated code uses.</summary>
internal static class KnownNames
{
    public const string LitModelAttribute = "LitDsl.LitModelAttribute";
    public const string ConvFfnStageAttribute = "LitDsl.ConvFfnStageAttribute";
    public const string HiLoStageAttribute = "LitDsl.HiLoStageAttribute";
    public const string HiLoLayerAttribute = "LitDsl.HiLoLayerAttribute";
    public const string AttentionLayerAttribute = "LitDsl.AttentionLayerAttribute";
    public const string AttentionStageAttribute = "LitDsl.AttentionStageAttribute";
    public const string LinGloStageAttribute = "LitDsl.LinGloStageAttribute";
    public const string BackboneAttribute = "LitDsl.BackboneAttribute";

    /// <summary>
    /// The MSBuild property LitDsl's build targets make visible to the compiler (CompilerVisibleProperty): present, with
    /// a value, exactly when the targets are imported.
    /// </summary>
    public const string ReportBuildProperty = "build_property.LitDslReport";
}
