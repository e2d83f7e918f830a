// The attention zoo: the HiLo paper's single-layer comparison (its appendix; the setting of github
// HubHop/vit-attention-benchmark: 14×14 tokens of width 768, 12 heads, qkv bias on, batch 64 for speed) and LITv2-S
// with its attention stages swapped for each mixer.
//
// Single layers, each mixer with the benchmark's setting for 1/16-scale maps: HiLo ws 2, α 0.9 (10 Lo-Fi + 2 Hi-Fi
// heads); SRA reduction ratio 2 (PVT's stage-3 ratio); local windows 7×7 without shift or relative position bias (the
// benchmark's `use_rel_pos=False`); key-only attention as LinGlo defines it (see Blocks/KeyOnlyAttention.cs).
// attn-hilo and attn-msa equal the reference code's counts to the unit (reference-figures.json): 2.2 M parameters and
// 298.3 M FLOPs for HiLo, as the benchmark README states, and 2.36 M / 521.4 M for MSA.
//
// LITv2-S swaps: stages 1–2 stay ConvFFN, stages 3 (14×14×384, 12 heads) and 4 (7×7×768, 24 heads) take the mixer.
// Per-stage choices where a mixer needs one: SRA reduces stage 3 by 2 and stage 4 by 1 (PVT's last-stage ratio: the
// 7×7 map has nothing left to shrink); windows are 7×7 in both (stage 4 is then one window, as Swin's last stage).
using LitDsl;

namespace LitDsl.Examples.LitV2.Models;

/// <summary>HiLo (ws 2, α 0.9) as one layer over 14×14×768 tokens: 2,198,528 parameters, 298,296,320 FLOPs.</summary>
[LitModel("attn-hilo")]
[AttentionLayer(Mixer = Mixer.HiLo, Tokens = 14, Dim = 768, Heads = 12, WindowSize = 2, Alpha = 0.9, QkvBias = true)]
public static partial class AttnHiLo;

/// <summary>Standard multi-head self-attention over 14×14×768 tokens.</summary>
[LitModel("attn-msa")]
[AttentionLayer(Mixer = Mixer.Msa, Tokens = 14, Dim = 768, Heads = 12, QkvBias = true)]
public static partial class AttnMsa;

/// <summary>PVT's spatial-reduction attention, reduction ratio 2, over 14×14×768 tokens.</summary>
[LitModel("attn-sra")]
[AttentionLayer(Mixer = Mixer.Sra, Tokens = 14, Dim = 768, Heads = 12, ReductionRatio = 2, QkvBias = true)]
public static partial class AttnSra;

/// <summary>Local 7×7 window attention (no shift) over 14×14×768 tokens: four windows.</summary>
[LitModel("attn-window")]
[AttentionLayer(Mixer = Mixer.Window, Tokens = 14, Dim = 768, Heads = 12, WindowSize = 7, QkvBias = true)]
public static partial class AttnWindow;

/// <summary>LinGlo's key-only attention over 14×14×768 tokens.</summary>
[LitModel("attn-keyonly")]
[AttentionLayer(Mixer = Mixer.KeyOnly, Tokens = 14, Dim = 768, Heads = 12, QkvBias = true)]
public static partial class AttnKeyOnly;

/// <summary>LITv2-S with multi-head self-attention in stages 3 and 4.</summary>
[LitModel("litv2-s-msa", ImageSize = 224, EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[AttentionStage(3, Mixer = Mixer.Msa, Depth = 6, Heads = 12)]
[AttentionStage(4, Mixer = Mixer.Msa, Depth = 2, Heads = 24)]
public static partial class LitV2SmallMsa;

/// <summary>LITv2-S with spatial-reduction attention (ratio 2, then 1) in stages 3 and 4.</summary>
[LitModel("litv2-s-sra", ImageSize = 224, EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[AttentionStage(3, Mixer = Mixer.Sra, Depth = 6, Heads = 12, ReductionRatio = 2)]
[AttentionStage(4, Mixer = Mixer.Sra, Depth = 2, Heads = 24, ReductionRatio = 1)]
public static partial class LitV2SmallSra;

/// <summary>LITv2-S with local 7×7 window attention in stages 3 and 4.</summary>
[LitModel("litv2-s-window", ImageSize = 224, EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[AttentionStage(3, Mixer = Mixer.Window, Depth = 6, Heads = 12, WindowSize = 7)]
[AttentionStage(4, Mixer = Mixer.Window, Depth = 2, Heads = 24, WindowSize = 7)]
public static partial class LitV2SmallWindow;

/// <summary>LITv2-S with key-only attention in stages 3 and 4.</summary>
[LitModel("litv2-s-keyonly", ImageSize = 224, EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[AttentionStage(3, Mixer = Mixer.KeyOnly, Depth = 6, Heads = 12)]
[AttentionStage(4, Mixer = Mixer.KeyOnly, Depth = 2, Heads = 24)]
public static partial class LitV2SmallKeyOnly;
