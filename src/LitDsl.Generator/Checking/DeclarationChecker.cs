using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using LitDsl.Architecture;
using LitDsl.Generator.Declarations;
using LitDsl.Generator.Model;
using LitDsl.Generator.Planning;

namespace LitDsl.Generator.Checking;

/// <summary>
/// Judges a <see cref="ModelDeclaration"/> against the rules of its family and reports every problem, not only the
/// first, each on the argument at fault. A declaration it accepts can be planned without further checks: every size
/// is within <see cref="SizeLimits"/>, every width whole, every window and reduction tiles its map.
/// </summary>
internal static class DeclarationChecker
{
    // \z, not $: $ also matches before a final newline, which let "abc\n" through.
    private static readonly Regex KebabCase = new(@"^[a-z0-9]+(-[a-z0-9]+)*\z", RegexOptions.CultureInvariant);

    public static List<DiagnosticInfo> Check(ModelDeclaration model)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (!KebabCase.IsMatch(model.Name.Value))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelName, model.Name.Location, model.Name.Value));
        switch (model.Family)
        {
            case ModelFamily.SingleLayer:
                CheckSingleLayer(model, model.Layer!, diagnostics);
                break;
            case ModelFamily.LinGlo:
                CheckLinGlo(model, diagnostics);
                break;
            default:
                CheckPyramid(model, diagnostics);
                break;
        }
        CheckPadToWindow(model, diagnostics);
        return diagnostics;
    }

    /// <summary>The checks only a plan can answer: the model's size as a whole.</summary>
    public static IEnumerable<DiagnosticInfo> CheckTotals(ModelPlan plan, ModelDeclaration model)
    {
        if (plan.Parameters > SizeLimits.Parameters)
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.ModelTooLarge, model.AttributeLocation, model.Name.Value,
                $"it has {plan.Parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters, more than the " +
                $"{SizeLimits.Parameters.ToString("N0", CultureInfo.InvariantCulture)} one exported ONNX file holds");
    }

    /// <summary>An overflow while planning: a figure that does not fit a 64-bit integer.</summary>
    public static DiagnosticInfo FiguresOverflow(ModelDeclaration model) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.ModelTooLarge, model.AttributeLocation, model.Name.Value,
            "its parameters or FLOPs do not fit a 64-bit integer");

    // ---- LITv2 pyramids ----------------------------------------------------------------------------------------

    private static void CheckPyramid(ModelDeclaration model, List<DiagnosticInfo> diagnostics)
    {
        var errorsBefore = diagnostics.Count;
        var backboneSizeValid = CheckImageSettings(model, diagnostics);
        RequireSize("InChannels", model.InChannels, SizeLimits.InChannels, "input channels", diagnostics);
        var patchValid = RequireSize("PatchSize", model.PatchSize, SizeLimits.PatchSize, "a patch side", diagnostics);
        var embedDimValid = RequireSize("EmbedDim", model.EmbedDim, SizeLimits.Channels, "channels of a stage", diagnostics);

        var stages = CheckStageList(model, diagnostics);
        if (stages.Count == 0) return;
        var sizesValid = diagnostics.Count == errorsBefore;
        if (model.Backbone is { } backbone)
        {
            CheckBackbone(model, backbone, stages.Count, diagnostics);
            if (patchValid && backboneSizeValid)
                CheckBackboneMinimum(model, backbone, FeatureMaps.PyramidMinimumSide(model.PatchSize.Value, stages.Count),
                    $"patch size {model.PatchSize.Value} and {stages.Count - 1} DTM layer(s), each of which needs a map of at least 2×2", diagnostics);
            // Every windowed mixer of a backbone pads: no rule depends on the map's side.
            CheckStages(model, stages, null, embedDimValid, diagnostics);
            return;
        }

        // Each stage but the last ends in a DTM that halves the resolution (and asserts an even map). The feature-map
        // sides are known only when the input fits; the checks that do not need them run either way, so one build
        // reports every mistake of the declaration.
        var downsamplings = stages.Count - 1;
        var inputFits = false;
        if (sizesValid)
        {
            var divisor = (long)model.PatchSize.Value << downsamplings;
            inputFits = model.ImageSize.Value % divisor == 0;
            if (!inputFits)
            {
                var reason = downsamplings == 0
                    ? $"the patch size {model.PatchSize.Value}"
                    : $"patch size {model.PatchSize.Value} × 2^{downsamplings} for the {downsamplings} downsampling layer(s) between the {stages.Count} stages";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputNotDivisible, model.ImageSize.Location,
                    model.ImageSize.Value, divisor, reason));
            }
        }

        CheckStages(model, stages, inputFits ? model.ImageSize.Value / model.PatchSize.Value : null, embedDimValid, diagnostics);
    }

    /// <summary>The stages of a LITv2 pyramid on a patch grid of the given side (null when another error leaves it unknown).</summary>
    private static void CheckStages(ModelDeclaration model, List<StageDeclaration> stages, int? patchGrid, bool embedDimValid,
        List<DiagnosticInfo> diagnostics)
    {
        if (embedDimValid)
            CheckMlpRatio(model.MlpRatio, Enumerable.Range(1, stages.Count).Select(i => FeatureMaps.PyramidChannels(model.EmbedDim.Value, i)),
                diagnostics);
        foreach (var stage in stages)
        {
            CheckDepth(stage, diagnostics);
            if (stage is not MixerStageDeclaration mixerStage) continue;
            int? dim = embedDimValid ? FeatureMaps.PyramidChannels(model.EmbedDim.Value, stage.Index.Value) : null;
            int? side = patchGrid is { } grid ? FeatureMaps.PyramidSide(grid, stage.Index.Value) : null;
            CheckMixer(model, $"stage {stage.Index.Value}", dim, side, mixerStage.Mixer, stage.Location, diagnostics);
        }
    }

    /// <summary>
    /// One mixer: a backbone's runs at any size, so its windows always pad (no LIT0005) and a reduction that must tile
    /// the map cannot be in it (LIT0031).
    /// </summary>
    private static void CheckMixer(ModelDeclaration model, string where, int? dim, int? side, MixerDeclaration mixer,
        LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (model.Backbone is not null && mixer.Kind.Value == (int)Mixer.Sra)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MixerNotInBackbone, mixer.Kind.Location, Mixer.Sra, where,
                "its keys' reduction must tile the map, and a backbone's map has any size"));
            return;
        }
        MixerChecker.Check(where, dim, side, side, mixer, model.PadToWindow.Value || model.Backbone is not null, location, diagnostics);
    }

    // ---- backbones -----------------------------------------------------------------------------------------------

    /// <summary>
    /// The image settings: a classifier's <c>ImageSize</c> and <c>Classes</c>, or a backbone's reference
    /// <c>Height</c> and <c>Width</c> (and then no image size, classes or <c>PadToWindow</c>). Returns whether the size
    /// the model is planned at is valid.
    /// </summary>
    private static bool CheckImageSettings(ModelDeclaration model, List<DiagnosticInfo> diagnostics)
    {
        if (model.Backbone is not { } backbone)
        {
            var imageValid = RequireSize("ImageSize", model.ImageSize, SizeLimits.ImageSize, "the largest image side LitDsl plans", diagnostics);
            RequireSize("Classes", model.Classes, SizeLimits.Classes, "classes of the head", diagnostics);
            return imageValid;
        }
        RefuseWritten(diagnostics, "a backbone", "[Backbone] sets its reference Height and Width, and it takes any size",
            ("ImageSize", model.ImageSize.Location, model.ImageSize.IsExplicit));
        RefuseWritten(diagnostics, "a backbone", "a backbone has no classifier",
            ("Classes", model.Classes.Location, model.Classes.IsExplicit));
        RefuseWritten(diagnostics, "a backbone", "a backbone runs at any size, so every windowed mixer in it pads its map",
            ("PadToWindow", model.PadToWindow.Location, model.PadToWindow.IsExplicit));
        var heightValid = RequireSize("Height", backbone.Height, SizeLimits.ImageSize, "the largest image side LitDsl plans", diagnostics);
        var widthValid = RequireSize("Width", backbone.Width, SizeLimits.ImageSize, "the largest image side LitDsl plans", diagnostics);
        return heightValid && widthValid;
    }

    /// <summary>OutIndices name each of the model's <paramref name="stageCount"/> stages at most once; Norms is an OutputNorms.</summary>
    private static void CheckBackbone(ModelDeclaration model, BackboneDeclaration backbone, int stageCount, List<DiagnosticInfo> diagnostics)
    {
        var indices = backbone.OutIndices;
        if (indices.IsExplicit)
        {
            var last = (stageCount - 1).ToString(CultureInfo.InvariantCulture);
            var outside = indices.Value.Where(i => i < 0 || i >= stageCount).ToList();
            string? problem = null;
            if (indices.Value.Count == 0) problem = "is empty";
            else if (outside.Count > 0)
                problem = $"lists {outside[0].ToString(CultureInfo.InvariantCulture)}, which is not a stage of '{model.Name.Value}' (it has {stageCount})";
            else if (indices.Value.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1) is { } twice)
                problem = $"lists stage {twice.Key.ToString(CultureInfo.InvariantCulture)} twice";
            if (problem is not null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BackboneOutputNotAStage, indices.Location, problem, last));
        }
        if (!Enum.IsDefined(typeof(OutputNorms), backbone.Norms.Value))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownOutputNorms, backbone.Norms.Location, backbone.Norms.Value));
    }

    /// <summary>The reference Height and Width are at least the smallest input the backbone takes.</summary>
    private static void CheckBackboneMinimum(ModelDeclaration model, BackboneDeclaration backbone, int minimum, string why,
        List<DiagnosticInfo> diagnostics)
    {
        foreach (var (name, argument) in new[] { ("Height", backbone.Height), ("Width", backbone.Width) })
            if (argument.Value < minimum)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BackboneSizeBelowMinimum,
                    argument.IsExplicit ? argument.Location : backbone.Location, name, argument.Value, model.Name.Value, minimum, why));
    }

    // ---- LinGlo --------------------------------------------------------------------------------------------------

    private static void CheckLinGlo(ModelDeclaration model, List<DiagnosticInfo> diagnostics)
    {
        var errorsBefore = diagnostics.Count;
        CheckImageSettings(model, diagnostics);
        RequireSize("InChannels", model.InChannels, SizeLimits.InChannels, "input channels", diagnostics);
        RefuseWritten(diagnostics, "a LinGlo model", "each [LinGloStage] sets its channels and MLP ratio, convolutions down-sample",
            ("PatchSize", model.PatchSize.Location, model.PatchSize.IsExplicit),
            ("EmbedDim", model.EmbedDim.Location, model.EmbedDim.IsExplicit),
            ("MlpRatio", model.MlpRatio.Location, model.MlpRatio.IsExplicit));
        foreach (var stage in model.Stages.Where(s => s is not LinGloStageDeclaration))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, stage.Location,
                $"[{stage.Attribute}] cannot be combined with [LinGloStage]: a LinGlo model's stages are all [LinGloStage]"));
        if (diagnostics.Count > errorsBefore) return;

        var stages = CheckStageList(model, diagnostics);
        if (stages.Count == 0 || diagnostics.Count > errorsBefore) return;
        if (model.Backbone is { } backbone) CheckBackbone(model, backbone, stages.Count, diagnostics);

        // A LinGlo backbone takes any size from 1 px: each padded convolution leaves at least one position.
        var side = model.Backbone?.Height.Value ?? model.ImageSize.Value;
        foreach (var stage in stages.Cast<LinGloStageDeclaration>())
        {
            side = FeatureMaps.LinGloSide(side, stage.Index.Value);
            CheckDepth(stage, diagnostics);
            var channelsValid = RequireSize("Channels", stage.Channels, SizeLimits.Channels, "channels of a stage", diagnostics);
            RequireSize("CpeBranches", stage.CpeBranches, SizeLimits.CpeBranches, "branches folded when the graph is built", diagnostics);
            if (!channelsValid) continue;
            CheckMlpRatio(stage.MlpRatio, [stage.Channels.Value], diagnostics);
            CheckMixer(model, $"stage {stage.Index.Value}", stage.Channels.Value, side, stage.Mixer, stage.Location, diagnostics);
        }
    }

    // ---- single layers -------------------------------------------------------------------------------------------

    private static void CheckSingleLayer(ModelDeclaration model, LayerDeclaration layer, List<DiagnosticInfo> diagnostics)
    {
        var errorsBefore = diagnostics.Count;
        foreach (var stage in model.Stages)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, stage.Location,
                $"[{stage.Attribute}] cannot be combined with [{layer.Attribute}]: a single-layer model has no stages; remove one of them"));
        if (model.Backbone is { } backbone)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, backbone.Location,
                $"[Backbone] cannot be combined with [{layer.Attribute}]: a backbone is a model of stages; remove one of them"));
        RefuseWritten(diagnostics, $"a single-layer model ([{layer.Attribute}])", "the layer's own arguments set its shape",
            ("ImageSize", model.ImageSize.Location, model.ImageSize.IsExplicit),
            ("InChannels", model.InChannels.Location, model.InChannels.IsExplicit),
            ("Classes", model.Classes.Location, model.Classes.IsExplicit),
            ("PatchSize", model.PatchSize.Location, model.PatchSize.IsExplicit),
            ("EmbedDim", model.EmbedDim.Location, model.EmbedDim.IsExplicit),
            ("MlpRatio", model.MlpRatio.Location, model.MlpRatio.IsExplicit),
            ("QkvBias", model.QkvBias.Location, model.QkvBias.IsExplicit));
        RequireSize("Tokens", layer.Tokens, SizeLimits.Tokens, "the side of the token grid", diagnostics);
        RequireSize("Dim", layer.Dim, SizeLimits.Channels, "channels of a layer", diagnostics);
        if (diagnostics.Count > errorsBefore) return;
        MixerChecker.Check("the single layer", layer.Dim.Value, layer.Tokens.Value, layer.Tokens.Value, layer.Mixer,
            model.PadToWindow.Value, layer.Location, diagnostics);
    }

    // ---- rules every family shares ---------------------------------------------------------------------------------

    /// <summary>Stages sorted by index; an index out of range, twice, after a gap, or no stage at all, is reported.</summary>
    private static List<StageDeclaration> CheckStageList(ModelDeclaration model, List<DiagnosticInfo> diagnostics)
    {
        if (model.Stages.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoStages, model.AttributeLocation, model.Name.Value));
            return [];
        }
        var byIndex = new SortedDictionary<int, StageDeclaration>();
        foreach (var stage in model.Stages)
        {
            if (stage.Index.Value < 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPositive, stage.Index.Location, "The stage index", stage.Index.Value));
            else if (stage.Index.Value > SizeLimits.Stages)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AboveUpperBound, stage.Index.Location, "The stage index",
                    stage.Index.Value, SizeLimits.Stages, "stages of a model"));
            else if (byIndex.TryGetValue(stage.Index.Value, out var first))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, stage.Index.Location,
                    $"Stage {stage.Index.Value} is declared twice ([{first.Attribute}] and [{stage.Attribute}]); each stage index must appear once"));
            else
                byIndex.Add(stage.Index.Value, stage);
        }
        var expected = 1;
        foreach (var pair in byIndex)
        {
            if (pair.Key != expected)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StageIndexGap, pair.Value.Index.Location, pair.Key, expected));
                break;
            }
            expected++;
        }
        return byIndex.Values.ToList();
    }

    private static void CheckDepth(StageDeclaration stage, List<DiagnosticInfo> diagnostics)
    {
        if (stage.Depth.Value < 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DepthTooSmall, stage.Depth.Location, stage.Depth.Value,
                $"stage {stage.Index.Value}"));
        else if (stage.Depth.Value > SizeLimits.Depth)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AboveUpperBound, stage.Depth.Location, "Depth", stage.Depth.Value,
                SizeLimits.Depth, "blocks of a stage"));
    }

    /// <summary>An MLP ratio within its bound that gives a whole, positive hidden width for every one of <paramref name="widths"/>.</summary>
    private static void CheckMlpRatio(Argument<double> ratio, IEnumerable<int> widths, List<DiagnosticInfo> diagnostics)
    {
        if (ratio.Value > SizeLimits.MlpRatio && !double.IsInfinity(ratio.Value))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AboveUpperBound, ratio.Location, "MlpRatio", Format(ratio.Value),
                SizeLimits.MlpRatio, "hidden width over input width"));
            return;
        }
        foreach (var dim in widths)
        {
            var hidden = dim * ratio.Value;
            if (!(hidden >= 1) || hidden != Math.Floor(hidden) || hidden > int.MaxValue)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMlpRatio, ratio.Location, Format(ratio.Value),
                    Format(hidden), dim));
                return;
            }
        }
    }

    /// <summary>PadToWindow = true on a model none of whose mixers attends in windows would be silently ignored.</summary>
    private static void CheckPadToWindow(ModelDeclaration model, List<DiagnosticInfo> diagnostics)
    {
        if (!model.PadToWindow.IsExplicit || !model.PadToWindow.Value || model.Backbone is not null) return;
        var mixers = model.Stages.Select(MixerOf).Append(model.Layer?.Mixer).Where(m => m is not null).Select(m => m!).ToList();
        if (mixers.Any(m => !MixerRules.IsDefined(m.Kind.Value)) || mixers.Any(m => MixerRules.IsWindowed(m.Mixer))) return;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, model.PadToWindow.Location,
            $"PadToWindow does not apply to model '{model.Name.Value}': none of its mixers attends in windows (HiLo, Window); remove it"));
    }

    private static MixerDeclaration? MixerOf(StageDeclaration stage) => stage switch
    {
        MixerStageDeclaration mixerStage => mixerStage.Mixer,
        LinGloStageDeclaration linGlo => linGlo.Mixer,
        _ => null,
    };

    /// <summary>At least 1 (LIT0014) and at most <paramref name="max"/> (LIT0022); returns whether it is both.</summary>
    private static bool RequireSize(string name, Argument<int> argument, int max, string what, List<DiagnosticInfo> diagnostics)
    {
        if (argument.Value < 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPositive, argument.Location, name, argument.Value));
            return false;
        }
        if (argument.Value > max)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AboveUpperBound, argument.Location, name, argument.Value, max, what));
            return false;
        }
        return true;
    }

    /// <summary>LIT0011 on each [LitModel] setting that was written although <paramref name="model"/> has no use for it.</summary>
    private static void RefuseWritten(List<DiagnosticInfo> diagnostics, string model, string reason,
        params (string Name, LocationInfo? Location, bool IsExplicit)[] settings)
    {
        foreach (var setting in settings.Where(s => s.IsExplicit))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, setting.Location,
                $"{setting.Name} does not apply to {model}; remove it ({reason})"));
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
