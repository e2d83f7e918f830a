using System;
using System.Linq;
using LitDsl.Blocks;
using LitDsl.Graph;
using Xunit;

namespace LitDsl.Tests;

/// <summary>
/// Each block alone: output shape, parameter count and FLOPs. The expected figures are the reference modules' own
/// (<c>numel()</c> and <c>flops()</c> of PatchEmbed, ConvFFNBlock, Block, DTM, HiLo with the same arguments).
/// </summary>
public sealed class BlockShapeTests
{
    private const int B = GraphBuilder.Batch;

    [Fact]
    public void Linear_projects_the_last_axis_and_stores_weight_out_by_in()
    {
        var graph = Build([10, 8], (g, x) => Linear.Build(g, x, "fc", 16));
        Assert.Equal([B, 10, 16], graph.Outputs[0].Shape);
        Assert.Equal(8 * 16 + 16, graph.Parameters);
        Assert.Equal([16, 8], graph.Initializers.Single(i => i.Name == "fc.weight").Shape);
    }

    [Fact]
    public void Linear_without_bias_has_only_a_weight()
    {
        var graph = Build([10, 8], (g, x) => Linear.Build(g, x, "fc", 16, bias: false));
        Assert.Equal(8 * 16, graph.Parameters);
        Assert.DoesNotContain(graph.Initializers, i => i.Name == "fc.bias");
    }

    [Fact]
    public void LayerNorm_keeps_the_shape_and_has_scale_and_shift()
    {
        var graph = Build([10, 8], (g, x) => LayerNorm.Build(g, x, "norm"));
        Assert.Equal([B, 10, 8], graph.Outputs[0].Shape);
        Assert.Equal(16, graph.Parameters);
    }

    [Fact]
    public void PatchEmbed_turns_a_224_image_into_3136_tokens()
    {
        var graph = Build([3, 224, 224], (g, x) => PatchEmbed.Build(g, x, "patch_embed", 4, 96));
        AssertLayer(graph, "patch_embed", "PatchEmbed", [3136, 96], parameters: 4_896, flops: 14_751_744);
    }

    [Fact]
    public void ConvFfnBlock_keeps_the_tokens()
    {
        var graph = Build([56 * 56, 96], (g, x) => ConvFfnBlock.Build(g, x, "layers.0.blocks.0", 56, 56, 384));
        AssertLayer(graph, "layers.0.blocks.0", "ConvFfnBlock", [3136, 96], parameters: 78_240, flops: 243_554_304);
        Assert.Equal([384, 1, 3, 3], graph.Initializers.Single(i => i.Name == "layers.0.blocks.0.mlp.dwconv.dwconv.weight").Shape);
    }

    [Fact]
    public void A_HiLo_mixer_block_with_windows_splits_heads_between_branches_and_pools_the_keys()
    {
        var spec = new MixerSpec(Mixer.HiLo, 12, 10, 2, ReductionRatio: 0, QkvBias: true);
        var graph = Build([14 * 14, 384], (g, x) => MixerBlock.Build(g, x, "layers.2.blocks.0", 14, 14, spec, 1536));
        AssertLayer(graph, "layers.2.blocks.0", "HiLoBlock", [196, 384], parameters: 1_748_864, flops: 312_069_632);
        // Hi-Fi: 2 heads of 32 channels; Lo-Fi: 10 heads, whose keys and values come from the map pooled by 2.
        Assert.Equal([3 * 64, 384], Shape(graph, "layers.2.blocks.0.attn.h_qkv.weight"));
        Assert.Equal([2 * 320, 384], Shape(graph, "layers.2.blocks.0.attn.l_kv.weight"));
        Assert.Single(graph.Nodes, n => n.OpType == "ReduceMean");
    }

    [Fact]
    public void A_HiLo_mixer_block_with_window_one_is_global_attention_only()
    {
        var spec = new MixerSpec(Mixer.HiLo, 24, 24, 1, ReductionRatio: 0, QkvBias: true);
        var graph = Build([7 * 7, 768], (g, x) => MixerBlock.Build(g, x, "layers.3.blocks.0", 7, 7, spec, 3072));
        AssertLayer(graph, "layers.3.blocks.0", "HiLoBlock", [49, 768], parameters: 7_118_592, flops: 352_084_992);
        Assert.DoesNotContain(graph.Initializers, i => i.Name.Contains("h_qkv", StringComparison.Ordinal));
        // Window size 1: keys and values come from every token, so nothing pools the map.
        Assert.DoesNotContain(graph.Nodes, n => n.OpType == "ReduceMean");
    }

    [Fact]
    public void A_HiLo_mixer_layer_names_parameters_without_a_prefix()
    {
        var graph = HandBuiltModels.BuildHiLoDemo(new SeededWeights());
        AssertLayer(graph, "attn", "HiLo", [196, 384], parameters: 516_480, flops: 83_467_776);
        Assert.Equal(["h_qkv.weight", "h_proj.weight", "h_proj.bias", "l_q.weight", "l_kv.weight", "l_proj.weight", "l_proj.bias"],
            HandBuiltModels.WeightNames(graph));
    }

    [Fact]
    public void HiLo_pads_a_map_that_is_not_a_multiple_of_the_window_and_crops_back()
    {
        var spec = new MixerSpec(Mixer.HiLo, 4, 2, 2, ReductionRatio: 0, QkvBias: false, PadToWindow: true);
        var graph = Build([7 * 7, 64], (g, x) => MixerLayer.Build(g, x, 7, 7, spec));
        // Reference HiLo(64, 4 heads, s 2, α 0.5).flops(49), which counts the map padded to 8×8.
        AssertLayer(graph, "attn", "HiLo", [49, 64], parameters: 14_400, flops: 802_816);
        Assert.Single(graph.Nodes, n => n.OpType == "Pad");
        Assert.Equal(2, graph.Nodes.Count(n => n.OpType == "Slice"));
    }

    [Theory]
    [InlineData(0, "l_", 1_081_344)]  // α = 0: Hi-Fi heads only
    [InlineData(4, "h_", 786_432)]    // α = 1 with windows: Lo-Fi heads only, keys still pooled
    public void HiLo_with_one_branch_has_no_parameters_for_the_other(int loFiHeads, string absentPrefix, long flops)
    {
        var spec = new MixerSpec(Mixer.HiLo, 4, loFiHeads, 2, ReductionRatio: 0, QkvBias: true);
        var graph = Build([8 * 8, 64], (g, x) => MixerLayer.Build(g, x, 8, 8, spec));
        // Reference HiLo(64, 4 heads, s 2, qkv_bias, α 0 or 1): numel() and flops(64).
        AssertLayer(graph, "attn", "HiLo", [64, 64], parameters: 16_640, flops: flops);
        Assert.DoesNotContain(graph.Initializers, i => i.Name.StartsWith(absentPrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(graph.Nodes, n => n.OpType == "Concat");
    }

    [Theory]
    [InlineData(Mixer.HiLo)]
    [InlineData(Mixer.Window)]
    public void A_windowed_mixer_without_padding_refuses_a_map_that_is_not_a_multiple_of_the_window(Mixer kind)
    {
        var spec = new MixerSpec(kind, 4, kind == Mixer.HiLo ? 2 : 0, 2, ReductionRatio: 0, QkvBias: false);
        Assert.Throws<InvalidOperationException>(() => Build([7 * 7, 64], (g, x) => MixerLayer.Build(g, x, 7, 7, spec)));
    }

    [Fact]
    public void Dtm_halves_the_map_and_doubles_the_channels()
    {
        var graph = Build([56 * 56, 96], (g, x) => Dtm.Build(g, x, "layers.0.downsample", 56, 56));
        AssertLayer(graph, "layers.0.downsample", "Dtm", [784, 192], parameters: 77_384, flops: 61_725_888);
        var buffers = graph.Initializers.Where(i => i.FloatData is not null && !i.IsParameter).Select(i => i.Name);
        Assert.Equal(["layers.0.downsample.norm_layer.running_mean", "layers.0.downsample.norm_layer.running_var"], buffers);
    }

    [Fact]
    public void ClassifierHead_pools_tokens_into_logits()
    {
        var graph = Build([49, 768], (g, x) => ClassifierHead.Build(g, x, 1000, 56 * 56, 16));
        AssertLayer(graph, "head", "Head", [1000], parameters: 2 * 768 + 768 * 1000 + 1000, flops: 768 * 196 + 768 * 1000);
    }

    [Fact]
    public void Blocks_check_their_input_shape()
    {
        Assert.Throws<InvalidOperationException>(() =>
            Build([100, 96], (g, x) => ConvFfnBlock.Build(g, x, "layers.0.blocks.0", 56, 56, 384)));
    }

    private static ModelGraph Build(int[] sampleShape, Func<GraphBuilder, TensorValue, TensorValue> block)
    {
        var graph = new GraphBuilder("block", new SeededWeights());
        graph.Output(block(graph, graph.Input("input", sampleShape)), "output");
        return graph.Finish();
    }

    private static int[] Shape(ModelGraph graph, string name) => graph.Initializers.Single(i => i.Name == name).Shape;

    private static void AssertLayer(ModelGraph graph, string name, string kind, int[] outputShape, long parameters, long flops)
    {
        var layer = Assert.Single(graph.Layers);
        Assert.Equal((name, kind), (layer.Name, layer.Kind));
        Assert.Equal(outputShape, layer.OutputShape);
        Assert.Equal([B, .. outputShape], graph.Outputs[0].Shape);
        Assert.Equal(parameters, layer.Parameters);
        Assert.Equal(parameters, graph.Parameters);
        Assert.Equal(flops, layer.Flops);
    }
}
