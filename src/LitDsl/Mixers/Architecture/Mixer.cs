namespace LitDsl;

/// <summary>
/// The token mixer of an attention layer or stage: which attention mechanism mixes information between positions.
/// Each has its own block builder, shape rules, parameter and FLOPs accounting (FLOPs in the HiLo reference's
/// convention: multiply-accumulates of the matrix products and convolutions; no softmax, no element-wise products).
/// </summary>
#if LITDSL_GENERATOR
internal
#else
public
#endif
enum Mixer
{
    /// <summary>HiLo (LITv2): ⌊Heads·Alpha⌋ Lo-Fi heads attend to keys average-pooled by WindowSize, the rest attend
    /// inside WindowSize×WindowSize windows.</summary>
    HiLo = 0,

    /// <summary>Standard multi-head self-attention (ViT): every token attends to every token.</summary>
    Msa = 1,

    /// <summary>Spatial-reduction attention (PVT): keys and values come from the map shrunk by a
    /// ReductionRatio×ReductionRatio strided convolution and a LayerNorm.</summary>
    Sra = 2,

    /// <summary>Local window attention (Swin's W-MSA without shift or relative position bias): attention inside
    /// non-overlapping WindowSize×WindowSize windows.</summary>
    Window = 3,

    /// <summary>Key-only attention (LinGlo): a saliency gate softmax over positions weights the keys into a global
    /// context G per head; output ((G ⊙ V)·U1 + K)·U2. Linear in the number of tokens.</summary>
    KeyOnly = 4,
}
