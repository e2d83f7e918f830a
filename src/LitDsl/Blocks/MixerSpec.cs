using System;

namespace LitDsl.Blocks;

/// <summary>
/// The hyper-parameters of one token mixer, already resolved by the generator.
/// </summary>
/// <param name="Kind">The attention mechanism.</param>
/// <param name="Heads">Attention heads; the channel count must be a multiple of it.</param>
/// <param name="LoFiHeads">HiLo only: heads of the Lo-Fi branch (every head when the window size is 1); else 0.</param>
/// <param name="WindowSize">HiLo: window and pooling side; Window: attention window side; else 0.</param>
/// <param name="ReductionRatio">SRA only: side and stride of the convolution that shrinks the keys' map; else 0.</param>
/// <param name="QkvBias">Whether the query/key/value projections have biases (output projections always do).</param>
/// <param name="U1">KeyOnly only: U1 per head or over all channels.</param>
public readonly record struct MixerSpec(Mixer Kind, int Heads, int LoFiHeads, int WindowSize, int ReductionRatio,
    bool QkvBias, U1Form U1 = U1Form.PerHead)
{
    /// <summary>Channels per head for a <paramref name="dim"/>-channel input.</summary>
    public int HeadDim(int dim) => dim / Heads;

    /// <summary>The HiLo spec of a HiLo mixer (no padding: the analyzer requires windows that divide the map).</summary>
    public HiLoSpec ToHiLo() => new(Heads, LoFiHeads, WindowSize, QkvBias, PadToWindow: false);

    /// <summary>Throws when the spec cannot describe this mixer over an H×W map of <paramref name="dim"/> channels.</summary>
    internal void Validate(int height, int width, int dim)
    {
        if (Heads < 1 || dim % Heads != 0)
            throw new InvalidOperationException($"{Kind}: {dim} channels are not divisible by {Heads} heads.");
        switch (Kind)
        {
            case Mixer.Window when WindowSize < 1 || height % WindowSize != 0 || width % WindowSize != 0:
                throw new InvalidOperationException($"Window: window size {WindowSize} does not tile the {height}×{width} map.");
            case Mixer.Sra when ReductionRatio < 1 || height % ReductionRatio != 0 || width % ReductionRatio != 0:
                throw new InvalidOperationException($"SRA: reduction ratio {ReductionRatio} does not divide the {height}×{width} map.");
            case Mixer.HiLo:
                ToHiLo().Validate(dim);
                break;
            case Mixer.HiLo or Mixer.Msa or Mixer.Sra or Mixer.Window or Mixer.KeyOnly:
                break;
            default:
                throw new InvalidOperationException($"Unknown mixer {(int)Kind}.");
        }
    }
}
