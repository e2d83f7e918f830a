using LitDsl.Generator.Declarations;
using Microsoft.CodeAnalysis;

namespace LitDsl.Generator.Reading;

/// <summary>The DSL's attribute classes in one compilation, to tell which of them an attribute application is.</summary>
internal readonly struct DslAttributes(
    INamedTypeSymbol? litModel, INamedTypeSymbol? convFfnStage, INamedTypeSymbol? hiLoStage, INamedTypeSymbol? attentionStage,
    INamedTypeSymbol? linGloStage, INamedTypeSymbol? hiLoLayer, INamedTypeSymbol? attentionLayer, INamedTypeSymbol? backbone)
{
    public static DslAttributes From(Compilation compilation) => new(
        compilation.GetTypeByMetadataName(KnownNames.LitModelAttribute),
        compilation.GetTypeByMetadataName(KnownNames.ConvFfnStageAttribute),
        compilation.GetTypeByMetadataName(KnownNames.HiLoStageAttribute),
        compilation.GetTypeByMetadataName(KnownNames.AttentionStageAttribute),
        compilation.GetTypeByMetadataName(KnownNames.LinGloStageAttribute),
        compilation.GetTypeByMetadataName(KnownNames.HiLoLayerAttribute),
        compilation.GetTypeByMetadataName(KnownNames.AttentionLayerAttribute),
        compilation.GetTypeByMetadataName(KnownNames.BackboneAttribute));

    /// <summary>Which DSL attribute <paramref name="attributeClass"/> is, or null for any other attribute.</summary>
    public DslAttribute? Identify(INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null) return null;
        if (Is(attributeClass, litModel)) return DslAttribute.LitModel;
        if (Is(attributeClass, convFfnStage)) return DslAttribute.ConvFfnStage;
        if (Is(attributeClass, hiLoStage)) return DslAttribute.HiLoStage;
        if (Is(attributeClass, attentionStage)) return DslAttribute.AttentionStage;
        if (Is(attributeClass, linGloStage)) return DslAttribute.LinGloStage;
        if (Is(attributeClass, hiLoLayer)) return DslAttribute.HiLoLayer;
        if (Is(attributeClass, attentionLayer)) return DslAttribute.AttentionLayer;
        if (Is(attributeClass, backbone)) return DslAttribute.Backbone;
        return null;
    }

    private static bool Is(INamedTypeSymbol attributeClass, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(attributeClass, known);
}
