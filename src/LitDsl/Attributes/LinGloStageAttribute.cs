using System;
using LitDsl.Architecture;

namespace LitDsl;

/// <summary>
/// A stage of the LinGlo family ("Rethinking Query-Key Pairwise Interactions in Vision Transformers", Li and Liu):
/// a convolutional down-sampling layer (7×7 stride 4 padding 3 for stage 1, 3×3 stride 2 padding 1 after) with a
/// LayerNorm, then <c>Depth</c> encoder blocks x + mixer(norm1(x)), x + FFN(norm2(x)), whose FFN carries an RP-CPE:
/// <c>CpeBranches</c> parallel 3×3 depthwise conv + BatchNorm branches and a skip connection at training time,
/// re-parameterised into one 3×3 depthwise convolution in the exported graph. A model of LinGlo stages takes no
/// PatchSize, EmbedDim or MlpRatio on <see cref="LitModelAttribute"/>: each stage sets its own.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LinGloStageAttribute : Attribute
{
    /// <param name="index">The stage's position, from 1 at the input.</param>
    public LinGloStageAttribute(int index) => Index = index;

    /// <summary>The stage's position, from 1 at the input.</summary>
    public int Index { get; }

    /// <summary>Channels of the stage (the down-sampling convolution's output). Required.</summary>
    public int Channels { get; set; }

    /// <summary>Number of encoder blocks. Default 2.</summary>
    public int Depth { get; set; } = AttributeDefaults.Depth;

    /// <summary>Attention heads; must divide <see cref="Channels"/>. Required.</summary>
    public int Heads { get; set; }

    /// <summary>Hidden width of the FFN as a multiple of <see cref="Channels"/>. Default 4.</summary>
    public double MlpRatio { get; set; } = AttributeDefaults.MlpRatio;

    /// <summary>Training-time 3×3 depthwise branches of the RP-CPE (the paper uses four). Default 4.</summary>
    public int CpeBranches { get; set; } = AttributeDefaults.CpeBranches;

    /// <summary>The attention mechanism. Default <see cref="Mixer.KeyOnly"/> (the paper's).</summary>
    public Mixer Mixer { get; set; } = AttributeDefaults.LinGloMixer;

    /// <summary>HiLo: window and pooling side (default 2). Window: attention window side (default 7).</summary>
    public int WindowSize { get; set; }

    /// <summary>HiLo only: share of the heads given to Lo-Fi, in [0, 1]. Default 0.9.</summary>
    public double Alpha { get; set; } = AttributeDefaults.Alpha;

    /// <summary>SRA only: side of the strided convolution that shrinks the keys' map (1: none). Default 2.</summary>
    public int ReductionRatio { get; set; }

    /// <summary>KeyOnly only: U1 per head (default) or over all channels; see <see cref="U1Form"/>.</summary>
    public U1Form U1 { get; set; } = U1Form.PerHead;
}
