using LitDsl.Blocks;

namespace LitDsl.Architecture;

/// <summary>
/// HiLo attention, as the reference counts it (<c>HiLo.flops</c>; the LITv2 README's version takes H and W, the
/// classification one a square N). On the map padded to whole windows (Hp = s·⌈H/s⌉, Wp = s·⌈W/s⌉, Np = Hp·Wp, the
/// reference's convention for padded maps), with M = (Hp/s)·(Wp/s) pooled tokens, h Hi-Fi and l Lo-Fi channels:
/// Hi-Fi = 3·Np·C·h (h_qkv) + (Np/s²)·(s²)²·h·2 (q·kᵀ and attn·v per window) + Np·h² (h_proj);
/// Lo-Fi = Np·C·l (l_q) + 2·M·C·l (l_kv) + 2·Np·l·M (q·kᵀ and attn·v) + Np·l² (l_proj). No biases, softmax or pooling.
/// Parameters: l_q, l_kv, l_proj when Lo-Fi has heads; h_qkv, h_proj when Hi-Fi has heads (projections with bias).
/// </summary>
internal static class HiLoCost
{
    public static long Parameters(MixerSpec mixer, int dim)
    {
        checked
        {
            long headDim = mixer.HeadDim(dim);
            long loFiDim = mixer.LoFiHeads * headDim, hiFiDim = mixer.HiFiHeads * headDim;
            long bias = mixer.QkvBias ? 1 : 0;
            long total = 0;
            if (loFiDim > 0)
                total += dim * loFiDim + bias * loFiDim + dim * 2 * loFiDim + bias * 2 * loFiDim + loFiDim * loFiDim + loFiDim;
            if (hiFiDim > 0)
                total += dim * 3 * hiFiDim + bias * 3 * hiFiDim + hiFiDim * hiFiDim + hiFiDim;
            return total;
        }
    }

    public static long Flops(MixerSpec mixer, int height, int width, int dim)
    {
        checked
        {
            long ws = mixer.WindowSize;
            long paddedHeight = ReferenceConvention.RoundUp(height, mixer.WindowSize);
            long paddedWidth = ReferenceConvention.RoundUp(width, mixer.WindowSize);
            long positions = paddedHeight * paddedWidth;
            long headDim = mixer.HeadDim(dim);
            long hiFiDim = mixer.HiFiHeads * headDim, loFiDim = mixer.LoFiHeads * headDim;

            long windows = positions / (ws * ws), windowLength = ws * ws;
            long hiFi = positions * dim * hiFiDim * 3
                + windows * (windowLength * windowLength * hiFiDim * 2)
                + positions * hiFiDim * hiFiDim;

            long keys = paddedHeight / ws * (paddedWidth / ws);
            long loFi = positions * dim * loFiDim
                + keys * dim * loFiDim * 2
                + positions * loFiDim * keys * 2
                + positions * loFiDim * loFiDim;
            return hiFi + loFi;
        }
    }
}
