using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LitDsl.Architecture;
using LitDsl.Generator.Declarations;
using LitDsl.Generator.Model;
using LitDsl.Generator.Planning;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LitDsl.Generator.Reading;

/// <summary>
/// The reader's result: the declaration as values, or the diagnostics that stop it from being read (with the stub to
/// emit when the class can still take generated members). All empty for a declaration another one speaks for.
/// </summary>
internal sealed record ReadResult(ModelDeclaration? Declaration, ModelStub? Stub, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static ReadResult Nothing { get; } = new(null, null, EquatableArray<DiagnosticInfo>.Empty);
}

/// <summary>
/// Reads a [LitModel] class into a <see cref="ModelDeclaration"/>: each attribute's arguments, their defaults
/// (<see cref="AttributeDefaults"/>, <see cref="MixerRules"/>) and where each was written. Checks only what stops a
/// class from being a model at all (its kind, partial, generic, reachable, its member names); the checker judges the
/// architecture.
/// </summary>
internal static class DeclarationReader
{
    /// <summary>The members every model gets; a class that already has one cannot take them.</summary>
    public static readonly string[] GeneratedMembers = ["ModelName", "Parameters", "Flops", "Layers", "Info", "Build", "FlopsAt"];

    public static ReadResult Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol symbol || context.TargetNode is not TypeDeclarationSyntax declaration)
            return ReadResult.Nothing;
        var attributes = DslAttributes.From(context.SemanticModel.Compilation);
        var identifier = LocationInfo.From(declaration.Identifier.GetLocation());

        // [LitModel] on several partial declarations: the first one speaks for the class, once.
        var modelAttributes = symbol.GetAttributes().Where(a => attributes.Identify(a.AttributeClass) == DslAttribute.LitModel).ToList();
        if (modelAttributes.Count > 1)
        {
            var first = modelAttributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            if (first is null || !declaration.Span.Contains(first.Span) || first.SyntaxTree != declaration.SyntaxTree)
                return ReadResult.Nothing;
        }

        var diagnostics = new List<DiagnosticInfo>();
        foreach (var extra in modelAttributes.Skip(1))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LitModelOnSeveralDeclarations,
                LocationInfo.From(extra.ApplicationSyntaxReference?.GetSyntax(cancellationToken)), symbol.Name));

        var type = ReadType(symbol, declaration, identifier, attributes, diagnostics, out var extendable);
        if (diagnostics.Count > 0)
        {
            var isBackbone = symbol.GetAttributes().Any(a => attributes.Identify(a.AttributeClass) == DslAttribute.Backbone);
            var stub = extendable ? new ModelStub(type, NameOf(modelAttributes[0]), Ids(diagnostics), isBackbone) : null;
            return new ReadResult(null, stub, diagnostics.ToEquatableArray());
        }
        return new ReadResult(ReadAttributes(symbol, type, attributes, context.SemanticModel.Compilation, cancellationToken), null,
            EquatableArray<DiagnosticInfo>.Empty);
    }

    public static EquatableArray<string> Ids(IEnumerable<DiagnosticInfo> diagnostics) =>
        diagnostics.Select(d => d.Descriptor.Id).Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToEquatableArray();

    private static string NameOf(AttributeData modelAttribute) =>
        modelAttribute.ConstructorArguments.Length > 0 && modelAttribute.ConstructorArguments[0].Value is string name ? name : "";

    // ---- the class -------------------------------------------------------------------------------------------------

    /// <summary>
    /// The class as values, and every reason it cannot be a model. <paramref name="extendable"/> says whether a
    /// generated partial half would still compile beside it (then a stub keeps user code from reporting missing members).
    /// </summary>
    private static GeneratedType ReadType(INamedTypeSymbol symbol, TypeDeclarationSyntax declaration, LocationInfo? identifier,
        DslAttributes attributes, List<DiagnosticInfo> diagnostics, out bool extendable)
    {
        extendable = true;
        if (symbol.TypeKind != TypeKind.Class || symbol.IsRecord)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotAClass, identifier, symbol.Name, Keyword(declaration)));
            extendable = false;
        }
        extendable &= CanTakeGeneratedMembers(symbol, declaration.Modifiers.Any(SyntaxKind.PartialKeyword), identifier, diagnostics);

        var containing = new List<ContainingType>();
        for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var outerSyntax = outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
            extendable &= CanTakeGeneratedMembers(outer, outerSyntax.Any(s => s.Modifiers.Any(SyntaxKind.PartialKeyword)),
                identifier, diagnostics);
            containing.Insert(0, new ContainingType(Keyword(outerSyntax.FirstOrDefault()), outer.Name));
        }

        var modelBase = BaseModel(symbol, attributes);
        if (modelBase is not null)
        {
            // Every generated member at once: one error, not six.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedMemberClash, identifier, symbol.Name,
                $"derives from the model '{modelBase.Name}', so it inherits", GeneratedMembers[0]));
            extendable = false;
        }
        foreach (var member in modelBase is null ? GeneratedMembers : [])
        {
            if (symbol.Name == member)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedMemberClash, identifier, symbol.Name, "is itself", member));
                extendable = false;
            }
            else if (symbol.GetMembers(member).Any(m => !m.IsImplicitlyDeclared))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedMemberClash, identifier, symbol.Name, "already has", member));
                extendable = false;
            }
            else if (Inherits(symbol, member))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedMemberClash, identifier, symbol.Name, "inherits", member));
                extendable = false;
            }
        }

        var ns = new List<string>();
        for (var space = symbol.ContainingNamespace; space is { IsGlobalNamespace: false }; space = space.ContainingNamespace)
            ns.Insert(0, space.Name);
        return new GeneratedType(ns.ToEquatableArray(), containing.ToEquatableArray(), symbol.Name);
    }

    /// <summary>How an access keyword keeps the registry (another class of the assembly) from the model, or null.</summary>
    /// <summary>
    /// The checks the model class and every type containing it must pass for a generated partial half to compile and be
    /// reachable from the registry: partial, not generic, not file-local, not private or protected (reported on the
    /// model's name, naming the type at fault). False when a generated half would not compile beside it.
    /// </summary>
    private static bool CanTakeGeneratedMembers(INamedTypeSymbol type, bool isPartial, LocationInfo? identifier,
        List<DiagnosticInfo> diagnostics)
    {
        var extendable = true;
        if (!isPartial)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotPartial, identifier, type.Name));
            extendable = false;
        }
        if (type.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericModel, identifier, type.Name));
            extendable = false;
        }
        if (type.IsFileLocal)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotReachable, identifier, type.Name, "file-local"));
            extendable = false;
        }
        else if (Unreachable(type.DeclaredAccessibility) is { } access)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotReachable, identifier, type.Name, access));
        }
        return extendable;
    }

    private static string? Unreachable(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => null,
    };

    private static bool Inherits(INamedTypeSymbol symbol, string member)
    {
        for (var type = symbol.BaseType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            if (type.GetMembers(member).Any(m => m.DeclaredAccessibility != Accessibility.Private)) return true;
        return false;
    }

    /// <summary>
    /// A base class that is itself a model, or null: it will have every generated member, although the compilation the
    /// generator sees does not hold them yet.
    /// </summary>
    private static INamedTypeSymbol? BaseModel(INamedTypeSymbol symbol, DslAttributes attributes)
    {
        for (var type = symbol.BaseType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            if (type.GetAttributes().Any(a => attributes.Identify(a.AttributeClass) == DslAttribute.LitModel)) return type;
        return null;
    }

    private static string Keyword(TypeDeclarationSyntax? syntax) => syntax switch
    {
        RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
        RecordDeclarationSyntax => "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };

    // ---- the attributes --------------------------------------------------------------------------------------------

    private static ModelDeclaration ReadAttributes(INamedTypeSymbol symbol, GeneratedType type, DslAttributes attributes,
        Compilation compilation, CancellationToken cancellationToken)
    {
        LocationInfo? modelLocation = null;
        Argument<string>? name = null;
        Argument<int> imageSize = default, inChannels = default, classes = default, patchSize = default, embedDim = default;
        Argument<double> mlpRatio = default;
        Argument<bool> qkvBias = default, padToWindow = default;
        var stages = new List<StageDeclaration>();
        LayerDeclaration? layer = null;
        BackboneDeclaration? backbone = null;

        foreach (var attribute in symbol.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kind = attributes.Identify(attribute.AttributeClass);
            if (kind is null) continue;
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            var reader = new AttributeReader(attribute, syntax, compilation);
            switch (kind.Value)
            {
                case DslAttribute.LitModel:
                    modelLocation = reader.AttributeLocation;
                    name = reader.ConstructorArgument(0, "");
                    imageSize = reader.Named("ImageSize", AttributeDefaults.ImageSize);
                    inChannels = reader.Named("InChannels", AttributeDefaults.InChannels);
                    classes = reader.Named("Classes", AttributeDefaults.Classes);
                    patchSize = reader.Named("PatchSize", AttributeDefaults.PatchSize);
                    embedDim = reader.Named("EmbedDim", AttributeDefaults.EmbedDim);
                    mlpRatio = reader.Named("MlpRatio", AttributeDefaults.MlpRatio);
                    qkvBias = reader.Named("QkvBias", AttributeDefaults.QkvBias);
                    padToWindow = reader.Named("PadToWindow", false);
                    break;
                case DslAttribute.ConvFfnStage:
                    stages.Add(new ConvFfnStageDeclaration(reader.AttributeLocation, reader.ConstructorArgument(0, 0),
                        reader.Named("Depth", AttributeDefaults.Depth)));
                    break;
                case DslAttribute.HiLoStage:
                    stages.Add(new MixerStageDeclaration(DslAttribute.HiLoStage, reader.AttributeLocation,
                        reader.ConstructorArgument(0, 0), reader.Named("Depth", AttributeDefaults.Depth), ReadMixer(reader, Mixer.HiLo)));
                    break;
                case DslAttribute.AttentionStage:
                    stages.Add(new MixerStageDeclaration(DslAttribute.AttentionStage, reader.AttributeLocation,
                        reader.ConstructorArgument(0, 0), reader.Named("Depth", AttributeDefaults.Depth),
                        ReadMixer(reader, AttributeDefaults.AttentionMixer)));
                    break;
                case DslAttribute.LinGloStage:
                    stages.Add(new LinGloStageDeclaration(reader.AttributeLocation, reader.ConstructorArgument(0, 0),
                        reader.Named("Depth", AttributeDefaults.Depth), ReadMixer(reader, AttributeDefaults.LinGloMixer),
                        reader.Named("Channels", 0), reader.Named("MlpRatio", AttributeDefaults.MlpRatio),
                        reader.Named("CpeBranches", AttributeDefaults.CpeBranches)));
                    break;
                case DslAttribute.HiLoLayer:
                    layer = new LayerDeclaration(DslAttribute.HiLoLayer, reader.AttributeLocation,
                        reader.Named("Tokens", AttributeDefaults.Tokens), reader.Named("Dim", 0), ReadMixer(reader, Mixer.HiLo),
                        reader.Named("QkvBias", AttributeDefaults.HiLoLayerQkvBias));
                    break;
                case DslAttribute.AttentionLayer:
                    layer = new LayerDeclaration(DslAttribute.AttentionLayer, reader.AttributeLocation,
                        reader.Named("Tokens", AttributeDefaults.Tokens), reader.Named("Dim", 0),
                        ReadMixer(reader, AttributeDefaults.AttentionMixer), reader.Named("QkvBias", AttributeDefaults.QkvBias));
                    break;
                case DslAttribute.Backbone:
                    backbone = new BackboneDeclaration(reader.AttributeLocation, reader.NamedInts("OutIndices", EquatableArray<int>.Empty),
                        reader.Named("Height", AttributeDefaults.ImageSize), reader.Named("Width", AttributeDefaults.ImageSize),
                        reader.Named("Norms", (int)OutputNorms.ExceptFirstStage));
                    break;
            }
        }

        // ForAttributeWithMetadataName only calls the reader for classes that carry [LitModel].
        return new ModelDeclaration(type, modelLocation, name ?? new Argument<string>("", modelLocation, false),
            imageSize, inChannels, classes, patchSize, embedDim, mlpRatio, qkvBias, padToWindow, stages.ToEquatableArray(), layer, backbone);
    }

    /// <summary>
    /// The mixer arguments of a stage or layer attribute. <paramref name="fixedOrDefault"/> is the mixer of a shorthand
    /// attribute that has no <c>Mixer</c> property ([HiLoStage], [HiLoLayer]), else the attribute's default; a window
    /// size or reduction ratio left at 0 ("the mixer's default") takes that mixer's default.
    /// </summary>
    private static MixerDeclaration ReadMixer(AttributeReader reader, Mixer fixedOrDefault)
    {
        var kind = reader.Named("Mixer", (int)fixedOrDefault);
        var mixer = (Mixer)kind.Value;
        var windowSize = reader.Named("WindowSize", 0);
        if (!windowSize.IsExplicit)
            windowSize = windowSize with { Value = MixerRules.DefaultWindowSize(mixer) };
        var ratio = reader.Named("ReductionRatio", 0);
        if (!ratio.IsExplicit) ratio = ratio with { Value = MixerRules.DefaultReductionRatio(mixer) };
        return new MixerDeclaration(kind, reader.Named("Heads", 0), windowSize, reader.Named("Alpha", AttributeDefaults.Alpha), ratio,
            reader.Named("U1", (int)U1Form.PerHead));
    }
}
