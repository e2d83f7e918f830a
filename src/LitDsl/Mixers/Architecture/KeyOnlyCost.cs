using LitDsl.Blocks;

namespace LitDsl.Architecture;

/// <summary>
/// Key-only attention (LinGlo eq. 2–4; no reference code exists, so this counts the equations in the HiLo convention),
/// with N = H·W and u = d (U1 per head) or C (U1 over all channels): 2·N·C² (k, v) + N·C (saliency) + N·C (the
/// global context G) + N·C·u (U1) + N·C² (U2) = 3·N·C² + N·C·(u + 2); the softmax, ⊙ and + are element-wise and not
/// counted. Parameters = 3·C² + C·u + 3·C (saliency, U1 and U2 biases) + 2·C·[qkv bias].
/// </summary>
internal static class KeyOnlyCost
{
    public static long Parameters(MixerSpec mixer, int dim)
    {
        checked
        {
            long c = dim, bias = mixer.QkvBias ? 1 : 0;
            long u1Weights = mixer.U1 == U1Form.Full ? c * c : mixer.Heads * (c / mixer.Heads) * (c / mixer.Heads);
            return 2 * (c * c + c * bias) + c + u1Weights + c + c * c + c;
        }
    }

    public static long Flops(MixerSpec mixer, int height, int width, int dim)
    {
        checked
        {
            long n = (long)height * width, c = dim;
            long u1Width = mixer.U1 == U1Form.Full ? c : c / mixer.Heads;
            return 3 * n * c * c + n * c * (u1Width + 2);
        }
    }
}
