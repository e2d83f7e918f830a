using System;
using System.Threading;
using LitDsl.Generator.Checking;
using LitDsl.Generator.Declarations;
using LitDsl.Generator.Model;
using LitDsl.Generator.Planning;
using LitDsl.Generator.Reading;

namespace LitDsl.Generator;

/// <summary>
/// What the generator makes of one declaration: the plan to emit, or the stub and the diagnostics that explain why
/// there is none. <see cref="NameLocation"/> travels beside the plan, never inside it, for the one check that needs
/// a model's location once plans are made (LIT0010, names unique across the compilation).
/// </summary>
internal sealed record AnalysisResult(ModelPlan? Plan, ModelStub? Stub, EquatableArray<DiagnosticInfo> Diagnostics,
    LocationInfo? NameLocation)
{
    /// <summary>What to emit for the class: its plan, its stub, or nothing (a class that cannot take generated members).</summary>
    public GeneratedModel? Generated => (GeneratedModel?)Plan ?? Stub;
}

/// <summary>Checks a read declaration and, when it holds, plans it: the step between reading and emitting.</summary>
internal static class ModelAnalysis
{
    public static AnalysisResult Analyze(ReadResult read, CancellationToken cancellationToken)
    {
        if (read.Declaration is not { } model) return new AnalysisResult(null, read.Stub, read.Diagnostics, null);
        cancellationToken.ThrowIfCancellationRequested();

        var diagnostics = DeclarationChecker.Check(model);
        ModelPlan? plan = null;
        if (diagnostics.Count == 0)
        {
            try
            {
                plan = ModelPlanner.Plan(model);
                diagnostics.AddRange(DeclarationChecker.CheckTotals(plan, model));
            }
            catch (OverflowException)
            {
                diagnostics.Add(DeclarationChecker.FiguresOverflow(model));
            }
        }
        return diagnostics.Count > 0
            ? WithErrors(model, diagnostics.ToEquatableArray())
            : new AnalysisResult(plan, null, EquatableArray<DiagnosticInfo>.Empty, model.Name.Location);
    }

    /// <summary>A declaration that will not be generated: its diagnostics, and the stub its class still takes.</summary>
    public static AnalysisResult WithErrors(ModelDeclaration model, EquatableArray<DiagnosticInfo> diagnostics) =>
        new(null, new ModelStub(model.Type, model.Name.Value, DeclarationReader.Ids(diagnostics), model.Backbone is not null), diagnostics, null);
}
