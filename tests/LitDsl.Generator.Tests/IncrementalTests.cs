using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LitDsl.Generator.Tests;

/// <summary>
/// The pipeline caches: an unrelated edit leaves every step Cached/Unchanged, a relevant edit re-runs only what it
/// touches, and the step outputs hold values only (no symbols, syntax nodes or compilations).
/// </summary>
public sealed class IncrementalTests
{
    private const string ModelSource = """
        using LitDsl;
        namespace Demo;
        [LitModel("tiny", ImageSize = 64, EmbedDim = 16)]
        [ConvFfnStage(1, Depth = 1)]
        [HiLoStage(2, Depth = 1, Heads = 2, WindowSize = 2, Alpha = 0.5)]
        public static partial class Tiny;
        """;

    private static readonly string[] ModelSteps = [TrackingNames.Parsed, TrackingNames.Analyzed, TrackingNames.Plans, TrackingNames.Diagnostics];

    private static GeneratorRunResult RunTwice(string otherFileBefore, string otherFileAfter, string? modelAfter = null)
    {
        var compilation = GeneratorHarness.Compilation(ModelSource, otherFileBefore);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        var trees = compilation.SyntaxTrees.ToArray();
        var edited = compilation
            .ReplaceSyntaxTree(trees[1], trees[1].WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(otherFileAfter)));
        if (modelAfter is not null)
            edited = edited.ReplaceSyntaxTree(edited.SyntaxTrees.First(),
                edited.SyntaxTrees.First().WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(modelAfter)));
        return driver.RunGenerators(edited).GetRunResult().Results.Single();
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var result = RunTwice("class Other { }", "class Other { int Field; }");

        foreach (var step in ModelSteps.Append(TrackingNames.AllPlans))
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step} was {output.Reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void A_relevant_edit_reruns_the_model()
    {
        var deeper = ModelSource.Replace("[ConvFfnStage(1, Depth = 1)]", "[ConvFfnStage(1, Depth = 2)]");
        var result = RunTwice("class Other { }", "class Other { }", deeper);

        var analyzed = result.TrackedSteps[TrackingNames.Analyzed].SelectMany(s => s.Outputs).Single();
        Assert.Equal(IncrementalStepRunReason.Modified, analyzed.Reason);
        var plans = result.TrackedSteps[TrackingNames.Plans].SelectMany(s => s.Outputs).Single();
        Assert.Equal(IncrementalStepRunReason.Modified, plans.Reason);
    }

    [Fact]
    public void A_model_only_moved_in_its_file_re_emits_no_source()
    {
        var moved = "// a comment that shifts every position\n" + ModelSource;
        var result = RunTwice("class Other { }", "class Other { }", moved);

        // Locations change (diagnostics are recomputed), but the emitted source for the plan must not be.
        var sourceOutputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Contains(sourceOutputs, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Step_outputs_hold_no_symbols_syntax_or_compilations()
    {
        var result = RunTwice("class Other { }", "class Other { }");
        foreach (var step in ModelSteps.Append(TrackingNames.AllPlans))
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(s => s.Outputs))
                AssertHoldsValuesOnly(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static void AssertHoldsValuesOnly(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (!value.GetType().IsValueType && !visited.Add(value)) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location,
            $"{path} holds a {value.GetType().Name}, which would defeat caching.");
        if (value is DiagnosticDescriptor || value is Microsoft.CodeAnalysis.Text.TextSpan || value is Microsoft.CodeAnalysis.Text.LinePositionSpan) return;
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items) AssertHoldsValuesOnly(item, $"{path}[{i++}]", visited);
            return;
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertHoldsValuesOnly(field.GetValue(value), $"{path}.{field.Name}", visited);
    }
}
