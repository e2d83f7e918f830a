using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Text;
using LitDsl.Graph;
using LitDsl.Models;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace LitDsl.Generator.Tests.Properties;

/// <summary>
/// Thousands of seeded random declarations (<see cref="RandomDeclaration"/>), compiled in batches: the generator never
/// throws; a declaration is either accepted — registered, generated code free of diagnostics, parameters equal to the
/// built graph's initializer elements, FLOPs equal to the graph's own record, every figure non-negative; a backbone's
/// FLOPs for any size equal its graph built at that size — or refused
/// with a LIT error (always, for a C# shape that cannot be a model), and code using its members still compiles. A
/// failure names the seed and prints the declaration.
/// </summary>
/// <remarks>
/// <c>LITDSL_PROPERTY_COUNT</c> (default 2,000) and <c>LITDSL_PROPERTY_SEED</c> (default 1) set how many declarations
/// and the first seed: seeds run from it upward, one declaration each, so any failure reruns alone with its seed.
/// </remarks>
public sealed class GeneratorPropertyTests(ITestOutputHelper output)
{
    private const int Batch = 100;

    /// <summary>Above this, an accepted model's figures are checked but its graph is not built (weights would be gigabytes).</summary>
    private const long BuildBudget = 50_000_000;

    [Fact]
    public void Random_declarations_are_generated_exactly_or_refused_with_a_LIT_error()
    {
        var count = Setting("LITDSL_PROPERTY_COUNT", 2000);
        var firstSeed = Setting("LITDSL_PROPERTY_SEED", 1);
        var stopwatch = Stopwatch.StartNew();
        var tally = new Tally();
        for (var start = firstSeed; start < firstSeed + count; start += Batch)
        {
            var declarations = Enumerable.Range(start, Math.Min(Batch, firstSeed + count - start))
                .Select(seed => new RandomDeclaration(seed)).ToArray();
            CheckBatch(declarations, tally);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} declarations from seed {firstSeed} in {stopwatch.Elapsed.TotalSeconds:F1} s: {tally.Accepted} accepted " +
            $"({tally.Built} graphs built, {tally.Backbones} of them backbones, {tally.TooLargeToBuild} over the build budget), {tally.Refused} refused, 0 exceptions; " +
            $"LIT IDs seen: {string.Join(" ", tally.Ids.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}"));
        Assert.True(tally.Accepted > count / 10, $"only {tally.Accepted} of {count} declarations were accepted");
        Assert.True(tally.Refused > count / 10, $"only {tally.Refused} of {count} declarations were refused");
    }

    private static void CheckBatch(RandomDeclaration[] declarations, Tally tally)
    {
        var sources = declarations.Select(d => d.Source).ToArray();
        var (result, compilation, driverDiagnostics) = GeneratorHarness.RunWithDriverDiagnostics(sources);
        // The harness names the files Model{i}.cs in order.
        RandomDeclaration Of(Location location) =>
            declarations[int.Parse(Path.GetFileNameWithoutExtension(location.GetLineSpan().Path).Substring("Model".Length), CultureInfo.InvariantCulture)];

        Check(result.Exception is null, declarations, $"the generator threw: {result.Exception}");
        var crash = driverDiagnostics.FirstOrDefault(d => d.Id == "CS8785");
        Check(crash is null, declarations, $"CS8785: {crash}");
        foreach (var internalError in result.Diagnostics.Where(d => d.Id == "LIT9999"))
            Fail(Of(internalError.Location), $"LIT9999: {internalError.GetMessage(CultureInfo.InvariantCulture)}");

        bool Placed(Diagnostic d) => d.Location.GetLineSpan().Path.StartsWith("Model", StringComparison.Ordinal);
        var litByDeclaration = result.Diagnostics.Where(Placed).ToLookup(d => Of(d.Location));
        var unplaced = result.Diagnostics.FirstOrDefault(d => !Placed(d));
        Check(unplaced is null, declarations, $"a diagnostic without a location: {unplaced}");

        // Generated code and user code compile with no error, whether the declaration was accepted or not (stubs); the
        // generated code without a warning either. (Emit reports every diagnostic of the compilation.)
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        var generatedTrees = result.GeneratedSources.ToDictionary(s => s.SyntaxTree, s => s.HintName);
        foreach (var diagnostic in emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            if (diagnostic.Location.SourceTree is { } tree && generatedTrees.TryGetValue(tree, out var hint))
                Check(false, declarations, $"{diagnostic} in generated {hint}:\n{tree}");
            else if (diagnostic.Severity == DiagnosticSeverity.Error)
                Fail(Of(diagnostic.Location), $"user code does not compile: {diagnostic}");
        }

        foreach (var declaration in declarations)
        {
            var lit = litByDeclaration[declaration].ToList();
            foreach (var id in lit.Select(d => d.Id)) tally.Ids[id] = tally.Ids.GetValueOrDefault(id) + 1;
            if (declaration.CannotBeAModel is { } why && lit.Count == 0) Fail(declaration, $"accepted although it is {why}");
            if (lit.Count > 0) tally.Refused++;
            else tally.Accepted++;
        }

        var accepted = declarations.Where(d => !litByDeclaration[d].Any()).ToDictionary(d => d.Name, StringComparer.Ordinal);
        Check(emit.Success, declarations, "the batch does not emit: " + string.Join("; ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("Property" + declarations[0].Seed, isCollectible: true);
        try
        {
            var registry = context.LoadFromStream(stream).GetType("LitDsl.Generated.LitDslModels");
            var models = registry is null ? [] : (IReadOnlyList<LitModelInfo>)registry.GetProperty("All")!.GetValue(null)!;
            Check(models.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal).SequenceEqual(accepted.Keys.OrderBy(n => n, StringComparer.Ordinal)),
                declarations, $"registered [{string.Join(", ", models.Select(m => m.Name))}], accepted [{string.Join(", ", accepted.Keys)}]");
            foreach (var model in models) CheckModel(accepted[model.Name], model, tally);
        }
        finally
        {
            context.Unload();
        }
    }

    private static void CheckModel(RandomDeclaration declaration, LitModelInfo model, Tally tally)
    {
        var figures = new[] { model.Parameters, model.Flops }
            .Concat(model.Layers.SelectMany(l => new[] { l.Parameters, l.Flops }))
            .Concat(model.InputShape.Concat(model.OutputShape).Concat(model.Layers.SelectMany(l => l.OutputShape)).Select(d => (long)d));
        if (figures.Any(f => f < 0)) Fail(declaration, "a negative figure or shape");
        if (model.Layers.Sum(l => l.Parameters) != model.Parameters || model.Layers.Sum(l => l.Flops) != model.Flops)
            Fail(declaration, "the layer table does not sum to the model's figures");
        if (model.Parameters > BuildBudget)
        {
            tally.TooLargeToBuild++;
            return;
        }
        var builder = new GraphBuilder(model.Name, new ZeroWeights());
        ModelGraph graph;
        try
        {
            model.Build(builder);
            graph = builder.Finish();
        }
        catch (Exception exception)
        {
            Fail(declaration, $"building the graph threw: {exception}");
            return;
        }
        tally.Built++;
        if (graph.Parameters != model.Parameters)
            Fail(declaration, $"Parameters is {model.Parameters:N0}; the graph's initializers hold {graph.Parameters:N0}");
        if (graph.Flops != model.Flops) Fail(declaration, $"Flops is {model.Flops:N0}; the graph's layers record {graph.Flops:N0}");
        if (graph.Count.MultiplyAccumulates < 0 || graph.Count.NormalizedElements < 0 || graph.Count.BiasAdditions < 0)
            Fail(declaration, "a negative graph count");
        if (!model.Layers.Select(l => (l.Name, l.Kind)).SequenceEqual(graph.Layers.Select(l => (l.Name, l.Kind))))
            Fail(declaration, "the layer table and the graph name different layers or kinds");
        if (!model.Outputs.Select(o => o.Name).SequenceEqual(graph.Outputs.Select(o => o.Name)))
            Fail(declaration, "the model's outputs and the graph's differ");
        if (model.Backbone is not { } backbone) return;
        CheckBackbone(declaration, model, backbone, graph);
        tally.Backbones++;
    }

    /// <summary>
    /// A backbone: its graph's batch, height and width are symbolic and its outputs NCHW maps; FlopsAt gives Flops at the
    /// reference size; and built at a fixed size drawn from the declaration's seed (odd sides, the smallest it takes),
    /// its graph records exactly FlopsAt of that size and the same parameters.
    /// </summary>
    private static void CheckBackbone(RandomDeclaration declaration, LitModelInfo model, BackboneInfo backbone, ModelGraph graph)
    {
        var input = graph.Inputs.Single();
        if (input.DimensionAt(0).SymbolName != "batch" || input.DimensionAt(2).SymbolName != "height" || input.DimensionAt(3).SymbolName != "width")
            Fail(declaration, $"the backbone's input is {input.ShapeText}");
        if (graph.Outputs.Any(o => o.Rank != 4 || o.DimensionAt(2).IsFixed || o.DimensionAt(3).IsFixed))
            Fail(declaration, "a backbone output is not an NCHW map of symbolic size");
        if (backbone.FlopsAt(backbone.ReferenceHeight, backbone.ReferenceWidth) != model.Flops)
            Fail(declaration, $"FlopsAt(reference) is {backbone.FlopsAt(backbone.ReferenceHeight, backbone.ReferenceWidth):N0}; Flops is {model.Flops:N0}");

        var random = new Random(declaration.Seed);
        var (height, width) = (random.Next(backbone.MinimumSide, backbone.MinimumSide + 100), random.Next(backbone.MinimumSide, backbone.MinimumSide + 100));
        var builder = new GraphBuilder(model.Name, new ZeroWeights());
        ModelGraph fixedGraph;
        try
        {
            backbone.BuildAt(builder, height, width);
            fixedGraph = builder.Finish();
        }
        catch (Exception exception)
        {
            Fail(declaration, $"building the graph at {height}×{width} threw: {exception}");
            return;
        }
        if (fixedGraph.Flops != backbone.FlopsAt(height, width))
            Fail(declaration, $"at {height}×{width} the graph records {fixedGraph.Flops:N0} FLOPs; FlopsAt gives {backbone.FlopsAt(height, width):N0}");
        if (fixedGraph.Parameters != model.Parameters) Fail(declaration, $"at {height}×{width} the graph has {fixedGraph.Parameters:N0} parameters");
        if (fixedGraph.Inputs.Single().Dimensions.Skip(1).Any(d => !d.IsFixed)) Fail(declaration, "a fixed-size build has a symbolic dimension");
        if (Throws(() => backbone.FlopsAt(backbone.MinimumSide - 1, width)) is not ArgumentOutOfRangeException)
            Fail(declaration, "FlopsAt takes a side below the smallest");
    }

    private static Exception? Throws(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static void Check(bool condition, RandomDeclaration[] batch, string message)
    {
        if (condition) return;
        var sources = new StringBuilder();
        foreach (var declaration in batch) sources.Append($"// seed {declaration.Seed}\n{declaration.Source}\n");
        throw new Xunit.Sdk.XunitException(
            $"{message}\nseeds {batch[0].Seed}–{batch[^1].Seed} (rerun with LITDSL_PROPERTY_SEED={batch[0].Seed} LITDSL_PROPERTY_COUNT={batch.Length}):\n{sources}");
    }

    private static void Fail(RandomDeclaration declaration, string message) =>
        throw new Xunit.Sdk.XunitException(
            $"seed {declaration.Seed} (rerun with LITDSL_PROPERTY_SEED={declaration.Seed} LITDSL_PROPERTY_COUNT=1): {message}\n{declaration.Source}");

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;

    private sealed class Tally
    {
        public int Accepted { get; set; }
        public int Refused { get; set; }
        public int Built { get; set; }
        public int TooLargeToBuild { get; set; }
        public int Backbones { get; set; }
        public Dictionary<string, int> Ids { get; } = new(StringComparer.Ordinal);
    }
}
