using System;
using LitDsl.Blocks;

namespace LitDsl.Architecture;

/// <summary>Parameters and FLOPs of any <see cref="Mixer"/> from its <see cref="MixerSpec"/>: one switch for every caller.</summary>
internal static class MixerCost
{
    /// <summary>Parameters of the mixer over <paramref name="dim"/> channels.</summary>
    public static long Parameters(MixerSpec mixer, int dim) => mixer.Kind switch
    {
        Mixer.HiLo => HiLoCost.Parameters(mixer, dim),
        Mixer.Msa => MsaCost.Parameters(mixer, dim),
        Mixer.Sra => SraCost.Parameters(mixer, dim),
        Mixer.Window => WindowCost.Parameters(mixer, dim),
        Mixer.KeyOnly => KeyOnlyCost.Parameters(mixer, dim),
        _ => throw new ArgumentOutOfRangeException(nameof(mixer), mixer.Kind, "Unknown mixer."),
    };

    /// <summary>FLOPs of the mixer over an H×W map of <paramref name="dim"/> channels, in the reference convention.</summary>
    public static long Flops(MixerSpec mixer, int height, int width, int dim) => mixer.Kind switch
    {
        Mixer.HiLo => HiLoCost.Flops(mixer, height, width, dim),
        Mixer.Msa => MsaCost.Flops(height, width, dim),
        Mixer.Sra => SraCost.Flops(mixer, height, width, dim),
        Mixer.Window => WindowCost.Flops(mixer, height, width, dim),
        Mixer.KeyOnly => KeyOnlyCost.Flops(mixer, height, width, dim),
        _ => throw new ArgumentOutOfRangeException(nameof(mixer), mixer.Kind, "Unknown mixer."),
    };
}
