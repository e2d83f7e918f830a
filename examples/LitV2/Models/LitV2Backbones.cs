// LITv2 as a dense-prediction backbone, as the reference repository (github ziplab/LITv2) runs it under RetinaNet and
// Mask R-CNN (detection/configs/litv2/{retinanet,mask_rcnn}_litv2_{s,m,b}_fpn_1x_coco.py, the backbone
// detection/mmdet/models/backbones/litv2.py) and Semantic FPN (segmentation/, the same stages with norm0 as well).
//
// The classification models' stages (LitV2.cs) without the classifier: every stage's map is an output (out_indices
// (0, 1, 2, 3)), stages 2–4 through their own LayerNorm norm1..norm3 (the detection backbone has no norm0); α = 0.9;
// the HiLo window of stage 3 is 2 in the 1x configs and 4 in the _ws_4 ones, stage 4 attends globally (window 1).
// Any input of at least 29×29 runs: PatchEmbed pads the right and bottom to a multiple of 4, each DTM floors an odd side
// and HiLo pads its map to whole windows and crops back, without a mask, as the reference computes it
// (docs/backbones.md). FLOPs are at 1280×800, the reference get_flops.py's default input; FlopsAt(h, w) gives any other
// (512×512 for the ADE20K crop). The paper's detection and segmentation tables count the FPN and heads too.
using LitDsl;

namespace LitDsl.Examples.LitV2.Models;

/// <summary>LITv2-S backbone (RetinaNet / Mask R-CNN, local window 2): 27,076,152 parameters.</summary>
[LitModel("litv2-s-backbone", EmbedDim = 96)]
[Backbone(Height = 1280, Width = 800)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2SmallBackbone;

/// <summary>LITv2-M backbone (local window 2): 48,062,520 parameters.</summary>
[LitModel("litv2-m-backbone", EmbedDim = 96)]
[Backbone(Height = 1280, Width = 800)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 18, Heads = 12, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2MediumBackbone;

/// <summary>LITv2-B backbone (local window 2): 85,497,240 parameters.</summary>
[LitModel("litv2-b-backbone", EmbedDim = 128)]
[Backbone(Height = 1280, Width = 800)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 18, Heads = 16, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 32, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2BaseBackbone;

/// <summary>LITv2-S backbone with local window 4 (the _ws_4 configs): the same parameters, fewer FLOPs at 1280×800.</summary>
[LitModel("litv2-s-backbone-ws4", EmbedDim = 96)]
[Backbone(Height = 1280, Width = 800)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 6, Heads = 12, WindowSize = 4, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2SmallBackboneWindow4;

/// <summary>LITv2-M backbone with local window 4.</summary>
[LitModel("litv2-m-backbone-ws4", EmbedDim = 96)]
[Backbone(Height = 1280, Width = 800)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 18, Heads = 12, WindowSize = 4, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 24, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2MediumBackboneWindow4;

/// <summary>LITv2-B backbone with local window 4.</summary>
[LitModel("litv2-b-backbone-ws4", EmbedDim = 128)]
[Backbone(Height = 1280, Width = 800)]
[ConvFfnStage(1, Depth = 2)]
[ConvFfnStage(2, Depth = 2)]
[HiLoStage(3, Depth = 18, Heads = 16, WindowSize = 4, Alpha = 0.9)]
[HiLoStage(4, Depth = 2, Heads = 32, WindowSize = 1, Alpha = 0.9)]
public static partial class LitV2BaseBackboneWindow4;
