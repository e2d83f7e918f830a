using LitDsl.Blocks;

namespace LitDsl.Architecture;

/// <summary>
/// Local window attention, as the benchmark's <c>ShiftedWindowAttention.flops()</c> counts one window of M = s² tokens
/// (M·C·3C + 2·M²·C + M·C²), times the Np/M windows of the map padded to whole windows (Np = Hp·Wp, the map itself when
/// s divides it): 4·Np·C² + 2·Np·s²·C. Parameters = those of MSA (qkv and proj).
/// </summary>
internal static class WindowCost
{
    public static long Parameters(MixerSpec mixer, int dim) => MsaCost.Parameters(mixer, dim);

    public static long Flops(MixerSpec mixer, int height, int width, int dim)
    {
        checked
        {
            long n = (long)ReferenceConvention.RoundUp(height, mixer.WindowSize) * ReferenceConvention.RoundUp(width, mixer.WindowSize);
            long m = (long)mixer.WindowSize * mixer.WindowSize;
            return 4 * n * dim * dim + 2 * n * m * dim;
        }
    }
}
