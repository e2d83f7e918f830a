namespace LitDsl.Blocks;

/// <summary>How the graph computes HiLo's Hi-Fi (window) attention. Both give the reference's result.</summary>
public enum HiFiLayout
{
    /// <summary><see cref="Masked"/> for maps of at most <see cref="HiLoAttention.MaskedHiFiMaxWindows"/> windows and
    /// <see cref="HiLoAttention.MaskedHiFiMaxTokens"/> tokens, else <see cref="Windowed"/>.</summary>
    Auto,

    /// <summary>Attention over the whole map with a window mask: two plain matrix products, no window partition.</summary>
    Masked,

    /// <summary>Window by window, as the reference: partition, batched s²×s² products, merge.</summary>
    Windowed,
}
