using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LitDsl.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LitDsl.Generator;

public sealed partial class LitModelGenerator
{
    /// <summary>The parser's result: the declaration as values, or the diagnostics that stop it from being read.</summary>
    internal sealed record ParseResult(ModelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>
    /// Reads a [LitModel] class's attributes into a <see cref="ModelSpec"/>: values, defaults and the location of every
    /// argument. Checks only what stops generation outright (partial, generic); the analyzer checks the architecture.
    /// </summary>
    internal static class Parser
    {
        // The attribute classes' defaults. The generator cannot run their initialisers, so they are repeated here;
        // a test compares the two.
        public const int DefaultImageSize = 224, DefaultInChannels = 3, DefaultClasses = 1000, DefaultPatchSize = 4;
        public const int DefaultEmbedDim = 96, DefaultDepth = 2, DefaultWindowSize = 2, DefaultTokens = 14;
        public const double DefaultMlpRatio = 4.0, DefaultAlpha = 0.9;
        public const bool DefaultQkvBias = true, DefaultLayerQkvBias = false;
        public const bool DefaultAttentionLayerQkvBias = true;
        public const int DefaultMixerWindowSize = 7, DefaultReductionRatio = 2, DefaultCpeBranches = 4;
        public const int DefaultAttentionMixer = (int)MixerKind.Msa, DefaultLinGloMixer = (int)MixerKind.KeyOnly;

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var symbol = (INamedTypeSymbol)context.TargetSymbol;
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            var diagnostics = new List<DiagnosticInfo>();

            var type = ReadTypeDeclaration(symbol, declaration, diagnostics);
            if (diagnostics.Count > 0) return new ParseResult(null, diagnostics.ToEquatableArray());

            LocationInfo? modelAttributeLocation = null;
            Argument<string>? name = null;
            Argument<int> imageSize = default, inChannels = default, classes = default, patchSize = default, embedDim = default;
            Argument<double> mlpRatio = default;
            Argument<bool> qkvBias = default, padToWindow = default;
            var stages = new List<StageSpec>();
            LayerSpec? layer = null;

            foreach (var attribute in symbol.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                var reader = new AttributeReader(attribute, syntax);
                switch (attribute.AttributeClass?.ToDisplayString())
                {
                    case KnownNames.LitModelAttribute:
                        modelAttributeLocation = reader.AttributeLocation;
                        name = reader.ConstructorArgument(0, "");
                        imageSize = reader.Named("ImageSize", DefaultImageSize);
                        inChannels = reader.Named("InChannels", DefaultInChannels);
                        classes = reader.Named("Classes", DefaultClasses);
                        patchSize = reader.Named("PatchSize", DefaultPatchSize);
                        embedDim = reader.Named("EmbedDim", DefaultEmbedDim);
                        mlpRatio = reader.Named("MlpRatio", DefaultMlpRatio);
                        qkvBias = reader.Named("QkvBias", DefaultQkvBias);
                        padToWindow = reader.Named("PadToWindow", false);
                        break;
                    case KnownNames.ConvFfnStageAttribute:
                        stages.Add(ReadStage(StageKind.ConvFfn, reader));
                        break;
                    case KnownNames.HiLoStageAttribute:
                        stages.Add(ReadStage(StageKind.HiLo, reader));
                        break;
                    case KnownNames.AttentionStageAttribute:
                        stages.Add(ReadMixerStage(StageKind.Attention, reader, DefaultAttentionMixer));
                        break;
                    case KnownNames.LinGloStageAttribute:
                        stages.Add(ReadMixerStage(StageKind.LinGlo, reader, DefaultLinGloMixer) with
                        {
                            Channels = reader.Named("Channels", 0),
                            MlpRatio = reader.Named("MlpRatio", DefaultMlpRatio),
                            CpeBranches = reader.Named("CpeBranches", DefaultCpeBranches),
                        });
                        break;
                    case KnownNames.AttentionLayerAttribute:
                    {
                        var mixer = reader.Named("Mixer", DefaultAttentionMixer);
                        layer = new LayerSpec(reader.AttributeLocation,
                            reader.Named("Tokens", DefaultTokens), reader.Named("Dim", 0), reader.Named("Heads", 0),
                            reader.Named("WindowSize", DefaultWindowSizeOf(mixer.Value)), reader.Named("Alpha", DefaultAlpha),
                            reader.Named("QkvBias", DefaultAttentionLayerQkvBias))
                        {
                            Mixer = mixer,
                            ReductionRatio = reader.Named("ReductionRatio", DefaultReductionRatioOf(mixer.Value)),
                            U1 = reader.Named("U1", (int)U1FormKind.PerHead),
                            AttributeName = "AttentionLayer",
                        };
                        break;
                    }
                    case KnownNames.HiLoLayerAttribute:
                        layer = new LayerSpec(reader.AttributeLocation,
                            reader.Named("Tokens", DefaultTokens), reader.Named("Dim", 0), reader.Named("Heads", 0),
                            reader.Named("WindowSize", DefaultWindowSize), reader.Named("Alpha", DefaultAlpha),
                            reader.Named("QkvBias", DefaultLayerQkvBias));
                        break;
                }
            }

            // ForAttributeWithMetadataName only calls us for classes that carry [LitModel].
            var spec = new ModelSpec(type, modelAttributeLocation, name ?? new Argument<string>("", modelAttributeLocation, false),
                imageSize, inChannels, classes, patchSize, embedDim, mlpRatio, qkvBias, padToWindow,
                stages.ToEquatableArray(), layer);
            return new ParseResult(spec, EquatableArray<DiagnosticInfo>.Empty);
        }

        private static StageSpec ReadStage(StageKind kind, AttributeReader reader) =>
            new(kind, reader.AttributeLocation,
                reader.ConstructorArgument(0, 0),
                reader.Named("Depth", DefaultDepth),
                reader.Named("Heads", 0),
                reader.Named("WindowSize", DefaultWindowSize),
                reader.Named("Alpha", DefaultAlpha));

        /// <summary>An [AttentionStage] or [LinGloStage]: the shared stage arguments plus the mixer's.</summary>
        private static StageSpec ReadMixerStage(StageKind kind, AttributeReader reader, int defaultMixer)
        {
            var mixer = reader.Named("Mixer", defaultMixer);
            return new StageSpec(kind, reader.AttributeLocation,
                reader.ConstructorArgument(0, 0),
                reader.Named("Depth", DefaultDepth),
                reader.Named("Heads", 0),
                reader.Named("WindowSize", DefaultWindowSizeOf(mixer.Value)),
                reader.Named("Alpha", DefaultAlpha))
            {
                Mixer = mixer,
                ReductionRatio = reader.Named("ReductionRatio", DefaultReductionRatioOf(mixer.Value)),
                U1 = reader.Named("U1", (int)U1FormKind.PerHead),
            };
        }

        /// <summary>The window size a mixer uses when none is written: HiLo 2, Window 7, others none.</summary>
        public static int DefaultWindowSizeOf(int mixer) => mixer switch
        {
            (int)MixerKind.HiLo => DefaultWindowSize,
            (int)MixerKind.Window => DefaultMixerWindowSize,
            _ => 0,
        };

        /// <summary>The reduction ratio a mixer uses when none is written: SRA 2, others none.</summary>
        public static int DefaultReductionRatioOf(int mixer) => mixer == (int)MixerKind.Sra ? DefaultReductionRatio : 0;

        private static TypeDeclarationInfo ReadTypeDeclaration(INamedTypeSymbol symbol, TypeDeclarationSyntax declaration,
            List<DiagnosticInfo> diagnostics)
        {
            var identifierLocation = LocationInfo.From(declaration.Identifier.GetLocation());
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotPartial, identifierLocation, symbol.Name));

            var containing = new List<ContainingType>();
            for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                var outerSyntax = outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
                if (!outerSyntax.Any(s => s.Modifiers.Any(SyntaxKind.PartialKeyword)))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotPartial, identifierLocation, outer.Name));
                if (outer.IsGenericType)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericModel, identifierLocation, outer.Name));
                containing.Insert(0, new ContainingType(Keyword(outerSyntax.FirstOrDefault()), outer.Name));
            }
            if (symbol.IsGenericType)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericModel, identifierLocation, symbol.Name));

            var ns = symbol.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
            return new TypeDeclarationInfo(ns, symbol.Name, containing.ToEquatableArray(), identifierLocation);
        }

        private static string Keyword(TypeDeclarationSyntax? syntax) => syntax switch
        {
            RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
            RecordDeclarationSyntax => "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => "class",
        };

        /// <summary>Reads one attribute application's arguments together with where each was written.</summary>
        private readonly struct AttributeReader(AttributeData data, AttributeSyntax? syntax)
        {
            public LocationInfo? AttributeLocation { get; } = LocationInfo.From(syntax);

            public Argument<T> ConstructorArgument<T>(int index, T fallback) where T : System.IEquatable<T>
            {
                var positional = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ElementAtOrDefault(index);
                var location = LocationInfo.From(positional) ?? AttributeLocation;
                return index < data.ConstructorArguments.Length && data.ConstructorArguments[index].Value is T value
                    ? new Argument<T>(value, location, true)
                    : new Argument<T>(fallback, location, false);
            }

            public Argument<T> Named<T>(string property, T defaultValue) where T : System.IEquatable<T>
            {
                foreach (var argument in data.NamedArguments)
                {
                    if (argument.Key != property) continue;
                    var written = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property);
                    var location = LocationInfo.From(written) ?? AttributeLocation;
                    // A constant of the wrong type is already a compiler error; keep the default so analysis goes on.
                    return argument.Value.Value is T value
                        ? new Argument<T>(value, location, true)
                        : new Argument<T>(defaultValue, location, false);
                }
                return new Argument<T>(defaultValue, AttributeLocation, false);
            }
        }
    }
}
