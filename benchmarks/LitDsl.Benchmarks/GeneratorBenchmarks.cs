using System;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using LitDsl.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LitDsl.Benchmarks;

/// <summary>
/// The source generator on a compilation that declares ten LITv2 models (the four reference variants and six more
/// with other depths, widths and window sizes): parse attributes, analyse, emit. Each iteration starts a fresh driver,
/// so nothing is cached from the previous run: the cost of a clean build's generator pass. Target: under 50 ms.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(LitModelAttribute).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
        _compilation = CSharpCompilation.Create("GeneratorBenchmark", [CSharpSyntaxTree.ParseText(TenModels(), parse)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Ten declarations in the style of examples/LitV2/Models/LitV2.cs.</summary>
    internal static string TenModels()
    {
        (string Name, int Image, int Embed, int Depth3, int Heads3, int Window)[] models =
        [
            ("litv2-s", 224, 96, 6, 12, 2), ("litv2-m", 224, 96, 18, 12, 2), ("litv2-b", 224, 128, 18, 16, 2),
            ("litv2-b-384", 384, 128, 18, 16, 2), ("litv2-t", 224, 64, 4, 8, 2), ("litv2-s-ws3", 192, 96, 6, 12, 3),
            ("litv2-s-ws4", 256, 96, 6, 12, 4), ("litv2-s-288", 288, 96, 6, 12, 2), ("litv2-l", 224, 192, 18, 24, 2),
            ("litv2-s-deep", 224, 96, 12, 12, 2),
        ];
        var source = new StringBuilder("using LitDsl;\nnamespace Bench;\n");
        for (var i = 0; i < models.Length; i++)
        {
            var m = models[i];
            source.Append($"[LitModel(\"{m.Name}\", ImageSize = {m.Image}, EmbedDim = {m.Embed})]\n")
                .Append("[ConvFfnStage(1, Depth = 2)]\n[ConvFfnStage(2, Depth = 2)]\n")
                .Append($"[HiLoStage(3, Depth = {m.Depth3}, Heads = {m.Heads3}, WindowSize = {m.Window}, Alpha = 0.9)]\n")
                .Append($"[HiLoStage(4, Depth = 2, Heads = {2 * m.Heads3}, WindowSize = 1, Alpha = 0.9)]\n")
                .Append($"public static partial class Model{i};\n");
        }
        return source.ToString();
    }

    [Benchmark(Description = "generate 10 LITv2 models")]
    public GeneratorDriver GenerateTenModels()
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new LitModelGenerator().AsSourceGenerator()],
            parseOptions: (CSharpParseOptions)_compilation.SyntaxTrees[0].Options, optionsProvider: ImportedTargets.Instance);
        driver = driver.RunGenerators(_compilation);
        var result = driver.GetRunResult();
        if (result.Diagnostics.Length > 0 || result.GeneratedTrees.Length != 11) // ten models and the registry
            throw new InvalidOperationException($"generator: {result.Diagnostics.Length} diagnostics, {result.GeneratedTrees.Length} files");
        return driver;
    }

    /// <summary>What the compiler hands the generator in a project that imports LitDsl's build targets.</summary>
    private sealed class ImportedTargets : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        public static readonly ImportedTargets Instance = new();

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Options("true");

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(null);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(null);

        private sealed class Options(string? report) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = report ?? "";
                return report is not null && key == "build_property.LitDslReport";
            }
        }
    }
}
