using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LitDsl.Models;

namespace LitDsl.Generator.Tests;

/// <summary>
/// The declared backbones and the α study (examples/LitV2/Models) against the reference figures
/// (Fixtures/backbone-figures.json, tools/reference/figures.py --backbones): parameters of the reference detection
/// backbone to the unit, FLOPs at 1280×800, 512×512 and 224×224 by the reference convention (backbone_flops.py), the
/// outputs' channels and strides, and the classification LITv2-S at every α.
/// </summary>
public sealed class BackboneFigureTests
{
    private static readonly LitModelInfo[] Models = LoadModels();

    private static LitModelInfo[] LoadModels()
    {
        var assembly = GeneratorHarness.CompileAndLoad(GeneratorHarness.ExampleModelSource("LitV2Backbones.cs"),
            GeneratorHarness.ExampleModelSource("LinGloBackbones.cs"), GeneratorHarness.ExampleModelSource("AlphaStudy.cs"),
            GeneratorHarness.ExampleModelSource("LinGlo.cs"));
        var registry = assembly.GetType("LitDsl.Generated.LitDslModels", throwOnError: true)!;
        return [.. (IReadOnlyList<LitModelInfo>)registry.GetProperty("All")!.GetValue(null)!];
    }

    private static JsonElement Figures { get; } =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "backbone-figures.json"))).RootElement;

    public static TheoryData<string> ReferenceBackbones() => new(Figures.GetProperty("backbones").EnumerateObject().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(ReferenceBackbones))]
    public void Parameters_and_flops_equal_the_reference_backbone(string name)
    {
        var expected = Figures.GetProperty("backbones").GetProperty(name);
        var model = Assert.Single(Models, m => m.Name == name);
        var backbone = model.Backbone!;

        Assert.Equal(expected.GetProperty("parameters").GetInt64(), model.Parameters);
        Assert.Equal((1280, 800), (backbone.ReferenceHeight, backbone.ReferenceWidth));
        Assert.Equal(expected.GetProperty("flops").GetProperty("1280x800").GetProperty("total").GetInt64(), model.Flops);
        foreach (var resolution in expected.GetProperty("flops").EnumerateObject())
        {
            var sides = resolution.Name.Split('x').Select(int.Parse).ToArray();
            Assert.Equal(resolution.Value.GetProperty("total").GetInt64(), backbone.FlopsAt(sides[0], sides[1]));
            Assert.Equal(resolution.Value.GetProperty("total").GetInt64(), backbone.FlopsAt(sides[1], sides[0]));
        }
        Assert.Equal(expected.GetProperty("output_channels").EnumerateArray().Select(c => c.GetInt32()), model.Outputs.Select(o => o.Channels));
        Assert.Equal(expected.GetProperty("output_strides").EnumerateArray().Select(c => c.GetInt32()), model.Outputs.Select(o => o.Stride));
        Assert.Equal(["out0", "out1", "out2", "out3"], model.Outputs.Select(o => o.Name));
        Assert.Equal([false, true, true, true], model.Outputs.Select(o => o.Normalized));
        var stageSizes = expected.GetProperty("flops").GetProperty("1280x800").GetProperty("stage_sizes").EnumerateArray()
            .Select(s => s.EnumerateArray().Select(d => d.GetInt32()).ToArray());
        Assert.Equal(stageSizes, model.Outputs.Select(o => o.Shape[1..]));
        Assert.Equal(29, backbone.MinimumSide);
        Assert.Equal(expected.GetProperty("out_norm_parameters").GetInt64(), model.Layers.Where(l => l.Kind == "OutputNorm").Sum(l => l.Parameters));
    }

    [Fact]
    public void The_alpha_study_equals_the_reference_code_and_the_README_where_it_agrees_with_it()
    {
        foreach (var row in Figures.GetProperty("alpha_study").EnumerateArray())
        {
            var alpha = row.GetProperty("alpha").GetDouble();
            var model = Assert.Single(Models, m => m.Name == $"litv2-s-alpha{(int)Math.Round(alpha * 100)}");
            Assert.Equal(row.GetProperty("parameters").GetInt64(), model.Parameters);
            Assert.Equal(row.GetProperty("flops").GetInt64(), model.Flops);
            var readme = row.GetProperty("readme").GetProperty("flops_g").GetString();
            var ours = (model.Flops / 1e9).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            // The README prints 3.70 G at α = 1.0; the code's flops() gives 3,745,992,252 (3.75 G). Everywhere else they agree.
            Assert.Equal(row.GetProperty("readme_agrees").GetBoolean(), ours == readme);
        }
        Assert.Equal(3_745_992_252, Assert.Single(Models, m => m.Name == "litv2-s-alpha100").Flops);
    }

    [Fact]
    public void Flops_at_any_size_follow_the_padded_maps_and_refuse_sizes_out_of_range()
    {
        var small = Assert.Single(Models, m => m.Name == "litv2-s-backbone").Backbone!;
        // The full-size parity inputs (make_backbone_fixtures.py --full-size): 5,844,493,260 and 5,111,466,288 FLOPs.
        Assert.Equal(5_844_493_260, small.FlopsAt(250, 330));
        Assert.Equal(5_111_466_288, Assert.Single(Models, m => m.Name == "litv2-s-backbone-ws4").Backbone!.FlopsAt(230, 310));
        Assert.Throws<ArgumentOutOfRangeException>(() => small.FlopsAt(28, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => small.FlopsAt(64, 8193));
        Assert.True(small.FlopsAt(29, 29) > 0);
    }

    [Theory]
    [InlineData("linglo-b0")]
    [InlineData("linglo-b1")]
    [InlineData("linglo-b2")]
    public void A_LinGlo_backbone_is_its_classifier_without_the_head_with_four_output_norms(string classifier)
    {
        var model = Assert.Single(Models, m => m.Name == classifier);
        var backbone = Assert.Single(Models, m => m.Name == classifier + "-backbone");
        var head = model.Layers.Single(l => l.Kind == "Head");
        var norms = backbone.Layers.Where(l => l.Kind == "OutputNorm").ToList();

        Assert.Equal(["norm0", "norm1", "norm2", "norm3"], norms.Select(n => n.Name));
        Assert.Equal(model.Parameters - head.Parameters + norms.Sum(n => n.Parameters), backbone.Parameters);
        Assert.Equal(model.Stages.Select(s => s[2]), backbone.Outputs.Select(o => o.Channels));
        Assert.Equal([4, 8, 16, 32], backbone.Outputs.Select(o => o.Stride));
        Assert.Equal(1, backbone.Backbone!.MinimumSide);
        // At the classifier's input the stages do the same work; the backbone adds its norms and drops the head.
        var normsAt224 = model.Stages.Sum(s => (long)s[0] * s[1] * s[2]);
        Assert.Equal(model.Flops - head.Flops + normsAt224, backbone.Backbone.FlopsAt(224, 224));
    }
}
