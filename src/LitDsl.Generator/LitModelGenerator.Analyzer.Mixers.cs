using System;
using System.Collections.Generic;
using System.Linq;
using LitDsl.Generator.Analysis;
using LitDsl.Generator.Model;

namespace LitDsl.Generator;

public sealed partial class LitModelGenerator
{
    internal static partial class Analyzer
    {
        /// <summary>The mixer arguments of a stage or layer attribute, as written (or defaulted).</summary>
        private readonly record struct MixerArguments(Argument<int> Mixer, Argument<int> Heads, Argument<int> WindowSize,
            Argument<double> Alpha, Argument<int> ReductionRatio, Argument<int> U1)
        {
            public static MixerArguments Of(StageSpec stage) =>
                new(stage.Mixer, stage.Heads, stage.WindowSize, stage.Alpha, stage.ReductionRatio, stage.U1);

            public static MixerArguments Of(LayerSpec layer) =>
                new(layer.Mixer, layer.Heads, layer.WindowSize, layer.Alpha, layer.ReductionRatio, layer.U1);
        }

        /// <summary>A checked mixer: its builder arguments and its figures on one feature map.</summary>
        private sealed record ResolvedMixer(MixerKind Kind, int Heads, int LoFiHeads, int WindowSize, int ReductionRatio,
            bool FullU1, bool QkvBias, long Parameters, long Flops)
        {
            /// <summary>Copies the mixer's builder arguments onto a layer plan.</summary>
            public LayerPlan Place(LayerPlan layer) => layer with
            {
                Mixer = Kind, Heads = Heads, LoFiHeads = LoFiHeads, WindowSize = WindowSize,
                ReductionRatio = ReductionRatio, FullU1 = FullU1, QkvBias = QkvBias,
            };
        }

        private static bool IsKnownMixer(int value) => value is >= (int)MixerKind.HiLo and <= (int)MixerKind.KeyOnly;

        /// <summary>
        /// Checks one mixer working on a side×side map of dim channels: a known kind, heads that divide the channels,
        /// and only the arguments that kind uses, each in range and, for windows and reductions, dividing the map.
        /// </summary>
        private static void CheckMixer(string where, int? dim, int? side, MixerArguments arguments, bool padToWindow,
            LocationInfo? attributeLocation, List<DiagnosticInfo> diagnostics)
        {
            if (!IsKnownMixer(arguments.Mixer.Value))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownMixer, arguments.Mixer.Location,
                    arguments.Mixer.Value));
                return;
            }
            var kind = (MixerKind)arguments.Mixer.Value;
            var what = $"The {kind} mixer of {where}";
            if (kind == MixerKind.HiLo)
            {
                CheckAttention(what, dim, side, arguments.Heads, arguments.WindowSize, arguments.Alpha, padToWindow,
                    attributeLocation, diagnostics);
                NotForMixer("ReductionRatio", arguments.ReductionRatio.IsExplicit, arguments.ReductionRatio.Location, kind, where,
                    "HiLo pools keys by WindowSize", diagnostics);
                NotForMixer("U1", arguments.U1.IsExplicit, arguments.U1.Location, kind, where,
                    "only key-only attention has U1", diagnostics);
                return;
            }

            if (arguments.Heads.Value < 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AttentionWithoutHeads,
                    arguments.Heads.IsExplicit ? arguments.Heads.Location : attributeLocation, what,
                    dim is { } d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "its channel count"));
            else if (dim is { } channels && channels % arguments.Heads.Value != 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeadsDoNotDivideDim, arguments.Heads.Location,
                    what, channels, arguments.Heads.Value));

            NotForMixer("Alpha", arguments.Alpha.IsExplicit, arguments.Alpha.Location, kind, where,
                "only HiLo splits its heads", diagnostics);
            if (kind == MixerKind.Window)
            {
                var ws = arguments.WindowSize;
                if (ws.Value < 1)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowSizeTooSmall, ws.Location, ws.Value, Lower(what)));
                else if (side is { } mapSide && mapSide % ws.Value != 0)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MixerDoesNotTileFeatureMap, ws.Location,
                        what, mapSide, "window size", ws.Value));
            }
            else
            {
                NotForMixer("WindowSize", arguments.WindowSize.IsExplicit, arguments.WindowSize.Location, kind, where,
                    "only HiLo and Window use windows", diagnostics);
            }

            if (kind == MixerKind.Sra)
            {
                var ratio = arguments.ReductionRatio;
                if (ratio.Value < 1)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReductionRatioTooSmall, ratio.Location,
                        ratio.Value, Lower(what)));
                else if (side is { } mapSide && mapSide % ratio.Value != 0)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MixerDoesNotTileFeatureMap, ratio.Location,
                        what, mapSide, "reduction ratio", ratio.Value));
            }
            else
            {
                NotForMixer("ReductionRatio", arguments.ReductionRatio.IsExplicit, arguments.ReductionRatio.Location, kind,
                    where, "only SRA reduces its keys", diagnostics);
            }

            if (kind != MixerKind.KeyOnly)
                NotForMixer("U1", arguments.U1.IsExplicit, arguments.U1.Location, kind, where,
                    "only key-only attention has U1", diagnostics);
            else if (arguments.U1.Value is not ((int)U1FormKind.PerHead or (int)U1FormKind.Full))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownU1Form, arguments.U1.Location, arguments.U1.Value));
        }

        private static void NotForMixer(string argument, bool isExplicit, LocationInfo? location, MixerKind kind, string where,
            string reason, List<DiagnosticInfo> diagnostics)
        {
            if (isExplicit)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentNotForMixer, location, argument, kind,
                    where, reason));
        }

        /// <summary>The builder arguments and figures of a mixer that <see cref="CheckMixer"/> accepted.</summary>
        private static ResolvedMixer ResolveMixer(MixerArguments arguments, bool qkvBias, int side, int dim)
        {
            var kind = (MixerKind)arguments.Mixer.Value;
            var heads = arguments.Heads.Value;
            var (loFi, ws, ratio) = kind switch
            {
                MixerKind.HiLo => (ReferenceCost.LoFiHeads(heads, arguments.Alpha.Value, arguments.WindowSize.Value),
                    arguments.WindowSize.Value, 0),
                MixerKind.Window => (0, arguments.WindowSize.Value, 0),
                MixerKind.Sra => (0, 0, arguments.ReductionRatio.Value),
                _ => (0, 0, 0),
            };
            var fullU1 = kind == MixerKind.KeyOnly && arguments.U1.Value == (int)U1FormKind.Full;
            return new ResolvedMixer(kind, heads, loFi, ws, ratio, fullU1, qkvBias,
                MixerCost.Parameters(kind, dim, heads, loFi, ratio, qkvBias, fullU1),
                MixerCost.Flops(kind, side, dim, heads, loFi, ws, ratio, fullU1));
        }

        // ---- [AttentionLayer] ----------------------------------------------------------------------------------

        private static ModelPlan? PlanMixerLayer(ModelSpec spec, LayerSpec layer, int side, int dim, List<DiagnosticInfo> diagnostics)
        {
            var errorsBefore = diagnostics.Count;
            var arguments = MixerArguments.Of(layer);
            CheckMixer("the single layer", dim, side, arguments, padToWindow: false, layer.AttributeLocation, diagnostics);
            if (spec.PadToWindow.IsExplicit)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, spec.PadToWindow.Location,
                    "PadToWindow does not apply to an [AttentionLayer] model; choose a window size that divides Tokens"));
            if (diagnostics.Count > errorsBefore) return null;

            var mixer = ResolveMixer(arguments, layer.QkvBias.Value, side, dim);
            var tokens = Shape(side * side, dim);
            var layers = new List<LayerPlan>
            {
                new(LayerKind.TokenInput, "input", tokens, 0, 0, Height: side, Width: side, Channels: dim),
                mixer.Place(new LayerPlan(LayerKind.MixerLayer, "attn", tokens, mixer.Parameters, mixer.Flops,
                    Height: side, Width: side, Channels: dim)),
            };
            return Finish(spec, tokens, tokens, [], layers);
        }

        // ---- LinGlo backbones ----------------------------------------------------------------------------------

        /// <summary>Stage 1's down-sampling is 7×7 stride 4 padding 3, the others 3×3 stride 2 padding 1 (LinGlo § 3.4).</summary>
        private static (int Kernel, int Stride, int Padding) LinGloDownsampling(int stageIndex) =>
            stageIndex == 1 ? (7, 4, 3) : (3, 2, 1);

        private static int ConvOutput(int side, (int Kernel, int Stride, int Padding) conv) =>
            (side + 2 * conv.Padding - conv.Kernel) / conv.Stride + 1;

        private static ModelPlan? AnalyzeLinGlo(ModelSpec spec, List<DiagnosticInfo> diagnostics)
        {
            var errorsBefore = diagnostics.Count;
            RequirePositive("ImageSize", spec.ImageSize, diagnostics);
            RequirePositive("InChannels", spec.InChannels, diagnostics);
            RequirePositive("Classes", spec.Classes, diagnostics);
            RefuseWritten(diagnostics, "a LinGlo model", "each [LinGloStage] sets its channels and MLP ratio, convolutions down-sample",
                ("PatchSize", spec.PatchSize.Location, spec.PatchSize.IsExplicit),
                ("EmbedDim", spec.EmbedDim.Location, spec.EmbedDim.IsExplicit),
                ("MlpRatio", spec.MlpRatio.Location, spec.MlpRatio.IsExplicit),
                ("PadToWindow", spec.PadToWindow.Location, spec.PadToWindow.IsExplicit));
            foreach (var stage in spec.Stages.Where(s => s.Kind != StageKind.LinGlo))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, stage.AttributeLocation,
                    $"[{AttributeName(stage.Kind)}] cannot be combined with [LinGloStage]: a LinGlo model's stages are all [LinGloStage]"));
            if (diagnostics.Count > errorsBefore) return null;

            var stages = CheckStageList(spec, diagnostics);
            if (stages.Count == 0 || diagnostics.Count > errorsBefore) return null;

            var side = spec.ImageSize.Value;
            foreach (var stage in stages)
            {
                side = ConvOutput(side, LinGloDownsampling(stage.Index.Value));
                var where = $"stage {stage.Index.Value}";
                CheckDepth(stage, diagnostics);
                RequirePositive("Channels", stage.Channels, diagnostics);
                RequirePositive("CpeBranches", stage.CpeBranches, diagnostics);
                if (stage.Channels.Value < 1) continue;
                var hidden = stage.Channels.Value * stage.MlpRatio.Value;
                if (!(hidden >= 1) || hidden != Math.Floor(hidden) || hidden > int.MaxValue)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMlpRatio, stage.MlpRatio.Location,
                        Format(stage.MlpRatio.Value), Format(hidden), stage.Channels.Value));
                CheckMixer(where, stage.Channels.Value, side, MixerArguments.Of(stage), padToWindow: false,
                    stage.AttributeLocation, diagnostics);
            }
            if (diagnostics.Count > errorsBefore) return null;
            return PlanLinGlo(spec, stages);
        }

        private static ModelPlan PlanLinGlo(ModelSpec spec, List<StageSpec> stages)
        {
            var (imageSize, inChannels) = (spec.ImageSize.Value, spec.InChannels.Value);
            var layers = new List<LayerPlan>
            {
                new(LayerKind.ImageInput, "input", Shape(inChannels, imageSize, imageSize), 0, 0,
                    Height: imageSize, Width: imageSize, Channels: inChannels),
            };
            var stagePlans = new List<StagePlan>();
            var (side, channels) = (imageSize, inChannels);
            foreach (var stage in stages)
            {
                var i = stage.Index.Value - 1;
                var conv = LinGloDownsampling(stage.Index.Value);
                var (inSide, dim) = (side, stage.Channels.Value);
                side = ConvOutput(side, conv);
                var tokens = Shape(side * side, dim);
                layers.Add(new LayerPlan(LayerKind.ConvDownsample, $"downsamples.{i}", tokens,
                    MixerCost.ConvDownsampleParameters(conv.Kernel, channels, dim),
                    MixerCost.ConvDownsampleFlops(conv.Kernel, channels, dim, conv.Stride, conv.Padding, inSide),
                    Height: inSide, Width: inSide, Channels: dim, Kernel: conv.Kernel, Stride: conv.Stride, Padding: conv.Padding));

                var hidden = (int)(dim * stage.MlpRatio.Value);
                var mixer = ResolveMixer(MixerArguments.Of(stage), spec.QkvBias.Value, side, dim);
                for (var block = 0; block < stage.Depth.Value; block++)
                {
                    layers.Add(mixer.Place(new LayerPlan(LayerKind.LinGloBlock, $"stages.{i}.blocks.{block}", tokens,
                        MixerCost.LinGloBlockParameters(dim, hidden, mixer.Parameters),
                        MixerCost.LinGloBlockFlops(side, dim, hidden, mixer.Flops),
                        Height: side, Width: side, HiddenDim: hidden, CpeBranches: stage.CpeBranches.Value)));
                }
                stagePlans.Add(new StagePlan(stage.Index.Value, "LinGlo", stage.Depth.Value, side, side, dim));
                channels = dim;
            }
            var classes = spec.Classes.Value;
            layers.Add(new LayerPlan(LayerKind.Head, "head", Shape(classes),
                ReferenceCost.HeadParameters(channels, classes), (long)channels * side * side + (long)channels * classes,
                Classes: classes, ReferenceNormTokens: side * side));
            return Finish(spec, Shape(inChannels, imageSize, imageSize), Shape(classes), stagePlans, layers);
        }
    }
}
