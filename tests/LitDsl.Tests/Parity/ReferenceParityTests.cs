using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using LitDsl.Blocks;
using LitDsl.Graph;
using LitDsl.Models;
using LitDsl.Onnx;
using LitDsl.Runtime;
using LitDsl.Runtime.Tensors;
using Xunit;

namespace LitDsl.Tests.Parity;

/// <summary>
/// The generated graphs, given the reference's weights, give the reference's outputs on ONNX Runtime (fp32, CPU), and
/// the generator's figures equal the reference's for the same configurations.
/// </summary>
public sealed class ReferenceParityTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Fixtures() =>
        new(["tiny-litv2", "tiny-litv2-alpha0", "tiny-litv2-alpha1", "hilo-demo", "hilo-layer-ws1",
            "mixer-msa", "mixer-sra", "mixer-window", "mixer-window-padded", "mixer-keyonly", "mixer-keyonly-u1full"]);

    private static string FixturePath(string name, string suffix) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "parity", name + suffix);

    private static LitModelInfo Model(string name) =>
        LitDsl.Generated.LitDslModels.All.Single(m => m.Name == name);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Generated_figures_equal_the_reference(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(FixturePath(name, ".json")));
        Assert.Equal(json.RootElement.GetProperty("parameters").GetInt64(), Model(name).Parameters);
        Assert.Equal(json.RootElement.GetProperty("flops").GetInt64(), Model(name).Flops);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Outputs_match_the_reference_within_1e_4(string name)
    {
        var io = SafetensorsFile.Read(FixturePath(name, ".io.safetensors")).Tensors;
        var (input, expected) = (io["input"], io["output"]);

        var graph = FixtureWeights.BuildExactly(Model(name), SafetensorsFile.Read(FixturePath(name, ".weights.safetensors")).Tensors);

        using var session = InferenceSession.Create(OnnxWriter.Write(graph),
            new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 });
        var output = session.Run(input.Data, input.Shape);

        Assert.Equal(expected.Shape, output.Shape);
        var error = RelativeError(output.Data, expected.Data);
        Assert.True(error < Tolerance, $"{name}: relative error {error:E3} (max |Δ| / max |reference|)");
    }

    [Theory]
    [InlineData(HiFiLayout.Masked)]
    [InlineData(HiFiLayout.Windowed)]
    public void Both_HiFi_layouts_match_the_reference_hilo_demo(HiFiLayout layout)
    {
        var weights = new FixtureWeights(SafetensorsFile.Read(FixturePath("hilo-demo", ".weights.safetensors")).Tensors);
        var io = SafetensorsFile.Read(FixturePath("hilo-demo", ".io.safetensors")).Tensors;
        var graph = HandBuiltModels.BuildHiLoDemo(weights, layout);
        // The layouts differ as described: window partition (6-D transposes) or one mask added to the scores.
        Assert.Equal(layout == HiFiLayout.Windowed, graph.Nodes.Any(n => n.OpType == "Transpose" && n.Attributes[0].Ints!.Count == 6));
        Assert.Equal(layout == HiFiLayout.Masked, graph.Initializers.Any(i => i.Name.StartsWith("const_hifi_window_mask", StringComparison.Ordinal)));

        using var session = InferenceSession.Create(OnnxWriter.Write(graph),
            new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 });
        var output = session.Run(io["input"].Data, io["input"].Shape);
        var error = RelativeError(output.Data, io["output"].Data);
        Assert.True(error < Tolerance, $"hilo-demo, {layout} Hi-Fi: relative error {error:E3}");
    }

    /// <summary>max |actual − expected| / max |expected|: scale-free, and strict on every element.</summary>
    internal static double RelativeError(float[] actual, float[] expected)
    {
        double maxDifference = 0, maxReference = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs((double)actual[i] - expected[i]));
            maxReference = Math.Max(maxReference, Math.Abs((double)expected[i]));
        }
        return maxDifference / maxReference;
    }
}
