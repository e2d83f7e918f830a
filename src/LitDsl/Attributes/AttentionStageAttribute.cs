using System;
using LitDsl.Architecture;

namespace LitDsl;

/// <summary>
/// A LITv2 stage of transformer blocks — x + mixer(norm1(x)), then x + DWMlp(norm2(x)) — whose token mixer is any
/// <see cref="LitDsl.Mixer"/>: LITv2 with its HiLo swapped for MSA, SRA, local windows or key-only attention.
/// Numbered, sized and followed by a DTM exactly like <see cref="HiLoStageAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AttentionStageAttribute : Attribute
{
    /// <param name="index">The stage's position, from 1 at the input.</param>
    public AttentionStageAttribute(int index) => Index = index;

    /// <summary>The stage's position, from 1 at the input.</summary>
    public int Index { get; }

    /// <summary>The attention mechanism. Default <see cref="Mixer.Msa"/>.</summary>
    public Mixer Mixer { get; set; } = AttributeDefaults.AttentionMixer;

    /// <summary>Number of blocks. Default 2.</summary>
    public int Depth { get; set; } = AttributeDefaults.Depth;

    /// <summary>Attention heads; must divide the stage's channels. Required.</summary>
    public int Heads { get; set; }

    /// <summary>HiLo: window and pooling side (default 2). Window: attention window side (default 7).</summary>
    public int WindowSize { get; set; }

    /// <summary>HiLo only: share of the heads given to Lo-Fi, in [0, 1]. Default 0.9.</summary>
    public double Alpha { get; set; } = AttributeDefaults.Alpha;

    /// <summary>SRA only: side of the strided convolution that shrinks the keys' map (1: none). Default 2.</summary>
    public int ReductionRatio { get; set; }

    /// <summary>KeyOnly only: U1 per head (default) or over all channels; see <see cref="U1Form"/>.</summary>
    public U1Form U1 { get; set; } = U1Form.PerHead;
}
