using LitDsl.Generator.Model;

namespace LitDsl.Generator.Analysis;

/// <summary>
/// Parameters and FLOPs of the token mixers other than HiLo (<see cref="ReferenceCost"/> has HiLo's) and of the
/// LinGlo layers, in the HiLo reference's convention: multiply-accumulates of matrix products and convolutions
/// (Linear layers without their bias, convolutions with it, norms one per element), no softmax, no element-wise
/// products or sums. MSA, SRA and local windows follow github HubHop/vit-attention-benchmark's <c>flops()</c>
/// (<c>Attention</c>, <c>SRAttention</c>, and <c>ShiftedWindowAttention</c> over every window); key-only attention
/// and LinGlo follow the LinGlo paper's equations (no reference code exists). The runtime block builders
/// (src/LitDsl/Blocks) carry the same formulas in their doc comments and recount them on the built graph.
/// </summary>
internal static class MixerCost
{
    /// <summary>FLOPs of one mixer over a side×side map of <paramref name="dim"/> channels.</summary>
    public static long Flops(MixerKind mixer, int side, int dim, int heads, int loFiHeads, int windowSize, int reductionRatio,
        bool fullU1 = false)
    {
        long n = (long)side * side, c = dim;
        switch (mixer)
        {
            case MixerKind.HiLo:
                return ReferenceCost.HiLoFlops(side, dim, heads, loFiHeads, windowSize);
            case MixerKind.Msa:
                // qkv N·C·3C, q·kᵀ and attn·v 2·N²·C, proj N·C².
                return 4 * n * c * c + 2 * n * n * c;
            case MixerKind.Window:
                // (N/M) windows of M = s² tokens, each an MSA over M tokens.
                return 4 * n * c * c + 2 * n * windowSize * windowSize * c;
            case MixerKind.Sra:
            {
                long keys = reductionRatio > 1 ? (long)(side / reductionRatio) * (side / reductionRatio) : n;
                long flops = n * c * c + 2 * keys * c * c + 2 * n * keys * c + n * c * c;   // q, kv, attention, proj
                if (reductionRatio > 1)
                    flops += ReferenceCost.ConvFlops(reductionRatio, c, c, reductionRatio, 0, side) + c * keys;   // sr, norm
                return flops;
            }
            case MixerKind.KeyOnly:
            {
                // k, v 2·N·C²; saliency N·C; global context N·C; U1 N·C·d per head or N·C² over all channels; U2 N·C².
                long u1Width = fullU1 ? c : c / heads;
                return 3 * n * c * c + n * c * (u1Width + 2);
            }
            default:
                throw new System.ArgumentOutOfRangeException(nameof(mixer), mixer, "Unknown mixer.");
        }
    }

    /// <summary>Parameters of one mixer of <paramref name="dim"/> channels.</summary>
    public static long Parameters(MixerKind mixer, int dim, int heads, int loFiHeads, int reductionRatio, bool qkvBias,
        bool fullU1 = false)
    {
        long c = dim, bias = qkvBias ? 1 : 0;
        switch (mixer)
        {
            case MixerKind.HiLo:
                return ReferenceCost.HiLoParameters(dim, heads, loFiHeads, qkvBias);
            case MixerKind.Msa:
            case MixerKind.Window:
                return 3 * c * c + 3 * c * bias + c * c + c;                                  // qkv, proj
            case MixerKind.Sra:
            {
                long total = c * c + c * bias + 2 * c * c + 2 * c * bias + c * c + c;        // q, kv, proj
                if (reductionRatio > 1) total += (long)reductionRatio * reductionRatio * c * c + c + 2 * c;   // sr, norm
                return total;
            }
            case MixerKind.KeyOnly:
            {
                long u1Weights = fullU1 ? c * c : heads * (c / heads) * (c / heads);
                return 2 * (c * c + c * bias) + c + u1Weights + c + c * c + c;   // k, v, saliency, u1, u2
            }
            default:
                throw new System.ArgumentOutOfRangeException(nameof(mixer), mixer, "Unknown mixer.");
        }
    }

    /// <summary>LinGlo's down-sampling: k×k convolution (with bias) and LayerNorm on the output map.</summary>
    public static long ConvDownsampleFlops(int kernel, int inChannels, int outChannels, int stride, int padding, int side)
    {
        long outSide = (side + 2L * padding - kernel) / stride + 1;
        return ReferenceCost.ConvFlops(kernel, inChannels, outChannels, stride, padding, side) + outChannels * outSide * outSide;
    }

    public static long ConvDownsampleParameters(int kernel, int inChannels, int outChannels) =>
        (long)kernel * kernel * inChannels * outChannels + outChannels + 2L * outChannels;

    /// <summary>LinGlo block: two norms, the mixer, fc1 + fc2, the folded RP-CPE (3×3 depthwise with bias).</summary>
    public static long LinGloBlockFlops(int side, int dim, int hiddenDim, long mixerFlops)
    {
        long n = (long)side * side;
        return 2 * n * dim + mixerFlops + 2 * n * dim * hiddenDim + 10 * n * hiddenDim;
    }

    /// <summary>Deployed (folded) parameters: norms, mixer, fc1, the one folded depthwise conv, fc2.</summary>
    public static long LinGloBlockParameters(int dim, int hiddenDim, long mixerParameters) =>
        4L * dim + mixerParameters + (long)dim * hiddenDim + hiddenDim + 10L * hiddenDim + (long)hiddenDim * dim + dim;

    /// <summary>LITv2 block with any mixer: norm1, norm2, the mixer, the DWMlp.</summary>
    public static long MixerBlockFlops(int side, int dim, int hiddenDim, long mixerFlops) =>
        (long)dim * side * side + mixerFlops + ReferenceCost.MlpWithNormFlops(side, dim, hiddenDim);

    public static long MixerBlockParameters(int dim, int hiddenDim, long mixerParameters) =>
        4L * dim + mixerParameters + ReferenceCost.MlpParameters(dim, hiddenDim);
}
