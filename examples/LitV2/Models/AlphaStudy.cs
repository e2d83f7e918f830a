// The seed paper's α study (the reference README's "Pretrained LITv2-S with Different Values of Alpha"): LITv2-S
// (LitV2.cs) with stage 3's 12 HiLo heads split ⌊12·α⌋ Lo-Fi / the rest Hi-Fi, at α 0, 0.2, 0.4, 0.5, 0.7, 0.9 and 1.0.
// Stage 4 has window 1, which makes every head Lo-Fi whatever α is. docs/backbones.md has the report's figures beside
// the README's column (the README prints 3.70 G at α = 1.0, where the code's flops() gives 3.746 G).
using LitDsl;

namespace LitDsl.Examples.LitV2.Models;

/// <summary>α = 0: 12 Hi-Fi heads, no Lo-Fi.</summary>
[LitModel("litv2-s-alpha0", EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 2, Alpha = 0.0)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.0)]
public static partial class LitV2SmallAlpha0;

/// <summary>α = 0.2: 2 Lo-Fi, 10 Hi-Fi heads.</summary>
[LitModel("litv2-s-alpha20", EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 2, Alpha = 0.2)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.2)]
public static partial class LitV2SmallAlpha20;

/// <summary>α = 0.4: 4 Lo-Fi, 8 Hi-Fi heads.</summary>
[LitModel("litv2-s-alpha40", EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 2, Alpha = 0.4)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.4)]
public static partial class LitV2SmallAlpha40;

/// <summary>α = 0.5: 6 Lo-Fi, 6 Hi-Fi heads.</summary>
[LitModel("litv2-s-alpha50", EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 2, Alpha = 0.5)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.5)]
public static partial class LitV2SmallAlpha50;

/// <summary>α = 0.7: 8 Lo-Fi, 4 Hi-Fi heads.</summary>
[LitModel("litv2-s-alpha70", EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 2, Alpha = 0.7)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.7)]
public static partial class LitV2SmallAlpha70;

/// <summary>α = 0.9: 10 Lo-Fi, 2 Hi-Fi heads; litv2-s itself, declared again so the study is one family of names.</summary>
[LitModel("litv2-s-alpha90", EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2SmallAlpha90;

/// <summary>α = 1: 12 Lo-Fi heads, no Hi-Fi.</summary>
[LitModel("litv2-s-alpha100", EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 2, Alpha = 1.0)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 1.0)]
public static partial class LitV2SmallAlpha100;
