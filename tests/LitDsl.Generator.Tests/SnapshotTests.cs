using System.Linq;
using LitDsl.TestSupport;

namespace LitDsl.Generator.Tests;

/// <summary>The generated C# of the reference models, compared with committed snapshots (Snapshots/*.verified.txt).</summary>
public sealed class SnapshotTests
{
    private static string GeneratedSource(string hintName)
    {
        var (result, output) = GeneratorHarness.Run(
            GeneratorHarness.ExampleModelSource("LitV2.cs"), GeneratorHarness.ExampleModelSource("HiLoDemo.cs"));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
    }

    [Fact]
    public void LitV2Small() =>
        Snapshot.Verify(GeneratedSource("LitDsl.Examples.LitV2.Models.LitV2Small.g.cs"), "LitV2Small.g.cs");

    [Fact]
    public void HiLoDemo() =>
        Snapshot.Verify(GeneratedSource("LitDsl.Examples.LitV2.Models.HiLoDemo.g.cs"), "HiLoDemo.g.cs");

    [Fact]
    public void Registry() =>
        Snapshot.Verify(GeneratedSource("LitDsl.ModelRegistry.g.cs"), "LitDsl.ModelRegistry.g.cs");

    private static string GeneratedZooSource(string hintName)
    {
        var (result, output) = GeneratorHarness.Run(
            GeneratorHarness.ExampleModelSource("AttentionZoo.cs"), GeneratorHarness.ExampleModelSource("LinGlo.cs"));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
    }

    [Fact]
    public void LinGloB0() =>
        Snapshot.Verify(GeneratedZooSource("LitDsl.Examples.LitV2.Models.LinGloB0.g.cs"), "LinGloB0.g.cs");

    [Fact]
    public void AttnSra() =>
        Snapshot.Verify(GeneratedZooSource("LitDsl.Examples.LitV2.Models.AttnSra.g.cs"), "AttnSra.g.cs");

    [Fact]
    public void LitV2SmallKeyOnly() =>
        Snapshot.Verify(GeneratedZooSource("LitDsl.Examples.LitV2.Models.LitV2SmallKeyOnly.g.cs"), "LitV2SmallKeyOnly.g.cs");

    [Fact]
    public void LitV2SmallBackbone()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.ExampleModelSource("LitV2Backbones.cs"));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Snapshot.Verify(result.GeneratedSources.Single(s => s.HintName == "LitDsl.Examples.LitV2.Models.LitV2SmallBackbone.g.cs")
            .SourceText.ToString(), "LitV2SmallBackbone.g.cs");
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = GeneratedSource("LitDsl.Examples.LitV2.Models.LitV2Base384.g.cs");
        var second = GeneratedSource("LitDsl.Examples.LitV2.Models.LitV2Base384.g.cs");
        Assert.Equal(first, second);
    }
}
