using System;
using LitDsl.Architecture;

namespace LitDsl;

/// <summary>
/// Declares a vision model on a <c>partial</c> class. At build time the LitDsl generator checks the declaration
/// (errors are LITnnnn diagnostics on the argument at fault), computes every layer's shape, parameters and FLOPs, and
/// adds to the class the constants <c>Parameters</c> and <c>Flops</c>, a per-layer table and <c>Build(GraphBuilder)</c>.
/// </summary>
/// <remarks>
/// A LITv2 model declares its stages with <see cref="ConvFfnStageAttribute"/>, <see cref="AttentionStageAttribute"/>
/// (any <see cref="Mixer"/>) or its HiLo shorthand <see cref="HiLoStageAttribute"/>, numbered from 1 in input order; a
/// LinGlo model declares <see cref="LinGloStageAttribute"/>s; a single-layer model declares one
/// <see cref="AttentionLayerAttribute"/> or its HiLo shorthand <see cref="HiLoLayerAttribute"/> instead. Every size has
/// an upper bound (LIT0022, listed in docs/diagnostics.md). A class whose declaration has errors still gets the
/// generated members, as stubs whose <c>Build</c> throws, so the build reports the LIT errors and nothing else.
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
    public int ImageSize { get; set; } = AttributeDefaults.ImageSize;

    /// <summary>Channels of the input image. Default 3.</summary>
    public int InChannels { get; set; } = AttributeDefaults.InChannels;

    /// <summary>Classes of the classifier head. Default 1000 (ImageNet-1k).</summary>
    public int Classes { get; set; } = AttributeDefaults.Classes;

    /// <summary>Side of the square patches the stem cuts the image into. Default 4.</summary>
    public int PatchSize { get; set; } = AttributeDefaults.PatchSize;

    /// <summary>Channels of the first stage; each downsampling between stages doubles them. Default 96.</summary>
    public int EmbedDim { get; set; } = AttributeDefaults.EmbedDim;

    /// <summary>Hidden width of every feed-forward network, as a multiple of its input width. Default 4.</summary>
    public double MlpRatio { get; set; } = AttributeDefaults.MlpRatio;

    /// <summary>Whether the query/key/value projections have a bias. Default true (the reference configs).</summary>
    public bool QkvBias { get; set; } = AttributeDefaults.QkvBias;

    /// <summary>
    /// Pads feature maps that a window size does not divide, for every windowed mixer (HiLo, Window): the map is
    /// zero-padded at the bottom and right to whole windows and the output cropped back, as the reference detection and
    /// segmentation code (HiLo) and Swin (local windows) do; FLOPs are counted on the padded map, the reference's
    /// convention. Off by default: such a map is an error (LIT0005). On a model without a windowed mixer it is LIT0011.
    /// </summary>
    public bool PadToWindow { get; set; }
}
