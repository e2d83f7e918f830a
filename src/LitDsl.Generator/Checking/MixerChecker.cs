using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LitDsl.Architecture;
using LitDsl.Generator.Declarations;
using LitDsl.Generator.Model;

namespace LitDsl.Generator.Checking;

/// <summary>
/// Checks one mixer against <see cref="MixerRules"/>, the same way wherever it is declared ([HiLoStage],
/// [AttentionStage], [LinGloStage], [HiLoLayer], [AttentionLayer]): a known kind, heads that divide the channels, only
/// the arguments the kind takes, each in range, and windows or reductions that tile the map it works on.
/// </summary>
internal static class MixerChecker
{
    private static readonly MixerArgument[] Arguments =
        [MixerArgument.WindowSize, MixerArgument.Alpha, MixerArgument.ReductionRatio, MixerArgument.U1];

    /// <param name="where">The stage or layer for messages: <c>stage 3</c>, <c>the single layer</c>.</param>
    /// <param name="dim">The channels the mixer works on, or null when another error leaves them unknown.</param>
    /// <param name="height">The map's height, or null when unknown (then the tiling rules are skipped).</param>
    /// <param name="width">The map's width, or null when unknown.</param>
    public static void Check(string where, int? dim, int? height, int? width, MixerDeclaration mixer, bool padToWindow,
        LocationInfo? attributeLocation, List<DiagnosticInfo> diagnostics)
    {
        if (!MixerRules.IsDefined(mixer.Kind.Value))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownMixer, mixer.Kind.Location, mixer.Kind.Value));
            return;
        }
        var kind = mixer.Mixer;
        var what = $"The {kind} mixer of {where}";

        var heads = mixer.Heads;
        if (heads.Value < 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AttentionWithoutHeads,
                heads.IsExplicit ? heads.Location : attributeLocation, what,
                dim is { } d ? d.ToString(CultureInfo.InvariantCulture) : "its channel count"));
        else if (dim is { } channels && channels % heads.Value != 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeadsDoNotDivideDim, heads.Location, what, channels, heads.Value));

        foreach (var argument in Arguments)
        {
            var (isExplicit, location) = WrittenAt(mixer, argument);
            if (isExplicit && !MixerRules.Takes(kind, argument))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentNotForMixer, location, argument, kind, where,
                    OnlyTakers(argument)));
        }

        if (MixerRules.Takes(kind, MixerArgument.Alpha) && !(mixer.Alpha.Value >= 0 && mixer.Alpha.Value <= 1))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AlphaOutOfRange, mixer.Alpha.Location,
                mixer.Alpha.Value.ToString("R", CultureInfo.InvariantCulture), Lower(what)));

        if (MixerRules.Takes(kind, MixerArgument.WindowSize))
        {
            var ws = mixer.WindowSize;
            if (ws.Value < 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowSizeTooSmall, ws.Location, ws.Value, Lower(what)));
            else if (ws.Value > SizeLimits.WindowSize)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AboveUpperBound, ws.Location, "WindowSize", ws.Value,
                    SizeLimits.WindowSize, "a window side; maps are padded by up to a window"));
            else if (height is { } h && width is { } w && (h % ws.Value != 0 || w % ws.Value != 0) && !padToWindow)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowDoesNotDivideFeatureMap, ws.Location, what, h, w, ws.Value));
        }

        if (MixerRules.Takes(kind, MixerArgument.ReductionRatio))
        {
            var ratio = mixer.ReductionRatio;
            if (ratio.Value < 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReductionRatioTooSmall, ratio.Location, ratio.Value, Lower(what)));
            else if (ratio.Value > SizeLimits.ReductionRatio)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AboveUpperBound, ratio.Location, "ReductionRatio", ratio.Value,
                    SizeLimits.ReductionRatio, "a convolution side"));
            else if (height is { } h && width is { } w && (h % ratio.Value != 0 || w % ratio.Value != 0))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReductionDoesNotTileFeatureMap, ratio.Location, what, h, w, ratio.Value));
        }

        if (MixerRules.Takes(kind, MixerArgument.U1) && mixer.U1.Value is not ((int)U1Form.PerHead or (int)U1Form.Full))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownU1Form, mixer.U1.Location, mixer.U1.Value));
    }

    private static (bool IsExplicit, LocationInfo? Location) WrittenAt(MixerDeclaration mixer, MixerArgument argument) => argument switch
    {
        MixerArgument.WindowSize => (mixer.WindowSize.IsExplicit, mixer.WindowSize.Location),
        MixerArgument.Alpha => (mixer.Alpha.IsExplicit, mixer.Alpha.Location),
        MixerArgument.ReductionRatio => (mixer.ReductionRatio.IsExplicit, mixer.ReductionRatio.Location),
        _ => (mixer.U1.IsExplicit, mixer.U1.Location),
    };

    /// <summary>Why an argument does not apply, for messages: <c>only HiLo and Window take it</c>.</summary>
    private static string OnlyTakers(MixerArgument argument)
    {
        var takers = Enumerable.Range(0, 32).Where(MixerRules.IsDefined).Select(v => (Mixer)v)
            .Where(m => MixerRules.Takes(m, argument)).Select(m => m.ToString()).ToList();
        return takers.Count == 1
            ? $"only {takers[0]} takes it"
            : $"only {string.Join(", ", takers.Take(takers.Count - 1))} and {takers[takers.Count - 1]} take it";
    }

    public static string Lower(string text) => text.StartsWith("The ", System.StringComparison.Ordinal) ? "the " + text.Substring(4) : text;
}
