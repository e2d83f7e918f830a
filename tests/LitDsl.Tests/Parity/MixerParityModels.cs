// The single-mixer fixtures of Fixtures/parity/mixer-* (tools/reference/make_mixer_fixtures.py), declared with the
// DSL: 4×4 tokens of width 32 (5×5 for the padded window case), 4 heads, qkv bias on. MSA, SRA (ratio 2) and window
// attention (2×2 windows) are checked against github HubHop/vit-attention-benchmark's modules, key-only attention
// against the fixture script's own reading of the LinGlo paper (no reference code exists).
using LitDsl;

namespace LitDsl.Tests.Parity;

[LitModel("mixer-msa")]
[AttentionLayer(Mixer = Mixer.Msa, Tokens = 4, Dim = 32, Heads = 4)]
public static partial class MixerMsa;

[LitModel("mixer-sra")]
[AttentionLayer(Mixer = Mixer.Sra, Tokens = 4, Dim = 32, Heads = 4, ReductionRatio = 2)]
public static partial class MixerSra;

[LitModel("mixer-window")]
[AttentionLayer(Mixer = Mixer.Window, Tokens = 4, Dim = 32, Heads = 4, WindowSize = 2)]
public static partial class MixerWindow;

/// <summary>5×5 tokens in 2×2 windows: the module pads the map to 6×6 and crops back, as Swin does.</summary>
[LitModel("mixer-window-padded", PadToWindow = true)]
[AttentionLayer(Mixer = Mixer.Window, Tokens = 5, Dim = 32, Heads = 4, WindowSize = 2)]
public static partial class MixerWindowPadded;

[LitModel("mixer-keyonly")]
[AttentionLayer(Mixer = Mixer.KeyOnly, Tokens = 4, Dim = 32, Heads = 4)]
public static partial class MixerKeyOnly;

[LitModel("mixer-keyonly-u1full")]
[AttentionLayer(Mixer = Mixer.KeyOnly, Tokens = 4, Dim = 32, Heads = 4, U1 = U1Form.Full)]
public static partial class MixerKeyOnlyFullU1;
