using System;

namespace LitDsl;

/// <summary>
/// Declares a vision model on a <c>partial</c> class. At build time the LitDsl generator checks the declaration
/// (errors are LITnnnn diagnostics on the argument at fault), computes every layer's shape, parameters and FLOPs, and
/// adds to the class the constants <c>Parameters</c> and <c>Flops</c>, a per-layer table and <c>Build(GraphBuilder)</c>.
/// </summary>
/// <remarks>
/// A backbone declares its stages with <see cref="ConvFfnStageAttribute"/> and <see cref="HiLoStageAttribute"/>,
/// numbered from 1 in input order; a single-layer model declares one <see cref="HiLoLayerAttribute"/> instead.
/// <code>
/// [LitModel("litv2-s", EmbedDim = 96)]
/// [ConvFfnStage(1, Depth = 2)]
/// [ConvFfnStage(2, Depth = 2)]
/// [HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 2, Alpha = 0.9)]
/// [HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.9)]
/// public partial class LitV2Small;
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LitModelAttribute : Attribute
{
    /// <param name="name">The model's kebab-case name (<c>litv2-s</c>), unique in the compilation.</param>
    public LitModelAttribute(string name) => Name = name;

    /// <summary>The model's kebab-case name, used by the CLI and the reports.</summary>
    public string Name { get; }

    /// <summary>Side of the square input image in pixels. Default 224.</summary>
    public int ImageSize { get; set; } = 224;

    /// <summary>Channels of the input image. Default 3.</summary>
    public int InChannels { get; set; } = 3;

    /// <summary>Classes of the classifier head. Default 1000 (ImageNet-1k).</summary>
    public int Classes { get; set; } = 1000;

    /// <summary>Side of the square patches the stem cuts the image into. Default 4.</summary>
    public int PatchSize { get; set; } = 4;

    /// <summary>Channels of the first stage; each downsampling between stages doubles them. Default 96.</summary>
    public int EmbedDim { get; set; } = 96;

    /// <summary>Hidden width of every feed-forward network, as a multiple of its input width. Default 4.</summary>
    public double MlpRatio { get; set; } = 4.0;

    /// <summary>Whether the query/key/value projections have a bias. Default true (the reference configs).</summary>
    public bool QkvBias { get; set; } = true;

    /// <summary>
    /// Pads feature maps that a HiLo window size does not divide, as the reference detection and segmentation code
    /// does (and counts FLOPs on the padded map, its convention). Off by default: such a map is an error (LIT0005).
    /// </summary>
    public bool PadToWindow { get; set; }
}
