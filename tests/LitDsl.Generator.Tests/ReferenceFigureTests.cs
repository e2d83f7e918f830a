using System.IO;
using System.Linq;
using System.Text.Json;
using LitDsl.Models;

namespace LitDsl.Generator.Tests;

/// <summary>
/// The generator's parameters and FLOPs for the example models equal what the reference code computes for the same
/// configurations (Fixtures/reference-figures.json, written by tools/reference/figures.py from github ziplab/LITv2 and,
/// for the attention zoo's single layers, github HubHop/vit-attention-benchmark).
/// </summary>
public sealed class ReferenceFigureTests
{
    private static readonly LitModelInfo[] ExampleModels = LoadExampleModels();

    private static LitModelInfo[] LoadExampleModels()
    {
        var assembly = GeneratorHarness.CompileAndLoad(
            GeneratorHarness.ExampleModelSource("LitV2.cs"), GeneratorHarness.ExampleModelSource("HiLoDemo.cs"),
            GeneratorHarness.ExampleModelSource("AttentionZoo.cs"), GeneratorHarness.ExampleModelSource("LinGlo.cs"));
        var registry = assembly.GetType("LitDsl.Generated.LitDslModels", throwOnError: true)!;
        var all = (System.Collections.Generic.IReadOnlyList<LitModelInfo>)registry.GetProperty("All")!.GetValue(null)!;
        return all.ToArray();
    }

    public static TheoryData<string> ReferenceModelNames()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FiguresPath));
        var data = new TheoryData<string>();
        foreach (var model in document.RootElement.EnumerateObject()) data.Add(model.Name);
        return data;
    }

    private static string FiguresPath => Path.Combine(System.AppContext.BaseDirectory, "Fixtures", "reference-figures.json");

    [Theory]
    [MemberData(nameof(ReferenceModelNames))]
    public void Parameters_and_flops_equal_the_reference_code(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FiguresPath));
        var expected = document.RootElement.GetProperty(name);
        var model = Assert.Single(ExampleModels, m => m.Name == name);

        Assert.Equal(expected.GetProperty("parameters").GetInt64(), model.Parameters);
        Assert.Equal(expected.GetProperty("flops").GetInt64(), model.Flops);
    }

    [Fact]
    public void The_issue_figures_hold_exactly()
    {
        var small = Assert.Single(ExampleModels, m => m.Name == "litv2-s");
        Assert.Equal(27_844_000, small.Parameters);
        Assert.Equal(3_734_401_596, small.Flops);
        Assert.Equal(83_467_776, Assert.Single(ExampleModels, m => m.Name == "hilo-demo").Flops);

        // The benchmark README: HiLo 2.20 M parameters and 298.30 M FLOPs; MSA 2.36 M and 521.43 M.
        var hilo = Assert.Single(ExampleModels, m => m.Name == "attn-hilo");
        Assert.Equal(2.20, System.Math.Round(hilo.Parameters / 1e6, 2));
        Assert.Equal(298.30, System.Math.Round(hilo.Flops / 1e6, 2));
        var msa = Assert.Single(ExampleModels, m => m.Name == "attn-msa");
        Assert.Equal(2.36, System.Math.Round(msa.Parameters / 1e6, 2));
        Assert.Equal(521.43, System.Math.Round(msa.Flops / 1e6, 2));
    }

    /// <summary>
    /// LinGlo has no reference code: its figures are the paper's, to three significant digits, for 1000 classes.
    /// linglo-b2 is left out on purpose: it is 23.68 M, 6.8 % under the paper's 25.4 M (see examples/LitV2/Models/LinGlo.cs
    /// and docs/linglo.md for why no reading of the paper reaches all three figures); linglo-b2-u1full, the same network
    /// with U1 over all channels, is within 1 %.
    /// </summary>
    [Theory]
    [InlineData("linglo-b0", 3.4)]
    [InlineData("linglo-b1", 13.1)]
    [InlineData("linglo-b2-u1full", 25.4)]
    public void LinGlo_parameters_are_within_3_percent_of_the_paper(string name, double paperMillions)
    {
        var model = Assert.Single(ExampleModels, m => m.Name == name);
        var deviation = model.Parameters / (paperMillions * 1e6) - 1;
        Assert.True(System.Math.Abs(deviation) <= 0.03, $"{name}: {model.Parameters:N0} parameters, {deviation:P2} from the paper");
        Assert.Equal(new[] { 1000 }, model.OutputShape);
    }

    [Fact]
    public void LinGlo_stages_follow_the_convolutional_downsampling()
    {
        var b1 = Assert.Single(ExampleModels, m => m.Name == "linglo-b1");
        Assert.Equal(new[] { new[] { 56, 56, 64 }, new[] { 28, 28, 128 }, new[] { 14, 14, 320 }, new[] { 7, 7, 512 } }, b1.Stages);
        Assert.Equal(new[] { "downsamples.0", "stages.0.blocks.0", "stages.0.blocks.1", "downsamples.1" },
            b1.Layers.Take(4).Select(l => l.Name));
        Assert.Equal("LinGloBlock", b1.Layers[1].Kind);
    }

    [Fact]
    public void The_swapped_litv2_s_models_differ_from_litv2_s_only_in_their_attention_stages()
    {
        var baseline = Assert.Single(ExampleModels, m => m.Name == "litv2-s");
        foreach (var name in new[] { "litv2-s-msa", "litv2-s-sra", "litv2-s-window", "litv2-s-keyonly" })
        {
            var swapped = Assert.Single(ExampleModels, m => m.Name == name);
            Assert.Equal(baseline.Layers.Select(l => l.Name), swapped.Layers.Select(l => l.Name));
            Assert.Equal(baseline.Stages, swapped.Stages);
            var same = baseline.Layers.Zip(swapped.Layers).Where(p => !p.First.Name.StartsWith("layers.2.blocks", System.StringComparison.Ordinal)
                && !p.First.Name.StartsWith("layers.3.blocks", System.StringComparison.Ordinal));
            Assert.All(same, p => Assert.Equal((p.First.Parameters, p.First.Flops), (p.Second.Parameters, p.Second.Flops)));
        }
        // Window attention over 7×7 windows of the 7×7 last stage is MSA there, with the same figures.
        var msa = Assert.Single(ExampleModels, m => m.Name == "litv2-s-msa");
        var window = Assert.Single(ExampleModels, m => m.Name == "litv2-s-window");
        Assert.Equal(msa.Layers.Single(l => l.Name == "layers.3.blocks.0").Flops, window.Layers.Single(l => l.Name == "layers.3.blocks.0").Flops);
    }

    [Fact]
    public void Layer_table_sums_to_the_model_totals()
    {
        foreach (var model in ExampleModels)
        {
            Assert.Equal(model.Parameters, model.Layers.Sum(l => l.Parameters));
            Assert.Equal(model.Flops, model.Layers.Sum(l => l.Flops));
        }
    }

    [Fact]
    public void Stage_shapes_follow_the_patch_grid_and_the_downsampling()
    {
        var small = Assert.Single(ExampleModels, m => m.Name == "litv2-s");
        Assert.Equal(new[] { new[] { 56, 56, 96 }, new[] { 28, 28, 192 }, new[] { 14, 14, 384 }, new[] { 7, 7, 768 } }, small.Stages);
        Assert.Equal(new[] { 3, 224, 224 }, small.InputShape);
        Assert.Equal(new[] { 1000 }, small.OutputShape);
        var large = Assert.Single(ExampleModels, m => m.Name == "litv2-b-384");
        Assert.Equal(new[] { 12, 12, 1024 }, large.Stages[3]);
    }
}
