using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LitDsl.Graph;
using LitDsl.Models;
using Microsoft.CodeAnalysis;

namespace LitDsl.Generator.Tests;

/// <summary>
/// The breakage project (Breakages/*.cs.txt, see its README): every declaration that broke the generator, in one
/// compilation. Each gets exactly the LIT errors its <c>// expect:</c> line names, and nothing breaks around them.
/// </summary>
public sealed class BreakageTests
{
    /// <summary>The compiler's own errors about where [LitModel] is written, which user code in this project makes.</summary>
    private static readonly string[] CompilerErrorsOnAttributePlacement = ["CS0579", "CS0592"];

    private static readonly Lazy<BreakageRun> Run = new(() => new BreakageRun());

    [Fact]
    public void The_generator_neither_throws_nor_fails()
    {
        var run = Run.Value;
        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.DriverDiagnostics, d => d.Id == "CS8785");
        Assert.DoesNotContain(run.Result.Diagnostics, d => d.Id == "LIT9999");
    }

    [Fact]
    public void Each_declaration_gets_exactly_the_errors_it_expects()
    {
        var run = Run.Value;
        var unplaced = run.Result.Diagnostics.Where(d => run.BlockOf(d.Location) is null).ToList();
        Assert.True(unplaced.Count == 0, "Diagnostics outside any expectation: " + string.Join("; ", unplaced));
        foreach (var block in run.Blocks)
        {
            var actual = run.Result.Diagnostics.Where(d => run.BlockOf(d.Location) == block).Select(d => d.Id).OrderBy(id => id).ToList();
            Assert.True(block.Expected.SequenceEqual(actual),
                $"{block.File} line {block.Line}: expected [{string.Join(", ", block.Expected)}], got [{string.Join(", ", actual)}]: " +
                string.Join("; ", run.Result.Diagnostics.Where(d => run.BlockOf(d.Location) == block).Select(d => d.GetMessage())));
        }
        Assert.Contains(run.Blocks, b => b.Expected.Count == 0);
        Assert.Contains(run.Blocks, b => b.Expected.Count > 0);
    }

    [Fact]
    public void Generated_code_compiles_without_a_diagnostic_and_user_code_without_a_cascade()
    {
        var run = Run.Value;
        var generatedTrees = run.Result.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
        var diagnostics = run.Output.GetDiagnostics();
        var inGenerated = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && generatedTrees.Contains(d.Location.SourceTree!));
        Assert.Empty(inGenerated.Select(d => d.ToString()));
        var userErrors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !generatedTrees.Contains(d.Location.SourceTree!));
        Assert.All(userErrors, d => Assert.Contains(d.Id, CompilerErrorsOnAttributePlacement));
    }

    [Fact]
    public void Hint_names_are_unique_and_valid()
    {
        var hints = Run.Value.Result.GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Equal(hints.Count, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("Fuzz.class.Model.g.cs", hints);
        Assert.Equal(2, hints.Count(h => h.StartsWith("N.Model.", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Accepted_models_build_graphs_whose_figures_equal_their_declared_ones()
    {
        var (assembly, accepted) = Run.Value.LoadAccepted();
        var all = (IReadOnlyList<LitModelInfo>)assembly.GetType("LitDsl.Generated.LitDslModels", throwOnError: true)!
            .GetProperty("All")!.GetValue(null)!;
        Assert.Equal(accepted, all.Count);
        foreach (var model in all)
        {
            var builder = new GraphBuilder(model.Name, new SeededWeights());
            model.Build(builder);
            var graph = builder.Finish();
            Assert.Equal((model.Name, model.Parameters, model.Flops), (model.Name, graph.Parameters, graph.Flops));
        }
        // Alpha = 0.7f is read as written: ⌊10 × 0.7⌋ = 7 Lo-Fi heads, as Alpha = 0.7 gives.
        var floatAlpha = Run.Value.Result.GeneratedSources.Single(s => s.HintName == "Sizes.FloatAlpha.g.cs").SourceText.ToString();
        Assert.Contains("Heads: 10, LoFiHeads: 7,", floatAlpha, StringComparison.Ordinal);
        // The patch-grid rounding: the head's norm is charged ⌊24 × 49 / 2⌋ = 588, in Info and in the graph alike.
        var oddGrid = all.Single(m => m.Name == "odd-grid");
        Assert.Equal(588 + 24 * 10, oddGrid.Layers.Single(l => l.Kind == "Head").Flops);
    }

    /// <summary>One run of the generator over the breakage project, and its expectations.</summary>
    private sealed class BreakageRun
    {
        public BreakageRun()
        {
            var directory = Path.Combine(TestSupport.RepositoryPaths.Root, "tests", "LitDsl.Generator.Tests", "Breakages");
            var files = Directory.GetFiles(directory, "*.cs.txt").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Sources = files.Select(File.ReadAllText).ToArray();
            Blocks = Sources.SelectMany((text, i) => Expectation.Parse($"Model{i}.cs", text)).ToList();
            (Result, Output, DriverDiagnostics) = GeneratorHarness.RunWithDriverDiagnostics(Sources);
        }

        public string[] Sources { get; }
        public List<Expectation> Blocks { get; }
        public GeneratorRunResult Result { get; }
        public Compilation Output { get; }
        public System.Collections.Immutable.ImmutableArray<Diagnostic> DriverDiagnostics { get; }

        public Expectation? BlockOf(Location location)
        {
            var path = location.GetLineSpan().Path;
            var line = location.GetLineSpan().StartLinePosition.Line + 1;
            return Blocks.LastOrDefault(b => b.File == path && b.Line <= line);
        }

        /// <summary>
        /// The files whose declarations are all accepted, compiled and loaded alone (the others make the compilation
        /// fail, as they should).
        /// </summary>
        public (System.Reflection.Assembly Assembly, int Models) LoadAccepted()
        {
            var accepted = Sources.Where((_, i) => Blocks.Where(b => b.File == $"Model{i}.cs").All(b => b.Expected.Count == 0)).ToArray();
            var models = accepted.Sum(source => Expectation.Parse("", source).Count());
            return (GeneratorHarness.CompileAndLoad(accepted), models);
        }
    }

    /// <summary>The LIT errors one <c>// expect:</c> line names for the declaration below it, up to the next one.</summary>
    private sealed record Expectation(string File, int Line, List<string> Expected)
    {
        private static readonly Regex ExpectLine = new(@"^\s*// expect: (.+)$");

        public static IEnumerable<Expectation> Parse(string file, string text)
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var match = ExpectLine.Match(lines[i].TrimEnd('\r'));
                if (!match.Success) continue;
                var expected = match.Groups[1].Value.Trim() == "accepted"
                    ? []
                    : match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).OrderBy(id => id).ToList();
                yield return new Expectation(file, i + 1, expected);
            }
        }
    }
}
