using System.IO;
using System.Linq;
using System.Text.Json;
using LitDsl.Models;

namespace LitDsl.Generator.Tests;

/// <summary>
/// The generator's parameters and FLOPs for the example models equal what the reference code computes for the same
/// configurations (Fixtures/reference-figures.json, written by tools/reference/figures.py from github ziplab/LITv2).
/// </summary>
public sealed class ReferenceFigureTests
{
    private static readonly LitModelInfo[] ExampleModels = LoadExampleModels();

    private static LitModelInfo[] LoadExampleModels()
    {
        var assembly = GeneratorHarness.CompileAndLoad(
            GeneratorHarness.ExampleModelSource("LitV2.cs"), GeneratorHarness.ExampleModelSource("HiLoDemo.cs"));
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
