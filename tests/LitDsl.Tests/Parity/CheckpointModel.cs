// The model of the checkpoint fixtures in Fixtures/checkpoints (tools/reference/make_checkpoints.py): a LITv2 with
// embed 8 so that its torch.save checkpoint stays small (428 kB), with every block kind — ConvFFN stages, three DTMs
// (non-zero offsets, random BatchNorm statistics), HiLo with 2 Lo-Fi + 2 Hi-Fi heads at ws 2, plain MSA at ws 1.
// The CLI tests compile this file too.
using LitDsl;

namespace LitDsl.Tests.Parity;

[LitModel("checkpoint-litv2", ImageSize = 64, EmbedDim = 8, Classes = 10)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 0.5)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0.5)]
public static partial class CheckpointLitV2;
