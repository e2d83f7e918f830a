using LitDsl.Blocks;

namespace LitDsl.Architecture;

/// <summary>
/// Multi-head self-attention, as github HubHop/vit-attention-benchmark's <c>Attention.flops()</c> counts it:
/// N·C·3C (qkv) + 2·N²·C (q·kᵀ and attn·v over all heads) + N·C² (proj) = 4·N·C² + 2·N²·C, N = H·W.
/// Parameters = 4·C² + C (proj bias) + 3·C when the qkv projection has a bias.
/// </summary>
internal static class MsaCost
{
    public static long Parameters(MixerSpec mixer, int dim)
    {
        checked
        {
            long c = dim, bias = mixer.QkvBias ? 1 : 0;
            return 3 * c * c + 3 * c * bias + c * c + c;
        }
    }

    public static long Flops(int height, int width, int dim)
    {
        checked
        {
            long n = (long)height * width;
            return 4 * n * dim * dim + 2 * n * n * dim;
        }
    }
}
