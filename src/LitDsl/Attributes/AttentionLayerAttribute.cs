using System;
using LitDsl.Architecture;

namespace LitDsl;

/// <summary>
/// Makes the model a single attention layer of any <see cref="LitDsl.Mixer"/> over a <c>Tokens</c>×<c>Tokens</c> grid
/// of <c>Dim</c>-wide tokens (input and output: batch × tokens² × dim), as in the HiLo paper's single-layer benchmark.
/// Excludes stages and the image-related settings of <see cref="LitModelAttribute"/>. Settings that the chosen mixer
/// does not use (Alpha for MSA, ReductionRatio for HiLo, …) are errors when written.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AttentionLayerAttribute : Attribute
{
    /// <summary>The attention mechanism. Default <see cref="Mixer.Msa"/>.</summary>
    public Mixer Mixer { get; set; } = AttributeDefaults.AttentionMixer;

    /// <summary>Side of the square token grid. Default 14.</summary>
    public int Tokens { get; set; } = AttributeDefaults.Tokens;

    /// <summary>Width of each token. Required.</summary>
    public int Dim { get; set; }

    /// <summary>Attention heads; must divide <see cref="Dim"/>. Required.</summary>
    public int Heads { get; set; }

    /// <summary>HiLo: side of the Hi-Fi windows and of the Lo-Fi pooling (default 2). Window: side of the attention
    /// windows (default 7).</summary>
    public int WindowSize { get; set; }

    /// <summary>HiLo only: share of the heads given to Lo-Fi, in [0, 1]. Default 0.9.</summary>
    public double Alpha { get; set; } = AttributeDefaults.Alpha;

    /// <summary>SRA only: side of the strided convolution that shrinks the keys' map. Default 2.</summary>
    public int ReductionRatio { get; set; }

    /// <summary>KeyOnly only: U1 per head (default) or over all channels; see <see cref="U1Form"/>.</summary>
    public U1Form U1 { get; set; } = U1Form.PerHead;

    /// <summary>Whether the query/key/value projections have a bias. Default true (the benchmark's setting).</summary>
    public bool QkvBias { get; set; } = AttributeDefaults.QkvBias;
}
