using System;

namespace LitDsl.Blocks;

/// <summary>
/// The hyper-parameters of one token mixer, already resolved by the generator (<c>MixerRules.Resolve</c>): the arguments
/// the kind does not take are 0.
/// </summary>
/// <param name="Kind">The attention mechanism.</param>
/// <param name="Heads">Attention heads; the channel count must be a multiple of it.</param>
/// <param name="LoFiHeads">HiLo only: heads of the Lo-Fi branch, resolved as the reference does: every head when the
/// window size is 1 (plain global attention), else ⌊Heads·α⌋; 0 for the other mixers.</param>
/// <param name="WindowSize">HiLo: side of the Hi-Fi windows and of the Lo-Fi pooling; Window: side of the attention
/// windows; else 0.</param>
/// <param name="ReductionRatio">SRA only: side and stride of the convolution that shrinks the keys' map; else 0.</param>
/// <param name="QkvBias">Whether the query/key/value projections have biases (output projections always do).</param>
/// <param name="U1">KeyOnly only: U1 per head or over all channels.</param>
/// <param name="PadToWindow">A windowed mixer (HiLo, Window) zero-pads the bottom and right of a map whose sides are
/// not multiples of the window size, and crops its output back, as the reference detection code (HiLo) and Swin
/// (local windows) do; without it such a map is an error.</param>
#if LITDSL_GENERATOR
internal
#else
public
#endif
readonly record struct MixerSpec(Mixer Kind, int Heads, int LoFiHeads, int WindowSize, int ReductionRatio, bool QkvBias,
    U1Form U1 = U1Form.PerHead, bool PadToWindow = false)
{
    /// <summary>HiLo: heads of the Hi-Fi (local window) branch.</summary>
    public int HiFiHeads => Heads - LoFiHeads;

    /// <summary>Channels per head for a <paramref name="dim"/>-channel input.</summary>
    public int HeadDim(int dim) => dim / Heads;

    /// <summary>
    /// Throws when the spec cannot describe this mixer over an H×W map of <paramref name="dim"/> channels. A map whose
    /// size is not <paramref name="fixedSize"/> (a backbone's, computed when the graph runs) is taken at any size: a
    /// windowed mixer must pad it, and a reduction floors it as its convolution does.
    /// </summary>
    internal void Validate(int height, int width, int dim, bool fixedSize = true)
    {
        if (Heads < 1 || dim % Heads != 0)
            throw new InvalidOperationException($"{Kind}: {dim} channels are not divisible by {Heads} heads.");
        switch (Kind)
        {
            case Mixer.HiLo:
                if (LoFiHeads < 0 || LoFiHeads > Heads)
                    throw new InvalidOperationException($"HiLo: {LoFiHeads} Lo-Fi heads out of {Heads}.");
                if (WindowSize == 1 && LoFiHeads != Heads)
                    throw new InvalidOperationException("HiLo: window size 1 is global attention; every head must be Lo-Fi.");
                ValidateWindow(height, width, fixedSize);
                break;
            case Mixer.Window:
                ValidateWindow(height, width, fixedSize);
                break;
            case Mixer.Sra when ReductionRatio < 1 || (fixedSize && (height % ReductionRatio != 0 || width % ReductionRatio != 0)):
                throw new InvalidOperationException($"SRA: reduction ratio {ReductionRatio} does not divide the {height}×{width} map.");
            case Mixer.Msa or Mixer.Sra or Mixer.KeyOnly:
                break;
            default:
                throw new InvalidOperationException($"Unknown mixer {(int)Kind}.");
        }
    }

    private void ValidateWindow(int height, int width, bool fixedSize)
    {
        if (WindowSize < 1)
            throw new InvalidOperationException($"{Kind}: window size {WindowSize}.");
        if (!fixedSize && WindowSize > 1 && !PadToWindow)
            throw new InvalidOperationException($"{Kind}: a map of any size needs padding to window size {WindowSize}.");
        if ((height % WindowSize != 0 || width % WindowSize != 0) && !PadToWindow)
            throw new InvalidOperationException(
                $"{Kind}: the {height}×{width} map is not a multiple of window size {WindowSize}; enable padding to the window.");
    }
}
