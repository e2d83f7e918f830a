extern alias generator;

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using generator::LitDsl.Generator;
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

    // A backbone: its plan holds a backbone's outputs and sizes, which must be values as well.
    private const string BackboneSource = """
        using LitDsl;
        namespace Demo;
        [LitModel("tiny-backbone", EmbedDim = 16)]
        [Backbone(Height = 45, Width = 50, OutIndices = new[] { 1 })]
        [ConvFfnStage(1, Depth = 1)]
        [HiLoStage(2, Depth = 1, Heads = 2, WindowSize = 4, Alpha = 0.5)]
        public static partial class TinyBackbone;
        """;

    private static string Source(bool backbone) => backbone ? BackboneSource : ModelSource;

    private static readonly string[] ModelSteps =
        [TrackingNames.Read, TrackingNames.Analyzed, TrackingNames.Diagnostics, TrackingNames.Generated];

    private static readonly string[] CompilationSteps =
        [TrackingNames.HintCollisions, TrackingNames.DuplicateNames, TrackingNames.AllPlans];

    private static GeneratorRunResult RunTwice(bool backbone, string otherFileBefore, string otherFileAfter, string? modelAfter = null)
    {
        var compilation = GeneratorHarness.Compilation(Source(backbone), otherFileBefore);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        var trees = compilation.SyntaxTrees.ToArray();
        var edited = compilation
            .ReplaceSyntaxTree(trees[1], trees[1].WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(otherFileAfter)));
        if (modelAfter is not null)
            edited = edited.ReplaceSyntaxTree(edited.SyntaxTrees.First(),
                edited.SyntaxTrees.First().WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(modelAfter)));
        return driver.RunGenerators(edited).GetRunResult().Results.Single();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_unrelated_edit_leaves_every_step_cached(bool backbone)
    {
        var result = RunTwice(backbone, "class Other { }", "class Other { int Field; }");

        foreach (var step in ModelSteps.Concat(CompilationSteps))
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_relevant_edit_reruns_the_model(bool backbone)
    {
        var deeper = Source(backbone).Replace("[ConvFfnStage(1, Depth = 1)]", "[ConvFfnStage(1, Depth = 2)]");
        var result = RunTwice(backbone, "class Other { }", "class Other { }", deeper);

        var analyzed = result.TrackedSteps[TrackingNames.Analyzed].SelectMany(s => s.Outputs).Single();
        Assert.Equal(IncrementalStepRunReason.Modified, analyzed.Reason);
        var generated = result.TrackedSteps[TrackingNames.Generated].SelectMany(s => s.Outputs).Single();
        Assert.Equal(IncrementalStepRunReason.Modified, generated.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_line_inserted_above_a_model_leaves_every_source_output_cached(bool backbone)
    {
        var moved = Source(backbone).Replace("[LitModel(", "// a line that shifts every position below it\n[LitModel(");
        var result = RunTwice(backbone, "class Other { }", "class Other { }", moved);

        // The reader saw the move (its declaration holds locations for diagnostics)...
        var read = result.TrackedSteps[TrackingNames.Read].SelectMany(s => s.Outputs).Single();
        Assert.Equal(IncrementalStepRunReason.Modified, read.Reason);
        // ...but what emission reads holds none, so no source is produced again.
        var generated = result.TrackedSteps[TrackingNames.Generated].SelectMany(s => s.Outputs).Single();
        Assert.True(generated.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Generated was {generated.Reason}");
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Step_outputs_hold_no_symbols_syntax_or_compilations(bool backbone)
    {
        var result = RunTwice(backbone, "class Other { }", "class Other { }");
        foreach (var step in ModelSteps.Concat(CompilationSteps))
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(s => s.Outputs))
                AssertHoldsValuesOnly(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance), allowLocations: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void What_emission_reads_holds_no_source_location(bool backbone)
    {
        var result = RunTwice(backbone, "class Other { }", "class Other { }");
        foreach (var step in new[] { TrackingNames.Generated, TrackingNames.HintCollisions, TrackingNames.AllPlans })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            foreach (var (value, _) in outputs)
                AssertHoldsValuesOnly(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance), allowLocations: false);
        }
    }

    private static void AssertHoldsValuesOnly(object? value, string path, HashSet<object> visited, bool allowLocations)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (!value.GetType().IsValueType && !visited.Add(value)) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location,
            $"{path} holds a {value.GetType().Name}, which would defeat caching.");
        Assert.False(!allowLocations && value.GetType().Name == "LocationInfo",
            $"{path} holds a source location, so moving the declaration would emit its source again.");
        if (value is DiagnosticDescriptor || value is Microsoft.CodeAnalysis.Text.TextSpan || value is Microsoft.CodeAnalysis.Text.LinePositionSpan) return;
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items) AssertHoldsValuesOnly(item, $"{path}[{i++}]", visited, allowLocations);
            return;
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertHoldsValuesOnly(field.GetValue(value), $"{path}.{field.Name}", visited, allowLocations);
    }
}
