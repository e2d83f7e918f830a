using LitDsl.Blocks;

namespace LitDsl.Architecture;

/// <summary>
/// Spatial-reduction attention, as the benchmark's <c>SRAttention.flops()</c> counts it, with N = H·W queries and
/// M = (H/r)·(W/r) keys: N·C² (q) + 2·M·C² (kv) + 2·N·M·C (q·kᵀ and attn·v) + N·C² (proj), and when r &gt; 1 the
/// r×r stride-r convolution <c>sr</c> with its bias (<c>conv_flops</c>) and its LayerNorm (C·M); with r = 1 keys come
/// from the tokens themselves (M = N). Parameters = 4·C² + C + 3·C·[qkv bias] + (r²·C² + C + 2·C)·[r &gt; 1].
/// </summary>
internal static class SraCost
{
    public static long Parameters(MixerSpec mixer, int dim)
    {
        checked
        {
            long c = dim, bias = mixer.QkvBias ? 1 : 0;
            long total = c * c + c * bias + 2 * c * c + 2 * c * bias + c * c + c;
            long ratio = mixer.ReductionRatio;
            if (ratio > 1) total += ratio * ratio * c * c + c + 2 * c;
            return total;
        }
    }

    public static long Flops(MixerSpec mixer, int height, int width, int dim)
    {
        checked
        {
            var ratio = mixer.ReductionRatio;
            long n = (long)height * width, c = dim;
            long keys = ratio > 1 ? (long)(height / ratio) * (width / ratio) : n;
            long flops = n * c * c + 2 * keys * c * c + 2 * n * keys * c + n * c * c;
            if (ratio > 1)
                flops += ReferenceConvention.ConvFlops(ratio, c, c, ratio, 0, height, width) + c * keys;
            return flops;
        }
    }
}
