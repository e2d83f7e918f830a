extern alias generator;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using generator::LitDsl.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LitDsl.Generator.Tests;

/// <summary>Runs the generator over source text the way the compiler does, and compiles the result.</summary>
internal static class GeneratorHarness
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform.Append(typeof(LitModelAttribute).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create("GeneratorTest",
            sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"Model{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// A driver as the compiler runs it in a project that imports LitDsl's build targets (which make LitDslReport
    /// visible to the generator); <paramref name="buildProperties"/> replaces those properties.
    /// </summary>
    public static GeneratorDriver Driver(bool trackSteps = false, IReadOnlyDictionary<string, string>? buildProperties = null) =>
        CSharpGeneratorDriver.Create([new LitModelGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
            optionsProvider: new BuildProperties(buildProperties ?? new Dictionary<string, string> { ["LitDslReport"] = "true" }),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns its result and the compilation with the generated sources added.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(params string[] sources)
    {
        var (result, output, _) = RunWithDriverDiagnostics(sources);
        return (result, output);
    }

    /// <summary>
    /// Runs the generator; also returns the driver's own diagnostics, where a generator that throws shows as CS8785
    /// (every generated file dropped).
    /// </summary>
    public static (GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> DriverDiagnostics) RunWithDriverDiagnostics(
        params string[] sources)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out var driverDiagnostics);
        return (driver.GetRunResult().Results.Single(), output, driverDiagnostics);
    }

    /// <summary>The generator's own diagnostics (LITnnnn), after checking it did not throw.</summary>
    public static ImmutableArray<Diagnostic> GeneratorDiagnostics(params string[] sources)
    {
        var (result, _) = Run(sources);
        Assert.Null(result.Exception);
        return result.Diagnostics;
    }

    /// <summary>Compiles the sources with the generated code and loads the assembly (no errors allowed).</summary>
    public static Assembly CompileAndLoad(params string[] sources)
    {
        var (result, output) = Run(sources);
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext("GeneratorTest" + Guid.NewGuid(), isCollectible: true).LoadFromStream(stream);
    }

    public static string ExampleModelSource(string fileName) =>
        File.ReadAllText(TestSupport.RepositoryPaths.Combine("examples", "LitV2", "Models", fileName));

    /// <summary>MSBuild properties as the compiler hands them to analyzers (<c>build_property.NAME</c> global options).</summary>
    private sealed class BuildProperties(IReadOnlyDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global = new(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value));

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new([]);

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
