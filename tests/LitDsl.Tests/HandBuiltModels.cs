using System.Collections.Generic;
using LitDsl.Blocks;
using LitDsl.Graph;

namespace LitDsl.Tests;

/// <summary>
/// LITv2 and the single HiLo layer written as straight-line block calls: the calls the generator emits for a declared
/// model, by hand, so the blocks can be checked against the reference figures on their own.
/// </summary>
internal static class HandBuiltModels
{
    /// <summary>A LITv2 configuration, named as in the reference constructor.</summary>
    public sealed record LitV2Config(
        int ImageSize, int EmbedDim, int[] Depths, int[] Heads, int[] LocalWindows, bool[] HasAttention,
        double Alpha = 0.9, int PatchSize = 4, int InChannels = 3, int Classes = 1000, int MlpRatio = 4, bool QkvBias = true);

    /// <summary>LITv2-S: the reference's <c>litv2_small</c> configuration.</summary>
    public static LitV2Config LitV2Small { get; } =
        new(224, 96, [2, 2, 6, 2], [3, 6, 12, 24], [0, 0, 2, 1], [false, false, true, true]);

    public static ModelGraph BuildLitV2(string name, LitV2Config config, IWeightSource weights)
    {
        var graph = new GraphBuilder(name, weights);
        var x = graph.Input("input", config.InChannels, config.ImageSize, config.ImageSize);
        x = PatchEmbed.Build(graph, x, "patch_embed", config.PatchSize, config.EmbedDim);

        var resolution = config.ImageSize / config.PatchSize;
        var stages = config.Depths.Length;
        for (var stage = 0; stage < stages; stage++)
        {
            var (size, dim) = (resolution >> stage, config.EmbedDim << stage);
            for (var block = 0; block < config.Depths[stage]; block++)
            {
                var prefix = $"layers.{stage}.blocks.{block}";
                x = config.HasAttention[stage]
                    ? MixerBlock.Build(graph, x, prefix, size, size, Spec(config, stage), config.MlpRatio * dim)
                    : ConvFfnBlock.Build(graph, x, prefix, size, size, config.MlpRatio * dim);
            }
            if (stage < stages - 1) x = Dtm.Build(graph, x, $"layers.{stage}.downsample", size, size);
        }

        // The reference charges the final norm for patches_resolution² / 2^stages tokens.
        x = ClassifierHead.Build(graph, x, config.Classes, resolution * resolution, 1L << stages);
        graph.Output(x, "logits");
        return graph.Finish();
    }

    /// <summary>The reference's head split: window size 1 makes every head Lo-Fi, else ⌊heads·α⌋ are.</summary>
    public static MixerSpec Spec(LitV2Config config, int stage)
    {
        var (heads, window) = (config.Heads[stage], config.LocalWindows[stage]);
        var loFi = window == 1 ? heads : (int)(heads * config.Alpha);
        return new MixerSpec(Mixer.HiLo, heads, loFi, window, ReductionRatio: 0, config.QkvBias);
    }

    /// <summary>The <c>hilo-demo</c> model: HiLo(dim 384, 12 heads, s 2, α 0.5, no qkv bias) on a 14×14 map.</summary>
    public static ModelGraph BuildHiLoDemo(IWeightSource weights, HiFiLayout hiFiLayout = HiFiLayout.Auto)
    {
        var graph = new GraphBuilder("hilo-demo", weights);
        var x = graph.Input("input", 14 * 14, 384);
        x = MixerLayer.Build(graph, x, 14, 14, new MixerSpec(Mixer.HiLo, 12, 6, 2, ReductionRatio: 0, QkvBias: false), hiFiLayout);
        graph.Output(x, "output");
        return graph.Finish();
    }

    /// <summary>The parameter and buffer names of a graph (its graph constants left out).</summary>
    public static IEnumerable<string> WeightNames(ModelGraph graph)
    {
        foreach (var initializer in graph.Initializers)
            if (initializer.FloatData is not null && !initializer.Name.StartsWith("const_", System.StringComparison.Ordinal))
                yield return initializer.Name;
    }
}
