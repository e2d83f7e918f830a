// The reference README's demo: one HiLo layer, `HiLo(dim=384, num_heads=12, window_size=2, alpha=0.5)` over 14×14
// tokens, whose flops(196) the README prints as 83,467,776. Like the reference HiLo, the qkv projections have no bias.
using LitDsl;

namespace LitDsl.Examples.LitV2.Models;

/// <summary>A single HiLo attention layer: 6 Lo-Fi and 6 Hi-Fi heads over 14×14 tokens of width 384.</summary>
[LitModel("hilo-demo")]
[HiLoLayer(Tokens = 14, Dim = 384, Heads = 12, WindowSize = 2, Alpha = 0.5, QkvBias = false)]
public static partial class HiLoDemo;
