using System;
using LitDsl.Architecture;

namespace LitDsl;

/// <summary>
/// A stage of ConvFFN blocks (LITv2's early stages): no attention, each block a pre-norm feed-forward network with a
/// 3×3 depthwise convolution between its two linear layers. Every stage but the last is followed by a deformable
/// token-merging layer (DTM) that halves the resolution and doubles the channels.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConvFfnStageAttribute : Attribute
{
    /// <param name="index">The stage's position, from 1 at the input.</param>
    public ConvFfnStageAttribute(int index) => Index = index;

    /// <summary>The stage's position, from 1 at the input.</summary>
    public int Index { get; }

    /// <summary>Number of blocks. Default 2.</summary>
    public int Depth { get; set; } = AttributeDefaults.Depth;
}
