using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using LitDsl.Generator.Analysis;
using LitDsl.Generator.Model;

namespace LitDsl.Generator;

public sealed partial class LitModelGenerator
{
    /// <summary>The analyzer's result: a plan to emit, or the diagnostics that explain why there is none.</summary>
    internal sealed record AnalysisResult(ModelPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>
    /// Checks a <see cref="ModelSpec"/> against the rules of the architecture (every problem reported, not only the
    /// first) and, when it holds, lays out the layers with their shapes, parameters and FLOPs.
    /// </summary>
    internal static partial class Analyzer
    {
        private static readonly Regex KebabCase = new("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant);

        public static AnalysisResult Analyze(ModelSpec spec, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var diagnostics = new List<DiagnosticInfo>();
            if (!KebabCase.IsMatch(spec.Name.Value))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelName, spec.Name.Location, spec.Name.Value));

            var plan = spec.Layer is { } layer ? AnalyzeSingleLayer(spec, layer, diagnostics)
                : spec.Stages.Any(s => s.Kind == StageKind.LinGlo) ? AnalyzeLinGlo(spec, diagnostics)
                : AnalyzeBackbone(spec, diagnostics);
            return diagnostics.Count > 0
                ? new AnalysisResult(null, diagnostics.ToEquatableArray())
                : new AnalysisResult(plan, EquatableArray<DiagnosticInfo>.Empty);
        }

        // ---- backbones -----------------------------------------------------------------------------------------

        private static ModelPlan? AnalyzeBackbone(ModelSpec spec, List<DiagnosticInfo> diagnostics)
        {
            var errorsBefore = diagnostics.Count;
            RequirePositive("ImageSize", spec.ImageSize, diagnostics);
            RequirePositive("InChannels", spec.InChannels, diagnostics);
            RequirePositive("Classes", spec.Classes, diagnostics);
            RequirePositive("PatchSize", spec.PatchSize, diagnostics);
            RequirePositive("EmbedDim", spec.EmbedDim, diagnostics);

            var stages = CheckStageList(spec, diagnostics);
            if (stages.Count == 0) return null;
            var sizesValid = diagnostics.Count == errorsBefore;

            // Each stage but the last ends in a DTM that halves the resolution (and asserts an even map). The feature
            // map sides are known only when the input fits; the checks that do not need them run either way, so one
            // build reports every mistake of the declaration.
            var downsamplings = stages.Count - 1;
            var inputFits = false;
            if (sizesValid)
            {
                long divisor = (long)spec.PatchSize.Value << downsamplings;
                inputFits = spec.ImageSize.Value % divisor == 0;
                if (!inputFits)
                {
                    var reason = downsamplings == 0
                        ? $"the patch size {spec.PatchSize.Value}"
                        : $"patch size {spec.PatchSize.Value} × 2^{downsamplings} for the {downsamplings} downsampling layer(s) between the {stages.Count} stages";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputNotDivisible, spec.ImageSize.Location,
                        spec.ImageSize.Value, divisor, reason));
                }
            }

            if (spec.EmbedDim.Value >= 1) CheckMlpRatio(spec, stages.Count, diagnostics);
            var patchGrid = inputFits ? spec.ImageSize.Value / spec.PatchSize.Value : 0;
            foreach (var stage in stages)
            {
                CheckDepth(stage, diagnostics);
                if (stage.Kind is not (StageKind.HiLo or StageKind.Attention)) continue;
                int? dim = StageChannels(spec.EmbedDim.Value, stage.Index.Value);
                int? side = inputFits ? patchGrid >> (stage.Index.Value - 1) : null;
                if (stage.Kind == StageKind.HiLo)
                    CheckAttention($"HiLo stage {stage.Index.Value}", dim, side, stage.Heads, stage.WindowSize, stage.Alpha,
                        spec.PadToWindow.Value, stage.AttributeLocation, diagnostics);
                else
                    CheckMixer($"stage {stage.Index.Value}", dim, side, MixerArguments.Of(stage), padToWindow: false,
                        stage.AttributeLocation, diagnostics);
            }
            if (diagnostics.Count > errorsBefore) return null;
            return PlanBackbone(spec, stages, patchGrid);
        }

        /// <summary>Stages sorted by index; duplicates, gaps and the absence of stages are reported.</summary>
        private static List<StageSpec> CheckStageList(ModelSpec spec, List<DiagnosticInfo> diagnostics)
        {
            if (spec.Stages.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoStages, spec.AttributeLocation, spec.Name.Value));
                return [];
            }
            var byIndex = new SortedDictionary<int, StageSpec>();
            foreach (var stage in spec.Stages)
            {
                if (stage.Index.Value < 1)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPositive, stage.Index.Location,
                        "The stage index", stage.Index.Value));
                else if (byIndex.TryGetValue(stage.Index.Value, out var first))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, stage.Index.Location,
                        $"Stage {stage.Index.Value} is declared twice ([{AttributeName(first.Kind)}] and [{AttributeName(stage.Kind)}]); each stage index must appear once"));
                else
                    byIndex.Add(stage.Index.Value, stage);
            }
            var expected = 1;
            foreach (var pair in byIndex)
            {
                if (pair.Key != expected)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StageIndexGap, pair.Value.Index.Location,
                        pair.Key, expected));
                    break;
                }
                expected++;
            }
            return byIndex.Values.ToList();
        }

        /// <summary>Channels of a stage (the embedding doubles per stage), or null when the declaration leaves them unknown.</summary>
        private static int? StageChannels(int embedDim, int stageIndex)
        {
            if (embedDim < 1 || stageIndex < 1 || stageIndex > 31) return null;
            long channels = (long)embedDim << (stageIndex - 1);
            return channels <= int.MaxValue ? (int)channels : null;
        }

        private static void CheckMlpRatio(ModelSpec spec, int stageCount, List<DiagnosticInfo> diagnostics)
        {
            for (var i = 0; i < stageCount; i++)
            {
                var dim = spec.EmbedDim.Value << i;
                var hidden = dim * spec.MlpRatio.Value;
                if (!(hidden >= 1) || hidden != Math.Floor(hidden) || hidden > int.MaxValue)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMlpRatio, spec.MlpRatio.Location,
                        Format(spec.MlpRatio.Value), Format(hidden), dim));
                    return;
                }
            }
        }

        private static void CheckDepth(StageSpec stage, List<DiagnosticInfo> diagnostics)
        {
            if (stage.Depth.Value < 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DepthTooSmall, stage.Depth.Location,
                    stage.Depth.Value, $"stage {stage.Index.Value}"));
        }

        private static ModelPlan PlanBackbone(ModelSpec spec, List<StageSpec> stages, int patchGrid)
        {
            var (imageSize, inChannels, patchSize, embedDim) =
                (spec.ImageSize.Value, spec.InChannels.Value, spec.PatchSize.Value, spec.EmbedDim.Value);
            var layers = new List<LayerPlan>
            {
                new(LayerKind.ImageInput, "input", Shape(inChannels, imageSize, imageSize), 0, 0,
                    Height: imageSize, Width: imageSize, Channels: inChannels),
                new(LayerKind.PatchEmbed, "patch_embed", Shape(patchGrid * patchGrid, embedDim),
                    ReferenceCost.PatchEmbedParameters(inChannels, patchSize, embedDim),
                    ReferenceCost.PatchEmbedFlops(imageSize, patchSize, inChannels, embedDim),
                    PatchSize: patchSize, Channels: embedDim),
            };
            var stagePlans = new List<StagePlan>();
            foreach (var stage in stages)
            {
                var i = stage.Index.Value - 1;
                var dim = embedDim << i;
                var side = patchGrid >> i;
                var hidden = (int)(dim * spec.MlpRatio.Value);
                var tokens = Shape(side * side, dim);
                for (var block = 0; block < stage.Depth.Value; block++)
                {
                    var name = $"layers.{i}.blocks.{block}";
                    if (stage.Kind == StageKind.ConvFfn)
                    {
                        layers.Add(new LayerPlan(LayerKind.ConvFfnBlock, name, tokens,
                            ReferenceCost.ConvFfnBlockParameters(dim, hidden), ReferenceCost.MlpWithNormFlops(side, dim, hidden),
                            Height: side, Width: side, HiddenDim: hidden));
                    }
                    else if (stage.Kind == StageKind.Attention)
                    {
                        var mixer = ResolveMixer(MixerArguments.Of(stage), spec.QkvBias.Value, side, dim);
                        layers.Add(mixer.Place(new LayerPlan(LayerKind.MixerBlock, name, tokens,
                            MixerCost.MixerBlockParameters(dim, hidden, mixer.Parameters),
                            MixerCost.MixerBlockFlops(side, dim, hidden, mixer.Flops),
                            Height: side, Width: side, HiddenDim: hidden)));
                    }
                    else
                    {
                        var (heads, ws) = (stage.Heads.Value, stage.WindowSize.Value);
                        var loFi = ReferenceCost.LoFiHeads(heads, stage.Alpha.Value, ws);
                        layers.Add(new LayerPlan(LayerKind.HiLoBlock, name, tokens,
                            ReferenceCost.HiLoBlockParameters(dim, hidden, heads, loFi, spec.QkvBias.Value),
                            ReferenceCost.HiLoBlockFlops(side, dim, hidden, heads, loFi, ws),
                            Height: side, Width: side, HiddenDim: hidden, Heads: heads, LoFiHeads: loFi, WindowSize: ws,
                            QkvBias: spec.QkvBias.Value, PadToWindow: spec.PadToWindow.Value && side % ws != 0));
                    }
                }
                stagePlans.Add(new StagePlan(stage.Index.Value, StageBlockName(stage), stage.Depth.Value, side, side, dim));
                if (stage.Index.Value < stages.Count)
                {
                    layers.Add(new LayerPlan(LayerKind.Dtm, $"layers.{i}.downsample", Shape(side * side / 4, dim * 2),
                        ReferenceCost.DtmParameters(dim), ReferenceCost.DtmFlops(side, dim), Height: side, Width: side));
                }
            }
            var features = embedDim << (stages.Count - 1);
            var classes = spec.Classes.Value;
            var normTokens = (int)((long)patchGrid * patchGrid / (1L << stages.Count));
            layers.Add(new LayerPlan(LayerKind.Head, "head", Shape(classes),
                ReferenceCost.HeadParameters(features, classes), ReferenceCost.HeadFlops(features, patchGrid, stages.Count, classes),
                Classes: classes, ReferenceNormTokens: normTokens));
            return Finish(spec, Shape(inChannels, imageSize, imageSize), Shape(classes), stagePlans, layers);
        }

        // ---- single layers -------------------------------------------------------------------------------------

        private static ModelPlan? AnalyzeSingleLayer(ModelSpec spec, LayerSpec layer, List<DiagnosticInfo> diagnostics)
        {
            var errorsBefore = diagnostics.Count;
            foreach (var stage in spec.Stages)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, stage.AttributeLocation,
                    $"[{AttributeName(stage.Kind)}] cannot be combined with [{layer.AttributeName}]: a single-layer model has no stages; remove one of them"));
            RefuseWritten(diagnostics, $"a single-layer model ([{layer.AttributeName}])", "the layer's own arguments set its shape",
                ("ImageSize", spec.ImageSize.Location, spec.ImageSize.IsExplicit),
                ("InChannels", spec.InChannels.Location, spec.InChannels.IsExplicit),
                ("Classes", spec.Classes.Location, spec.Classes.IsExplicit),
                ("PatchSize", spec.PatchSize.Location, spec.PatchSize.IsExplicit),
                ("EmbedDim", spec.EmbedDim.Location, spec.EmbedDim.IsExplicit),
                ("MlpRatio", spec.MlpRatio.Location, spec.MlpRatio.IsExplicit),
                ("QkvBias", spec.QkvBias.Location, spec.QkvBias.IsExplicit));
            RequirePositive("Tokens", layer.Tokens, diagnostics);
            RequirePositive("Dim", layer.Dim, diagnostics);
            if (diagnostics.Count > errorsBefore) return null;

            var (side, dim) = (layer.Tokens.Value, layer.Dim.Value);
            if (layer.AttributeName != "HiLoLayer") return PlanMixerLayer(spec, layer, side, dim, diagnostics);
            CheckAttention("The HiLo layer", dim, side, layer.Heads, layer.WindowSize, layer.Alpha, spec.PadToWindow.Value,
                layer.AttributeLocation, diagnostics);
            if (diagnostics.Count > errorsBefore) return null;

            var (heads, ws, qkvBias) = (layer.Heads.Value, layer.WindowSize.Value, layer.QkvBias.Value);
            var loFi = ReferenceCost.LoFiHeads(heads, layer.Alpha.Value, ws);
            var tokens = Shape(side * side, dim);
            var layers = new List<LayerPlan>
            {
                new(LayerKind.TokenInput, "input", tokens, 0, 0, Height: side, Width: side, Channels: dim),
                new(LayerKind.HiLoLayer, "attn", tokens, ReferenceCost.HiLoParameters(dim, heads, loFi, qkvBias),
                    ReferenceCost.HiLoFlops(side, dim, heads, loFi, ws), Height: side, Width: side, Channels: dim,
                    Heads: heads, LoFiHeads: loFi, WindowSize: ws, QkvBias: qkvBias,
                    PadToWindow: spec.PadToWindow.Value && side % ws != 0),
            };
            return Finish(spec, tokens, tokens, [], layers);
        }

        // ---- shared checks -------------------------------------------------------------------------------------

        /// <summary>
        /// Heads, alpha and window size of one HiLo attention working on a side×side map of dim channels. A null dim or
        /// side is unknown because of another error; the checks that need it are skipped.
        /// </summary>
        private static void CheckAttention(string what, int? dim, int? side, Argument<int> heads, Argument<int> windowSize,
            Argument<double> alpha, bool padToWindow, LocationInfo? attributeLocation, List<DiagnosticInfo> diagnostics)
        {
            if (heads.Value < 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AttentionWithoutHeads,
                    heads.IsExplicit ? heads.Location : attributeLocation, what, dim is { } d ? d.ToString(CultureInfo.InvariantCulture) : "its channel count"));
            else if (dim is { } channels && channels % heads.Value != 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeadsDoNotDivideDim, heads.Location, what, channels,
                    heads.Value));

            if (!(alpha.Value >= 0 && alpha.Value <= 1))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AlphaOutOfRange, alpha.Location,
                    Format(alpha.Value), Lower(what)));

            if (windowSize.Value < 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowSizeTooSmall, windowSize.Location,
                    windowSize.Value, Lower(what)));
            else if (side is { } mapSide && mapSide % windowSize.Value != 0 && !padToWindow)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowDoesNotDivideFeatureMap, windowSize.Location,
                    what, mapSide, windowSize.Value));
        }

        /// <summary>LIT0011 on each [LitModel] setting that was written although <paramref name="model"/> has no use for it.</summary>
        private static void RefuseWritten(List<DiagnosticInfo> diagnostics, string model, string reason,
            params (string Name, LocationInfo? Location, bool IsExplicit)[] settings)
        {
            foreach (var setting in settings.Where(s => s.IsExplicit))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, setting.Location,
                    $"{setting.Name} does not apply to {model}; remove it ({reason})"));
        }

        private static void RequirePositive(string name, Argument<int> argument, List<DiagnosticInfo> diagnostics)
        {
            if (argument.Value < 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPositive, argument.Location, name, argument.Value));
        }

        private static ModelPlan Finish(ModelSpec spec, EquatableArray<int> input, EquatableArray<int> output,
            List<StagePlan> stages, List<LayerPlan> layers) =>
            new(spec.Type, spec.Name.Location, spec.Name.Value, input, output,
                layers.Sum(l => l.Parameters), layers.Sum(l => l.Flops), stages.ToEquatableArray(), layers.ToEquatableArray());

        private static EquatableArray<int> Shape(params int[] dims) => dims.ToEquatableArray();

        private static string AttributeName(StageKind kind) => kind switch
        {
            StageKind.ConvFfn => "ConvFfnStage",
            StageKind.HiLo => "HiLoStage",
            StageKind.Attention => "AttentionStage",
            _ => "LinGloStage",
        };

        /// <summary>The report's name for a stage's blocks: ConvFfn, HiLo, the mixer of an [AttentionStage], LinGlo.</summary>
        private static string StageBlockName(StageSpec stage) => stage.Kind == StageKind.Attention
            ? ((MixerKind)stage.Mixer.Value).ToString()
            : AttributeName(stage.Kind).Replace("Stage", "");

        private static string Lower(string text) => text.StartsWith("The ", StringComparison.Ordinal) ? "the " + text.Substring(4) : text;

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
