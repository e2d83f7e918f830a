using System.Collections.Generic;
using System.Linq;
using LitDsl.Architecture;
using LitDsl.Blocks;
using LitDsl.Generator.Declarations;
using LitDsl.Generator.Model;

namespace LitDsl.Generator.Planning;

/// <summary>
/// Lays out a declaration the checker accepted: every layer with its builder arguments, output shape, parameters and
/// FLOPs (the shared cost formulas of <c>LitDsl.Architecture</c>, the same the blocks count with). It checks nothing;
/// its arithmetic is checked, so a figure too large for a <see cref="long"/> throws <see cref="System.OverflowException"/>
/// instead of wrapping, and the caller reports it.
/// </summary>
internal static class ModelPlanner
{
    public static ModelPlan Plan(ModelDeclaration model) => model.Family switch
    {
        ModelFamily.SingleLayer => PlanSingleLayer(model, model.Layer!),
        ModelFamily.LinGlo => PlanLinGlo(model),
        _ => PlanPyramid(model),
    };

    private static ModelPlan PlanPyramid(ModelDeclaration model)
    {
        var (imageSize, inChannels, patchSize, embedDim, classes) =
            (model.ImageSize.Value, model.InChannels.Value, model.PatchSize.Value, model.EmbedDim.Value, model.Classes.Value);
        var stages = Sorted(model);
        var patchGrid = imageSize / patchSize;
        var layers = new List<LayerPlan>
        {
            new PatchEmbedPlan("patch_embed", Shape(checked(patchGrid * patchGrid), embedDim),
                PatchEmbedCost.Parameters(inChannels, patchSize, embedDim),
                PatchEmbedCost.Flops(inChannels, patchSize, embedDim, imageSize, imageSize), patchSize, embedDim),
        };
        var stagePlans = new List<StagePlan>();
        foreach (var stage in stages)
        {
            var i = stage.Index.Value - 1;
            var dim = FeatureMaps.PyramidChannels(embedDim, stage.Index.Value);
            var side = FeatureMaps.PyramidSide(patchGrid, stage.Index.Value);
            var hidden = checked((int)(dim * model.MlpRatio.Value));
            var tokens = Shape(checked(side * side), dim);
            for (var block = 0; block < stage.Depth.Value; block++)
            {
                var name = $"layers.{i}.blocks.{block}";
                layers.Add(stage switch
                {
                    MixerStageDeclaration mixerStage => MixerBlock(name, tokens, side, dim, hidden,
                        Resolve(mixerStage.Mixer, model.QkvBias.Value, model.PadToWindow.Value, side)),
                    _ => new ConvFfnBlockPlan(name, tokens, ConvFfnBlockCost.Parameters(dim, hidden),
                        ConvFfnBlockCost.Flops(side, side, dim, hidden), side, side, hidden),
                });
            }
            stagePlans.Add(new StagePlan(stage.Index.Value, BlockName(stage), stage.Depth.Value, side, side, dim));
            if (stage.Index.Value < stages.Count)
                layers.Add(new DtmPlan($"layers.{i}.downsample", Shape(side / 2 * (side / 2), checked(2 * dim)), DtmCost.Parameters(dim),
                    DtmCost.Flops(side, side, dim), side, side));
        }
        var features = FeatureMaps.PyramidChannels(embedDim, stages.Count);
        long gridTokens = (long)patchGrid * patchGrid, divisor = 1L << stages.Count;
        layers.Add(new ClassifierHeadPlan("head", Shape(classes), ClassifierHeadCost.Parameters(features, classes),
            ClassifierHeadCost.Flops(features, classes, gridTokens, divisor), classes, gridTokens, divisor));
        return Finish(model, new ImageInputPlan(inChannels, imageSize, imageSize), layers, new OutputPlan("logits", Shape(classes)),
            stagePlans);
    }

    private static ModelPlan PlanLinGlo(ModelDeclaration model)
    {
        var (imageSize, inChannels, classes) = (model.ImageSize.Value, model.InChannels.Value, model.Classes.Value);
        var layers = new List<LayerPlan>();
        var stagePlans = new List<StagePlan>();
        var (side, channels) = (imageSize, inChannels);
        foreach (var stage in Sorted(model).Cast<LinGloStageDeclaration>())
        {
            var i = stage.Index.Value - 1;
            var (kernel, stride, padding) = FeatureMaps.LinGloDownsampling(stage.Index.Value);
            var (inSide, dim) = (side, stage.Channels.Value);
            side = FeatureMaps.LinGloSide(side, stage.Index.Value);
            var tokens = Shape(checked(side * side), dim);
            layers.Add(new ConvDownsamplePlan($"downsamples.{i}", tokens, ConvDownsampleCost.Parameters(kernel, channels, dim),
                ConvDownsampleCost.Flops(kernel, stride, padding, channels, dim, inSide, inSide), inSide, inSide, dim, kernel, stride, padding));

            var hidden = checked((int)(dim * stage.MlpRatio.Value));
            var mixer = Resolve(stage.Mixer, model.QkvBias.Value, model.PadToWindow.Value, side);
            for (var block = 0; block < stage.Depth.Value; block++)
                layers.Add(new LinGloBlockPlan($"stages.{i}.blocks.{block}", tokens, LinGloBlockCost.Parameters(dim, hidden, mixer),
                    LinGloBlockCost.Flops(side, side, dim, hidden, mixer), side, side, mixer, hidden, stage.CpeBranches.Value));
            stagePlans.Add(new StagePlan(stage.Index.Value, BlockName(stage), stage.Depth.Value, side, side, dim));
            channels = dim;
        }
        // LinGlo's head counts the tokens that reach its norm.
        long tokensAtHead = (long)side * side;
        layers.Add(new ClassifierHeadPlan("head", Shape(classes), ClassifierHeadCost.Parameters(channels, classes),
            ClassifierHeadCost.Flops(channels, classes, tokensAtHead, 1), classes, tokensAtHead, 1));
        return Finish(model, new ImageInputPlan(inChannels, imageSize, imageSize), layers, new OutputPlan("logits", Shape(classes)),
            stagePlans);
    }

    private static ModelPlan PlanSingleLayer(ModelDeclaration model, LayerDeclaration layer)
    {
        var (side, dim) = (layer.Tokens.Value, layer.Dim.Value);
        var mixer = Resolve(layer.Mixer, layer.QkvBias.Value, model.PadToWindow.Value, side);
        var tokens = Shape(checked(side * side), dim);
        var layers = new List<LayerPlan>
        {
            new MixerLayerPlan("attn", tokens, MixerCost.Parameters(mixer, dim), MixerCost.Flops(mixer, side, side, dim), side, side, mixer),
        };
        return Finish(model, new TokenInputPlan(side, side, dim), layers, new OutputPlan("output", tokens), []);
    }

    private static LayerPlan MixerBlock(string name, EquatableArray<int> tokens, int side, int dim, int hidden, MixerSpec mixer) =>
        new MixerBlockPlan(name, tokens, MixerBlockCost.Parameters(dim, hidden, mixer), MixerBlockCost.Flops(side, side, dim, hidden, mixer),
            side, side, mixer, hidden);

    private static MixerSpec Resolve(MixerDeclaration mixer, bool qkvBias, bool padToWindow, int side) =>
        MixerRules.Resolve(mixer.Mixer, mixer.Heads.Value, mixer.WindowSize.Value, mixer.Alpha.Value, mixer.ReductionRatio.Value,
            (U1Form)mixer.U1.Value, qkvBias, padToWindow, side, side);

    /// <summary>The report's name for a stage's blocks: ConvFfn, the mixer's name (HiLo, Msa, …), LinGlo.</summary>
    private static string BlockName(StageDeclaration stage) => stage switch
    {
        MixerStageDeclaration mixerStage => mixerStage.Mixer.Mixer.ToString(),
        LinGloStageDeclaration => "LinGlo",
        _ => "ConvFfn",
    };

    private static List<StageDeclaration> Sorted(ModelDeclaration model) => model.Stages.OrderBy(s => s.Index.Value).ToList();

    private static ModelPlan Finish(ModelDeclaration model, InputPlan input, List<LayerPlan> layers, OutputPlan output,
        List<StagePlan> stages)
    {
        long parameters = 0, flops = 0;
        foreach (var layer in layers)
        {
            parameters = checked(parameters + layer.Parameters);
            flops = checked(flops + layer.Flops);
        }
        return new ModelPlan(model.Type, model.Name.Value, input, layers.ToEquatableArray(), output, stages.ToEquatableArray(),
            parameters, flops);
    }

    private static EquatableArray<int> Shape(params int[] dims) => dims.ToEquatableArray();
}
