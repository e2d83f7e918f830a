using LitDsl.Blocks;

namespace LitDsl.Architecture;

/// <summary>The mixer arguments of the attributes besides <c>Heads</c>, which every mixer takes.</summary>
internal enum MixerArgument
{
    WindowSize,
    Alpha,
    ReductionRatio,
    U1,
}

/// <summary>
/// What each <see cref="Mixer"/> takes from an attribute and how its arguments resolve into a <see cref="MixerSpec"/>:
/// the generator checks declarations against these rules, and the attributes' "mixer default" (0) means the value
/// given here. A new mixer states its arguments and defaults here.
/// </summary>
internal static class MixerRules
{
    /// <summary>Whether <paramref name="value"/> is one of <see cref="Mixer"/>'s members.</summary>
    public static bool IsDefined(int value) => value is >= (int)Mixer.HiLo and <= (int)Mixer.KeyOnly;

    /// <summary>Whether the mixer uses <paramref name="argument"/> (writing one it does not use is an error).</summary>
    public static bool Takes(Mixer mixer, MixerArgument argument) => argument switch
    {
        MixerArgument.WindowSize => mixer is Mixer.HiLo or Mixer.Window,
        MixerArgument.Alpha => mixer == Mixer.HiLo,
        MixerArgument.ReductionRatio => mixer == Mixer.Sra,
        MixerArgument.U1 => mixer == Mixer.KeyOnly,
        _ => false,
    };

    /// <summary>
    /// Whether the mixer attends inside WindowSize×WindowSize windows that must tile the map: a map they do not tile is
    /// an error unless the model pads to the window (<c>PadToWindow</c>), the same for every windowed mixer.
    /// </summary>
    public static bool IsWindowed(Mixer mixer) => Takes(mixer, MixerArgument.WindowSize);

    /// <summary>The window size a mixer uses when none is written: HiLo 2 (the reference's), Window 7 (Swin's), else 0.</summary>
    public static int DefaultWindowSize(Mixer mixer) => mixer switch
    {
        Mixer.HiLo => AttributeDefaults.HiLoWindowSize,
        Mixer.Window => AttributeDefaults.LocalWindowSize,
        _ => 0,
    };

    /// <summary>The reduction ratio a mixer uses when none is written: SRA 2 (PVT's stage-3 ratio), else 0.</summary>
    public static int DefaultReductionRatio(Mixer mixer) => mixer == Mixer.Sra ? AttributeDefaults.ReductionRatio : 0;

    /// <summary>
    /// HiLo's Lo-Fi heads as the reference resolves them: all heads when the window size is 1 (its plain-attention
    /// case), else ⌊heads·α⌋.
    /// </summary>
    public static int LoFiHeads(int heads, double alpha, int windowSize) => windowSize == 1 ? heads : (int)(heads * alpha);

    /// <summary>
    /// The builder arguments of a checked mixer over a <paramref name="height"/>×<paramref name="width"/> map: the
    /// arguments the kind does not take become 0, and a windowed mixer pads only when its window does not tile the map
    /// — or, on a map of <paramref name="anySize"/> (a backbone's), whenever its window is larger than 1.
    /// </summary>
    public static MixerSpec Resolve(Mixer kind, int heads, int windowSize, double alpha, int reductionRatio, U1Form u1,
        bool qkvBias, bool padToWindow, int height, int width, bool anySize = false)
    {
        var window = Takes(kind, MixerArgument.WindowSize) ? windowSize : 0;
        var loFiHeads = kind == Mixer.HiLo ? LoFiHeads(heads, alpha, window) : 0;
        var pads = window > 0 && padToWindow && (anySize ? window > 1 : height % window != 0 || width % window != 0);
        return new MixerSpec(kind, heads, loFiHeads, window,
            Takes(kind, MixerArgument.ReductionRatio) ? reductionRatio : 0, qkvBias,
            Takes(kind, MixerArgument.U1) ? u1 : U1Form.PerHead, pads);
    }
}
