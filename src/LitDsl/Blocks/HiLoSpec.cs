using System;

namespace LitDsl.Blocks;

/// <summary>
/// The hyper-parameters of one HiLo attention.
/// </summary>
/// <param name="Heads">All attention heads; the channel count must be a multiple of it.</param>
/// <param name="LoFiHeads">Heads of the Lo-Fi branch, already resolved as the reference does: every head when
/// <paramref name="WindowSize"/> is 1 (plain global attention), else ⌊Heads·α⌋.</param>
/// <param name="WindowSize">The window size s: Hi-Fi attends within s×s windows, Lo-Fi pools keys and values by s.</param>
/// <param name="QkvBias">Whether the q/kv/qkv projections have biases (the output projections always do).</param>
/// <param name="PadToWindow">Zero-pad a feature map whose sides are not multiples of s (bottom and right), as the
/// reference detection code does; without it such a map is an error.</param>
public readonly record struct HiLoSpec(int Heads, int LoFiHeads, int WindowSize, bool QkvBias, bool PadToWindow)
{
    /// <summary>Heads of the Hi-Fi (local window) branch.</summary>
    public int HiFiHeads => Heads - LoFiHeads;

    /// <summary>Channels per head for a <paramref name="dim"/>-channel input.</summary>
    public int HeadDim(int dim) => dim / Heads;

    /// <summary>Throws when the spec cannot describe a reference HiLo over <paramref name="dim"/> channels.</summary>
    internal void Validate(int dim)
    {
        if (Heads < 1 || dim % Heads != 0)
            throw new InvalidOperationException($"HiLo: {dim} channels are not divisible by {Heads} heads.");
        if (LoFiHeads < 0 || LoFiHeads > Heads)
            throw new InvalidOperationException($"HiLo: {LoFiHeads} Lo-Fi heads out of {Heads}.");
        if (WindowSize < 1)
            throw new InvalidOperationException($"HiLo: window size {WindowSize}.");
        if (WindowSize == 1 && LoFiHeads != Heads)
            throw new InvalidOperationException("HiLo: window size 1 is global attention; every head must be Lo-Fi.");
    }
}
