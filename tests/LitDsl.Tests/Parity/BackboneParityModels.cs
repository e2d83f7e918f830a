// The tiny backbones of Fixtures/backbones (tools/reference/make_backbone_fixtures.py, from the reference detection
// backbone detection/mmdet/models/backbones/litv2.py): embed 8, depths [1, 1, 2, 1], heads [1, 2, 4, 8], qkv bias,
// MLP ratio 4; stage 3 HiLo with window 2 or 4, stage 4 window 1; their inputs (50×87, 90×45, 30×45, 64×96, 64×64)
// are divided neither by the patch nor by the windows, so every DTM floors an odd side and HiLo pads. The reference
// size (64×96) is one of the fixture inputs.
using LitDsl;

namespace LitDsl.Tests.Parity;

[LitModel("tiny-backbone", EmbedDim = 8)]
[Backbone(Height = 64, Width = 96)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0.9)]
public static partial class TinyBackbone;

/// <summary>tiny-backbone traced at another reference size: its symbolic graph must be the same file.</summary>
[LitModel("tiny-backbone-traced-90x45", EmbedDim = 8)]
[Backbone(Height = 90, Width = 45)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0.9)]
public static partial class TinyBackboneTracedElsewhere;

[LitModel("tiny-backbone-ws4", EmbedDim = 8)]
[Backbone(Height = 64, Width = 96)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 4, Alpha = 0.9)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0.9)]
public static partial class TinyBackboneWindow4;

[LitModel("tiny-backbone-alpha0", EmbedDim = 8)]
[Backbone(Height = 64, Width = 96)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 0)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0)]
public static partial class TinyBackboneHiFiOnly;

[LitModel("tiny-backbone-alpha1-ws4", EmbedDim = 8)]
[Backbone(Height = 64, Width = 96)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 4, Alpha = 1)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 1)]
public static partial class TinyBackboneLoFiOnlyWindow4;

[LitModel("tiny-backbone-out-1-3", EmbedDim = 8)]
[Backbone(Height = 64, Width = 96, OutIndices = new[] { 1, 3 })]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 0.9)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0.9)]
public static partial class TinyBackboneOutputs1And3;

/// <summary>The architecture of checkpoint-litv2 (CheckpointModel.cs) as a backbone: its classification checkpoint binds.</summary>
[LitModel("tiny-backbone-from-checkpoint", EmbedDim = 8)]
[Backbone(Height = 64, Width = 64)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 0.5)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0.5)]
public static partial class TinyBackboneFromCheckpoint;

/// <summary>
/// The other mixers a backbone takes, at any size: local windows (padded to whole windows and cropped, as Swin),
/// plain attention and key-only attention; no reference code exists for them as backbones, so the tests check the
/// symbolic graph against the graph built at each size.
/// </summary>
[LitModel("tiny-backbone-other-mixers", EmbedDim = 8)]
[Backbone(Height = 64, Width = 64, Norms = OutputNorms.EveryStage)]
[ConvFfnStage(1, Depth = 1)]
[AttentionStage(2, Mixer = Mixer.Window, Depth = 1, Heads = 2, WindowSize = 3)]
[AttentionStage(3, Mixer = Mixer.KeyOnly, Depth = 1, Heads = 4)]
[AttentionStage(4, Mixer = Mixer.Msa, Depth = 1, Heads = 8)]
public static partial class TinyBackboneOtherMixers;
