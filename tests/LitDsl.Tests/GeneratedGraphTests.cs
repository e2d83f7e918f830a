using System.Linq;
using LitDsl.Examples.LitV2.Models;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.TestSupport;
using Xunit;

namespace LitDsl.Tests;

/// <summary>
/// The graphs the generated <c>Build</c> methods make: their text form against committed snapshots, the runtime's
/// recount of parameters and FLOPs against the generator's compile-time figures, layer by layer.
/// </summary>
public sealed class GeneratedGraphTests
{
    private static ModelGraph Build(Models.LitModelInfo model)
    {
        var builder = new GraphBuilder(model.Name, new SeededWeights());
        model.Build(builder);
        return builder.Finish();
    }

    [Fact]
    public void LitV2Small_onnx_text_matches_the_snapshot() =>
        Snapshot.Verify(OnnxText.Format(OnnxWriter.Write(Build(LitV2Small.Info))), "litv2-s.generated.onnx");

    [Fact]
    public void HiLoDemo_onnx_text_matches_the_snapshot() =>
        Snapshot.Verify(OnnxText.Format(OnnxWriter.Write(Build(HiLoDemo.Info))), "hilo-demo.generated.onnx");

    [Theory]
    [InlineData("attn-hilo")]
    [InlineData("attn-msa")]
    [InlineData("attn-sra")]
    [InlineData("attn-window")]
    [InlineData("attn-keyonly")]
    [InlineData("linglo-b0")]
    public void Zoo_onnx_text_matches_the_snapshot(string name) =>
        Snapshot.Verify(OnnxText.Format(OnnxWriter.Write(Build(LitDsl.Generated.LitDslModels.All.Single(m => m.Name == name)))),
            name + ".generated.onnx");

    [Fact]
    public void The_generated_build_equals_the_hand_built_hilo_demo_byte_for_byte() =>
        Assert.Equal(OnnxWriter.Write(HandBuiltModels.BuildHiLoDemo(new SeededWeights())), OnnxWriter.Write(Build(HiLoDemo.Info)));

    [Fact]
    public void Graph_recount_equals_the_compile_time_figures_layer_by_layer()
    {
        foreach (var model in LitDsl.Generated.LitDslModels.All.Where(m => m.Parameters < 30_000_000))
        {
            var graph = Build(model);
            Assert.Equal(model.Parameters, graph.Parameters);
            Assert.Equal(model.Flops, graph.Flops);
            // Kinds too: the table and the graph name each layer's kind from the same place (Architecture/LayerKinds.cs).
            Assert.Equal(model.Layers.Select(l => (l.Name, l.Kind, l.Parameters, l.Flops)),
                graph.Layers.Select(l => (l.Name, l.Kind, l.Parameters, l.Flops)));
            Assert.Equal(model.Layers.Select(l => l.OutputShape), graph.Layers.Select(l => l.OutputShape));
        }
    }
}
