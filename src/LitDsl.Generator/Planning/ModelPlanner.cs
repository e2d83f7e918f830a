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
        var (inChannels, patchSize, embedDim) = (model.InChannels.Value, model.PatchSize.Value, model.EmbedDim.Value);
        var backbone = Backbone(model);
        var (imageHeight, imageWidth) = backbone is null ? (model.ImageSize.Value, model.ImageSize.Value) : (backbone.Height, backbone.Width);
        var stages = Sorted(model);
        // A classifier's image divides by the patch (LIT0006); a backbone's is padded to whole patches.
        var (gridHeight, gridWidth) = (FeatureMaps.PyramidPatchGrid(imageHeight, patchSize), FeatureMaps.PyramidPatchGrid(imageWidth, patchSize));
        var layers = new List<LayerPlan>
        {
            new PatchEmbedPlan("patch_embed", Shape(checked(gridHeight * gridWidth), embedDim),
                PatchEmbedCost.Parameters(inChannels, patchSize, embedDim),
                PatchEmbedCost.Flops(inChannels, patchSize, embedDim, imageHeight, imageWidth), patchSize, embedDim, inChannels),
        };
        var stagePlans = new List<StagePlan>();
        var outputs = new List<OutputPlan>();
        foreach (var stage in stages)
        {
            var i = stage.Index.Value - 1;
            var dim = FeatureMaps.PyramidChannels(embedDim, stage.Index.Value);
            var (height, width) = (FeatureMaps.PyramidSide(gridHeight, stage.Index.Value), FeatureMaps.PyramidSide(gridWidth, stage.Index.Value));
            var hidden = checked((int)(dim * model.MlpRatio.Value));
            var tokens = Shape(checked(height * width), dim);
            MixerSpec? mixer = stage is MixerStageDeclaration mixerStage ? Resolve(model, mixerStage.Mixer, height, width) : null;
            for (var block = 0; block < stage.Depth.Value; block++)
            {
                var name = $"layers.{i}.blocks.{block}";
                layers.Add(mixer is { } spec
                    ? new MixerBlockPlan(name, tokens, MixerBlockCost.Parameters(dim, hidden, spec), MixerBlockCost.Flops(height, width, dim, hidden, spec),
                        height, width, spec, hidden)
                    : new ConvFfnBlockPlan(name, tokens, ConvFfnBlockCost.Parameters(dim, hidden),
                        ConvFfnBlockCost.Flops(height, width, dim, hidden), height, width, hidden));
            }
            stagePlans.Add(new StagePlan(stage.Index.Value, BlockName(stage), stage.Depth.Value, height, width, dim));
            if (backbone is not null && backbone.Outputs(stages.Count).Contains(i))
                AddOutput(layers, outputs, backbone, i, height, width, dim, stride: patchSize << i);
            if (stage.Index.Value < stages.Count)
                layers.Add(new DtmPlan($"layers.{i}.downsample", Shape(checked(height / 2 * (width / 2)), checked(2 * dim)), DtmCost.Parameters(dim),
                    DtmCost.Flops(height, width, dim), height, width));
        }
        var input = new ImageInputPlan(inChannels, imageHeight, imageWidth);
        if (backbone is not null)
            return Finish(model, input, layers, outputs, stagePlans,
                new BackbonePlan(imageHeight, imageWidth, FeatureMaps.PyramidMinimumSide(patchSize, stages.Count)));

        var classes = model.Classes.Value;
        var features = FeatureMaps.PyramidChannels(embedDim, stages.Count);
        long gridTokens = (long)gridHeight * gridWidth, divisor = 1L << stages.Count;
        layers.Add(new ClassifierHeadPlan("head", Shape(classes), ClassifierHeadCost.Parameters(features, classes),
            ClassifierHeadCost.Flops(features, classes, gridTokens, divisor), classes, gridTokens, divisor));
        return Finish(model, input, layers, [new OutputPlan("logits", Shape(classes))], stagePlans);
    }

    private static ModelPlan PlanLinGlo(ModelDeclaration model)
    {
        var inChannels = model.InChannels.Value;
        var backbone = Backbone(model);
        var (imageHeight, imageWidth) = backbone is null ? (model.ImageSize.Value, model.ImageSize.Value) : (backbone.Height, backbone.Width);
        var layers = new List<LayerPlan>();
        var stagePlans = new List<StagePlan>();
        var outputs = new List<OutputPlan>();
        var stages = Sorted(model);
        var (height, width, channels, stride) = (imageHeight, imageWidth, inChannels, 1);
        foreach (var stage in stages.Cast<LinGloStageDeclaration>())
        {
            var i = stage.Index.Value - 1;
            var (kernel, downStride, padding) = FeatureMaps.LinGloDownsampling(stage.Index.Value);
            var (inHeight, inWidth, dim) = (height, width, stage.Channels.Value);
            (height, width) = (FeatureMaps.LinGloSide(height, stage.Index.Value), FeatureMaps.LinGloSide(width, stage.Index.Value));
            stride = checked(stride * downStride);
            var tokens = Shape(checked(height * width), dim);
            layers.Add(new ConvDownsamplePlan($"downsamples.{i}", tokens, ConvDownsampleCost.Parameters(kernel, channels, dim),
                ConvDownsampleCost.Flops(kernel, downStride, padding, channels, dim, inHeight, inWidth), inHeight, inWidth, dim, kernel, downStride,
                padding, channels));

            var hidden = checked((int)(dim * stage.MlpRatio.Value));
            var mixer = Resolve(model, stage.Mixer, height, width);
            for (var block = 0; block < stage.Depth.Value; block++)
                layers.Add(new LinGloBlockPlan($"stages.{i}.blocks.{block}", tokens, LinGloBlockCost.Parameters(dim, hidden, mixer),
                    LinGloBlockCost.Flops(height, width, dim, hidden, mixer), height, width, mixer, hidden, stage.CpeBranches.Value));
            stagePlans.Add(new StagePlan(stage.Index.Value, BlockName(stage), stage.Depth.Value, height, width, dim));
            if (backbone is not null && backbone.Outputs(stages.Count).Contains(i))
                AddOutput(layers, outputs, backbone, i, height, width, dim, stride);
            channels = dim;
        }
        var input = new ImageInputPlan(inChannels, imageHeight, imageWidth);
        // Each padded convolution leaves at least one position of any side: a LinGlo backbone takes any size.
        if (backbone is not null) return Finish(model, input, layers, outputs, stagePlans, new BackbonePlan(imageHeight, imageWidth, 1));

        // LinGlo's head counts the tokens that reach its norm.
        var classes = model.Classes.Value;
        long tokensAtHead = (long)height * width;
        layers.Add(new ClassifierHeadPlan("head", Shape(classes), ClassifierHeadCost.Parameters(channels, classes),
            ClassifierHeadCost.Flops(channels, classes, tokensAtHead, 1), classes, tokensAtHead, 1));
        return Finish(model, input, layers, [new OutputPlan("logits", Shape(classes))], stagePlans);
    }

    /// <summary>Stage <paramref name="stageIndex"/>'s output: its plan (a layer when normalised) and its description.</summary>
    private static void AddOutput(List<LayerPlan> layers, List<OutputPlan> outputs, BackboneSettings backbone, int stageIndex, int height,
        int width, int dim, int stride)
    {
        var normalize = backbone.Norms == OutputNorms.EveryStage || stageIndex != 0;
        var shape = Shape(dim, height, width);
        var name = BackboneOutputNames.Output(stageIndex);
        layers.Add(new BackboneOutputPlan(normalize ? BackboneOutputNames.Norm(stageIndex) : name, shape,
            normalize ? OutputNormCost.Parameters(dim) : 0, normalize ? OutputNormCost.Flops(height, width, dim) : 0,
            stageIndex, height, width, dim, normalize));
        outputs.Add(new OutputPlan(name, shape, stageIndex, stride, normalize));
    }

    /// <summary>A backbone's settings as the checker accepted them, or null for a classifier.</summary>
    private static BackboneSettings? Backbone(ModelDeclaration model) => model.Backbone is { } backbone
        ? new BackboneSettings(backbone.Height.Value, backbone.Width.Value, backbone.OutIndices.IsExplicit ? backbone.OutIndices.Value : null,
            backbone.OutputNorms)
        : null;

    private sealed record BackboneSettings(int Height, int Width, EquatableArray<int>? OutIndices, OutputNorms Norms)
    {
        /// <summary>The stages output, by 0-based index: the ones written, else every stage.</summary>
        public IEnumerable<int> Outputs(int stageCount) => OutIndices is { } written ? written : Enumerable.Range(0, stageCount);
    }

    private static ModelPlan PlanSingleLayer(ModelDeclaration model, LayerDeclaration layer)
    {
        var (side, dim) = (layer.Tokens.Value, layer.Dim.Value);
        var mixer = MixerRules.Resolve(layer.Mixer.Mixer, layer.Mixer.Heads.Value, layer.Mixer.WindowSize.Value, layer.Mixer.Alpha.Value,
            layer.Mixer.ReductionRatio.Value, (U1Form)layer.Mixer.U1.Value, layer.QkvBias.Value, model.PadToWindow.Value, side, side);
        var tokens = Shape(checked(side * side), dim);
        var layers = new List<LayerPlan>
        {
            new MixerLayerPlan("attn", tokens, MixerCost.Parameters(mixer, dim), MixerCost.Flops(mixer, side, side, dim), side, side, mixer),
        };
        return Finish(model, new TokenInputPlan(side, side, dim), layers, [new OutputPlan("output", tokens)], []);
    }

    /// <summary>
    /// A stage's mixer over its map at the planned size. A backbone's runs at any size: every windowed mixer in it pads
    /// (the pad is 0 where the window divides the map).
    /// </summary>
    private static MixerSpec Resolve(ModelDeclaration model, MixerDeclaration mixer, int height, int width) =>
        MixerRules.Resolve(mixer.Mixer, mixer.Heads.Value, mixer.WindowSize.Value, mixer.Alpha.Value, mixer.ReductionRatio.Value,
            (U1Form)mixer.U1.Value, model.QkvBias.Value, model.PadToWindow.Value || model.Backbone is not null, height, width,
            anySize: model.Backbone is not null);

    /// <summary>The report's name for a stage's blocks: ConvFfn, the mixer's name (HiLo, Msa, …), LinGlo.</summary>
    private static string BlockName(StageDeclaration stage) => stage switch
    {
        MixerStageDeclaration mixerStage => mixerStage.Mixer.Mixer.ToString(),
        LinGloStageDeclaration => "LinGlo",
        _ => "ConvFfn",
    };

    private static List<StageDeclaration> Sorted(ModelDeclaration model) => model.Stages.OrderBy(s => s.Index.Value).ToList();

    private static ModelPlan Finish(ModelDeclaration model, InputPlan input, List<LayerPlan> layers, List<OutputPlan> outputs,
        List<StagePlan> stages, BackbonePlan? backbone = null)
    {
        long parameters = 0, flops = 0;
        foreach (var layer in layers)
        {
            parameters = checked(parameters + layer.Parameters);
            flops = checked(flops + layer.Flops);
        }
        return new ModelPlan(model.Type, model.Name.Value, input, layers.ToEquatableArray(), outputs.ToEquatableArray(),
            stages.ToEquatableArray(), parameters, flops, backbone);
    }

    private static EquatableArray<int> Shape(params int[] dims) => dims.ToEquatableArray();
}
