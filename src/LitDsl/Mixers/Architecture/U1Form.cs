namespace LitDsl;

/// <summary>
/// The shape of U1 in key-only attention (LinGlo eq. 4, Y = ((G ⊙ V)·U1 + K)·U2). The paper writes the equations for
/// one head with U1 ∈ R^{D×D} and leaves open how U1 acts when there are several heads.
/// </summary>
#if LITDSL_GENERATOR
internal
#else
public
#endif
enum U1Form
{
    /// <summary>One d×d matrix per head (block-diagonal over the channels): eq. 4 per head, U2 mixes the heads.
    /// Parameters C·d + C; FLOPs N·C·d.</summary>
    PerHead = 0,

    /// <summary>One C×C matrix over all heads' channels. Parameters C² + C; FLOPs N·C².</summary>
    Full = 1,
}
