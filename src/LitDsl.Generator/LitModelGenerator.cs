using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LitDsl.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LitDsl.Generator;

/// <summary>
/// The LitDsl source generator. For every class marked [LitModel]: parse its attributes into a value model, analyze it
/// (LITnnnn diagnostics, or shapes, parameters and FLOPs), emit its generated half; then emit the assembly's model
/// registry and build report, and check model names are unique across the compilation. This method is wiring only.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class LitModelGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.LitModelAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (syntaxContext, cancellationToken) => Guard(syntaxContext.TargetSymbol.Name,
                    () => Parser.Parse(syntaxContext, cancellationToken),
                    error => new ParseResult(null, error)))
            .WithTrackingName(TrackingNames.Parsed);

        var analyzed = parsed
            .Select(static (result, cancellationToken) => result.Spec is null
                ? new AnalysisResult(null, result.Diagnostics)
                : Guard(result.Spec.Type.Name,
                    () => Analyzer.Analyze(result.Spec, cancellationToken),
                    error => new AnalysisResult(null, error)))
            .WithTrackingName(TrackingNames.Analyzed);

        // Diagnostics go out on their own, so a change that only moves code does not re-emit any source.
        var diagnostics = analyzed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, items) =>
        {
            foreach (var diagnostic in items) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });

        var plans = analyzed
            .Where(static result => result.Plan is not null)
            .Select(static (result, _) => result.Plan!)
            .WithTrackingName(TrackingNames.Plans);
        context.RegisterSourceOutput(plans, static (output, plan) =>
            output.AddSource(Emitter.HintName(plan), Emitter.Emit(plan)));

        var allPlans = plans.Collect().WithTrackingName(TrackingNames.AllPlans);
        context.RegisterSourceOutput(allPlans, static (output, models) =>
        {
            var registered = RejectDuplicateNames(models, output);
            if (registered.Length > 0) output.AddSource(RegistryEmitter.HintName, RegistryEmitter.Emit(registered));
        });
    }

    /// <summary>
    /// Reports every model whose name an earlier model (in file and position order) already has, and returns the
    /// models with unique names, ordered by name.
    /// </summary>
    private static ImmutableArray<ModelPlan> RejectDuplicateNames(ImmutableArray<ModelPlan> models, SourceProductionContext output)
    {
        var firstByName = new Dictionary<string, ModelPlan>(StringComparer.Ordinal);
        var ordered = models
            .OrderBy(m => m.NameLocation?.FilePath ?? "", StringComparer.Ordinal)
            .ThenBy(m => m.NameLocation?.Span.Start ?? 0);
        foreach (var model in ordered)
        {
            if (firstByName.TryGetValue(model.Name, out var first))
            {
                output.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateModelName, model.NameLocation,
                    model.Name, first.Type.FullyQualifiedName.Substring("global::".Length)).ToDiagnostic());
                continue;
            }
            firstByName.Add(model.Name, model);
        }
        return firstByName.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>
    /// The generator must never throw: an unexpected failure becomes LIT9999 on the model, and the rest of the
    /// compilation is generated as usual. Cancellation still propagates.
    /// </summary>
    private static T Guard<T>(string modelName, Func<T> step, Func<EquatableArray<DiagnosticInfo>, T> onError)
    {
        try
        {
            return step();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, null, modelName,
                exception.GetType().Name + ": " + exception.Message);
            return onError(ImmutableArray.Create(diagnostic).ToEquatableArray());
        }
    }
}
