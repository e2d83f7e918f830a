// The configurations of the golden fixtures in Fixtures/parity (tools/reference/make_fixtures.py), declared with the
// DSL: small enough to run in a unit test, and together they exercise every block — ConvFFN stages, DTM with non-zero
// deformable offsets and non-trivial BatchNorm statistics, HiLo with 0 < α < 1, α = 0, α = 1, ws 2 and ws 1.
// The hilo-demo fixture is checked against the example zoo's own declaration (examples/LitV2/Models, compiled in).
using LitDsl;

namespace LitDsl.Tests.Parity;

[LitModel("tiny-litv2", ImageSize = 64, EmbedDim = 16, Classes = 10)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 0.5)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0.5)]
public static partial class TinyLitV2;

[LitModel("tiny-litv2-alpha0", ImageSize = 64, EmbedDim = 16, Classes = 10)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 0.0)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 0.0)]
public static partial class TinyLitV2HiFiOnly;

[LitModel("tiny-litv2-alpha1", ImageSize = 64, EmbedDim = 16, Classes = 10)]
[ConvFfnStage(1, Depth = 1)]
[ConvFfnStage(2, Depth = 1)]
[HiLoStage(3, Depth = 2, Heads = 4, WindowSize = 2, Alpha = 1.0)]
[HiLoStage(4, Depth = 1, Heads = 8, WindowSize = 1, Alpha = 1.0)]
public static partial class TinyLitV2LoFiOnly;

[LitModel("hilo-layer-ws1")]
[HiLoLayer(Tokens = 4, Dim = 64, Heads = 4, WindowSize = 1, Alpha = 0.5, QkvBias = true)]
public static partial class HiLoLayerWindow1;
