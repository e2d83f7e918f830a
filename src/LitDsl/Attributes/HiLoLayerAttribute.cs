using System;
using LitDsl.Architecture;

namespace LitDsl;

/// <summary>
/// Makes the model a single HiLo attention layer over a <c>Tokens</c>×<c>Tokens</c> grid of <c>Dim</c>-wide tokens
/// (input and output: batch × tokens² × dim), as in the reference README's demo and the paper's single-layer
/// benchmark. Excludes stages and the image-related settings of <see cref="LitModelAttribute"/>. The shorthand for
/// <c>[AttentionLayer(Mixer = Mixer.HiLo, QkvBias = false, …)]</c>: the same layer, names, figures and rules.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class HiLoLayerAttribute : Attribute
{
    /// <summary>Side of the square token grid. Default 14.</summary>
    public int Tokens { get; set; } = AttributeDefaults.Tokens;

    /// <summary>Width of each token. Required.</summary>
    public int Dim { get; set; }

    /// <summary>Attention heads; must divide <see cref="Dim"/>. Required.</summary>
    public int Heads { get; set; }

    /// <summary>Side of the Hi-Fi windows and of the Lo-Fi pooling. Default 2.</summary>
    public int WindowSize { get; set; } = AttributeDefaults.HiLoWindowSize;

    /// <summary>Share of the heads given to Lo-Fi, in [0, 1]. Default 0.9.</summary>
    public double Alpha { get; set; } = AttributeDefaults.Alpha;

    /// <summary>Whether the query/key/value projections have a bias. Default false (the reference HiLo default).</summary>
    public bool QkvBias { get; set; } = AttributeDefaults.HiLoLayerQkvBias;
}
