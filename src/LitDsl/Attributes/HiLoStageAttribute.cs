using System;
using LitDsl.Architecture;

namespace LitDsl;

/// <summary>
/// A stage of transformer blocks whose attention is HiLo: <c>Alpha</c> of the heads attend globally to average-pooled
/// keys and values (Lo-Fi), the rest attend inside non-overlapping <c>WindowSize</c>×<c>WindowSize</c> windows
/// (Hi-Fi). A window size of 1 makes it plain multi-head self-attention, as in the reference. The shorthand for
/// <c>[AttentionStage(i, Mixer = Mixer.HiLo, …)]</c>: the same blocks, names, figures and rules.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class HiLoStageAttribute : Attribute
{
    /// <param name="index">The stage's position, from 1 at the input.</param>
    public HiLoStageAttribute(int index) => Index = index;

    /// <summary>The stage's position, from 1 at the input.</summary>
    public int Index { get; }

    /// <summary>Number of blocks. Default 2.</summary>
    public int Depth { get; set; } = AttributeDefaults.Depth;

    /// <summary>Attention heads; must divide the stage's channels. Required.</summary>
    public int Heads { get; set; }

    /// <summary>Side of the Hi-Fi windows and of the Lo-Fi pooling. Default 2.</summary>
    public int WindowSize { get; set; } = AttributeDefaults.HiLoWindowSize;

    /// <summary>Share of the heads given to Lo-Fi, in [0, 1]; Lo-Fi gets ⌊Heads × Alpha⌋ heads. Default 0.9.</summary>
    public double Alpha { get; set; } = AttributeDefaults.Alpha;
}
