using System;
using System.Collections.Immutable;
using LitDsl.Generator.Emission;
using LitDsl.Generator.Model;
using LitDsl.Generator.Planning;
using LitDsl.Generator.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LitDsl.Generator;

/// <summary>
/// The LitDsl source generator. For every class marked [LitModel]: read its attributes into a declaration, check it
/// (LITnnnn diagnostics) and plan it (shapes, parameters, FLOPs), emit its generated half (or, after an error, a stub
/// of the same members); then emit the assembly's model registry and build report, and check that model names are
/// unique. This method is wiring only.
/// </summary>
/// <remarks>
/// Incremental as System.Text.Json's generator is: what emission reads (plans, stubs, hint-name collisions) holds no
/// source location, so a declaration that only moves in its file leaves every source output cached; diagnostics, which
/// need locations, go out on their own outputs.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class LitModelGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Every type declaration: records and structs carrying [LitModel] are told they cannot be models (LIT0024).
        var read = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.LitModelAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (syntaxContext, cancellationToken) => Guard(syntaxContext.TargetSymbol.Name,
                    () => DeclarationReader.Read(syntaxContext, cancellationToken),
                    error => new ReadResult(null, null, error)))
            .WithTrackingName(TrackingNames.Read);

        var analyzed = read
            .Select(static (result, cancellationToken) => Guard(result.Declaration?.Type.Name ?? "",
                () => ModelAnalysis.Analyze(result, cancellationToken),
                error => result.Declaration is { } model
                    ? ModelAnalysis.WithErrors(model, error)
                    : new AnalysisResult(null, null, error, null)))
            .WithTrackingName(TrackingNames.Analyzed);

        var diagnostics = analyzed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, items) => Report(output, items));

        var generated = analyzed
            .Select(static (result, _) => result.Generated)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Generated);
        var hintCollisions = generated
            .Select(static (model, _) => HintNames.Base(model.Type))
            .Collect()
            .Select(static (names, _) => HintNames.Collisions(names))
            .WithTrackingName(TrackingNames.HintCollisions);
        context.RegisterSourceOutput(generated.Combine(hintCollisions), static (output, pair) =>
            output.AddSource(HintNames.For(pair.Left.Type, pair.Right), ModelEmitter.Emit(pair.Left)));

        var duplicateNames = analyzed
            .Where(static result => result.Plan is not null)
            .Select(static (result, _) => new ModelName(result.Plan!.Name, result.Plan.Type.DisplayName, result.NameLocation))
            .Collect()
            .Select(static (names, _) => ModelNames.Duplicates(names))
            .WithTrackingName(TrackingNames.DuplicateNames);
        context.RegisterSourceOutput(duplicateNames, static (output, items) => Report(output, items));

        var allPlans = generated
            .Where(static model => model is ModelPlan)
            .Select(static (model, _) => (ModelPlan)model)
            .Collect()
            .WithTrackingName(TrackingNames.AllPlans);
        context.RegisterSourceOutput(allPlans, static (output, plans) =>
        {
            var registered = RegistryEmitter.Registered(plans);
            if (registered.Length > 0) output.AddSource(HintNames.Registry, RegistryEmitter.Emit(registered));
        });

        // A project that declares models without LitDsl's build targets would silently get no build report (LIT0028).
        var targetsImported = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) =>
                options.GlobalOptions.TryGetValue(KnownNames.ReportBuildProperty, out var value) && value.Length > 0)
            .WithTrackingName(TrackingNames.BuildTargetsImported);
        var declaresModels = read.Collect().Select(static (models, _) => models.Length > 0);
        context.RegisterSourceOutput(declaresModels.Combine(targetsImported), static (output, pair) =>
        {
            if (pair.Left && !pair.Right)
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BuildTargetsNotImported, Location.None));
        });
    }

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
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
