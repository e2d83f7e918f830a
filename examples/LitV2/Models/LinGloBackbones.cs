// LinGlo-b0/b1/b2 as dense-prediction backbones. The LinGlo paper evaluates them under RetinaNet (COCO) and Semantic
// FPN (ADE20K) but publishes no code, so where each output is taken and how it is normalised is our choice, made here:
//
// * Outputs: every stage's map (out0..out3, strides 4, 8, 16, 32), taken after the stage's last encoder block and
//   before the next stage's down-sampling, as the LITv2, PVT and Swin backbones take theirs: Semantic FPN reads all four
//   maps, RetinaNet the last three (its FPN starts at level 1), so one backbone serves both.
// * Norms: every output through its own LayerNorm norm0..norm3 (OutputNorms.EveryStage), outside the stage path. A
//   stage ends in pre-norm residual blocks, so its output is the un-normalised residual stream, whose scale grows with
//   depth; an FPN expects standardised channels, which is why PVT, Swin and the reference LITv2 segmentation backbone
//   normalise every output (the LITv2 detection backbone's missing norm0 is that file's asymmetry, and its RetinaNet never
//   reads out0). The norms read the stage's output but do not feed the next stage, as LITv2's norm1..norm3 do not: the
//   stages compute exactly what the classifier computes, so a classification checkpoint binds to everything but the
//   new norms (which then start as the identity affine, weight 1 and bias 0, as the reference's init_weights leaves them).
//   Feeding the normalised map to the next stage, as PVTv2 does, would change what a classification checkpoint's
//   stages compute.
// * The classifier's final norm and head are dropped, as in every backbone.
// * Any size runs: the stride-4 7×7 and stride-2 3×3 down-sampling convolutions are padded (3 and 1), so each stage's
//   side is ⌈previous / stride⌉ and at least 1; key-only attention has no window.
// FLOPs are at 1280×800, the input LITv2's reference get_flops.py counts detection at; FlopsAt(512, 512) gives the
// ADE20K crop. The paper's RetinaNet and Semantic FPN tables count the FPN and heads too.
using LitDsl;

namespace LitDsl.Examples.LitV2.Models;

/// <summary>LinGlo-b0 backbone: linglo-b0's stages, four normalised outputs.</summary>
[LitModel("linglo-b0-backbone")]
[Backbone(Height = 1280, Width = 800, Norms = OutputNorms.EveryStage)]
[LinGloStage(1, Channels = 32, Depth = 2, Heads = 1, MlpRatio = 8)]
[LinGloStage(2, Channels = 64, Depth = 3, Heads = 2, MlpRatio = 8)]
[LinGloStage(3, Channels = 160, Depth = 3, Heads = 5, MlpRatio = 4)]
[LinGloStage(4, Channels = 256, Depth = 2, Heads = 8, MlpRatio = 4)]
public static partial class LinGloB0Backbone;

/// <summary>LinGlo-b1 backbone.</summary>
[LitModel("linglo-b1-backbone")]
[Backbone(Height = 1280, Width = 800, Norms = OutputNorms.EveryStage)]
[LinGloStage(1, Channels = 64, Depth = 2, Heads = 1, MlpRatio = 8)]
[LinGloStage(2, Channels = 128, Depth = 3, Heads = 2, MlpRatio = 8)]
[LinGloStage(3, Channels = 320, Depth = 3, Heads = 5, MlpRatio = 4)]
[LinGloStage(4, Channels = 512, Depth = 2, Heads = 8, MlpRatio = 4)]
public static partial class LinGloB1Backbone;

/// <summary>LinGlo-b2 backbone.</summary>
[LitModel("linglo-b2-backbone")]
[Backbone(Height = 1280, Width = 800, Norms = OutputNorms.EveryStage)]
[LinGloStage(1, Channels = 64, Depth = 3, Heads = 1, MlpRatio = 8)]
[LinGloStage(2, Channels = 128, Depth = 5, Heads = 2, MlpRatio = 8)]
[LinGloStage(3, Channels = 320, Depth = 9, Heads = 5, MlpRatio = 4)]
[LinGloStage(4, Channels = 512, Depth = 3, Heads = 8, MlpRatio = 4)]
public static partial class LinGloB2Backbone;
