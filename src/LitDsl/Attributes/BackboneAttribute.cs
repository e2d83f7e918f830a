using System;
using LitDsl.Architecture;

namespace LitDsl;

/// <summary>
/// Makes a LITv2 or LinGlo model a dense-prediction backbone, as the reference detection and segmentation code uses
/// LITv2: no classifier (no final norm, no head); one NCHW feature map per output stage, each through its own LayerNorm
/// <c>norm{i}</c> as <see cref="Norms"/> says; any input height and width. The exported graph has a symbolic batch,
/// height and width: the patch embedding pads an image the patch does not divide at the right and the bottom, each
/// DTM floors an odd side, and every windowed mixer pads its map to whole windows and crops back, as the reference
/// detection backbone computes them. Parameters are exact at compile time; FLOPs are given at the reference size
/// <see cref="Height"/>×<see cref="Width"/> (the report's figure) and, for any size, by the generated
/// <c>FlopsAt(height, width)</c>.
/// <code>
/// [LitModel("litv2-s-backbone", EmbedDim = 96)]
/// [Backbone(Height = 1280, Width = 800)]
/// [ConvFfnStage(1, Depth = 2)] …
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BackboneAttribute : Attribute
{
    /// <summary>
    /// The stages whose feature maps the backbone outputs, by 0-based index as the reference's <c>out_indices</c>
    /// (0 is the stage declared <c>[…Stage(1)]</c>), in stage order whatever the order written. Default: every stage.
    /// Output i is named <c>out{i}</c> and its norm <c>norm{i}</c>.
    /// </summary>
    public int[]? OutIndices { get; set; }

    /// <summary>Height in pixels of the reference input, at which the report counts FLOPs and the graph is traced. Default 224.</summary>
    public int Height { get; set; } = AttributeDefaults.ImageSize;

    /// <summary>Width in pixels of the reference input. Default 224.</summary>
    public int Width { get; set; } = AttributeDefaults.ImageSize;

    /// <summary>Which outputs pass through their LayerNorm. Default <see cref="OutputNorms.ExceptFirstStage"/>, the reference detection backbone's.</summary>
    public OutputNorms Norms { get; set; } = OutputNorms.ExceptFirstStage;
}
