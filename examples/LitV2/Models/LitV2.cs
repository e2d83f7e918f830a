// LITv2: "Fast Vision Transformers with HiLo Attention", Zizheng Pan, Jianfei Cai, Bohan Zhuang, NeurIPS 2022.
// Reference implementation: github ziplab/LITv2, classification/models/ and classification/configs/*.yaml.
//
// Every variant has four stages at patch-grid / 1, 2, 4, 8 with channels embed·1, 2, 4, 8. Stages 1–2 are ConvFFN
// blocks (no attention: early high-resolution maps are dominated by local patterns); stage 3 uses HiLo with 2×2
// windows; stage 4 runs at 7×7, where a window size of 1 makes HiLo plain multi-head attention. α = 0.9 gives
// ⌊0.9·heads⌋ heads to Lo-Fi. Between stages, deformable token merging (DTM) halves the resolution.
using LitDsl;

namespace LitDsl.Examples.LitV2.Models;

/// <summary>LITv2-S: 28 M parameters, 3.7 GFLOPs at 224 px (reference config litv2-small.yaml).</summary>
[LitModel("litv2-s", ImageSize = 224, EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2Small;

/// <summary>LITv2-M: 49 M parameters, 7.5 GFLOPs at 224 px (litv2-medium.yaml): stage 3 three times deeper.</summary>
[LitModel("litv2-m", ImageSize = 224, EmbedDim = 96)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 18, Heads = 12, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2Medium;

/// <summary>LITv2-B: 87 M parameters, 13.2 GFLOPs at 224 px (litv2-base.yaml): LITv2-M's depths, 128 channels.</summary>
[LitModel("litv2-b", ImageSize = 224, EmbedDim = 128)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 18, Heads = 16, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 32, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2Base;

/// <summary>LITv2-B fine-tuned at 384 px (litv2-base-finetune-384.yaml): same weights' shapes, 39.7 GFLOPs.</summary>
[LitModel("litv2-b-384", ImageSize = 384, EmbedDim = 128)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 18, Heads = 16, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 32, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2Base384;
