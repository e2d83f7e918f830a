using System.Linq;
using LitDsl.Graph;
using Xunit;

namespace LitDsl.Tests;

/// <summary>
/// Whole models built from the blocks recount the reference code's own figures (<c>numel()</c> summed and
/// <c>flops()</c>), as tools/reference/figures.py prints them.
/// </summary>
public sealed class FlopsRecountTests
{
    [Fact]
    public void LitV2Small_matches_the_reference_parameters_and_flops()
    {
        var graph = HandBuiltModels.BuildLitV2("litv2-s", HandBuiltModels.LitV2Small, new SeededWeights());
        Assert.Equal(27_844_000, graph.Parameters);
        Assert.Equal(3_734_401_596, graph.Flops);
        Assert.Equal([GraphBuilder.Batch, 1000], graph.Outputs[0].Shape);
    }

    [Fact]
    public void LitV2Small_has_one_layer_per_reference_module_with_the_stage_shapes()
    {
        var graph = HandBuiltModels.BuildLitV2("litv2-s", HandBuiltModels.LitV2Small, new SeededWeights());
        Assert.Equal(1 + 12 + 3 + 1, graph.Layers.Count);
        Assert.Equal([3136, 96], graph.Layers.Single(l => l.Name == "layers.0.blocks.1").OutputShape);
        Assert.Equal([784, 192], graph.Layers.Single(l => l.Name == "layers.0.downsample").OutputShape);
        Assert.Equal([196, 384], graph.Layers.Single(l => l.Name == "layers.2.blocks.5").OutputShape);
        Assert.Equal([49, 768], graph.Layers.Single(l => l.Name == "layers.3.blocks.1").OutputShape);
        Assert.Equal(graph.Parameters, graph.Layers.Sum(l => l.Parameters));
    }

    [Fact]
    public void A_small_LitV2_matches_the_reference_parameters_and_flops()
    {
        // Reference LITv2(img_size 64, embed_dim 16, depths [1, 1, 2, 1], heads [1, 2, 4, 8], 10 classes).
        var config = HandBuiltModels.LitV2Small with { ImageSize = 64, EmbedDim = 16, Depths = [1, 1, 2, 1], Heads = [1, 2, 4, 8], Classes = 10 };
        var graph = HandBuiltModels.BuildLitV2("litv2-tiny", config, new SeededWeights());
        Assert.Equal(367_554, graph.Parameters);
        Assert.Equal(4_282_608, graph.Flops);
        Assert.Equal([GraphBuilder.Batch, 10], graph.Outputs[0].Shape);
    }

    [Fact]
    public void HiLoDemo_matches_the_reference_parameters_and_flops()
    {
        var graph = HandBuiltModels.BuildHiLoDemo(new SeededWeights());
        Assert.Equal(516_480, graph.Parameters);
        Assert.Equal(83_467_776, graph.Flops);
    }
}
