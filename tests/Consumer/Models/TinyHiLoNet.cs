// Not one of the examples: a small LITv2 (embed 8, 64×64 input, 10 classes) with every block kind, the configuration of
// the reference checkpoint fixture tests/LitDsl.Tests/Fixtures/checkpoints/checkpoint-litv2.pth, so its logits can be
// compared with PyTorch's.
using LitDsl;

namespace Consumer.Models;

[LitModel("tiny-hilo-net", ImageSize = 64, EmbedDim = 8, Classes = 10)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 0.5)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0.5)]
public static partial class TinyHiLoNet;
