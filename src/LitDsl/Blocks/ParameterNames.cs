namespace LitDsl.Blocks;

/// <summary>Builds reference <c>state_dict</c> keys from a module prefix and a child name.</summary>
internal static class ParameterNames
{
    /// <summary>
    /// <c>"layers.2.blocks.0" + "attn"</c> gives <c>layers.2.blocks.0.attn</c>; an empty prefix (a module used as the
    /// whole model, as in the single-layer HiLo model) gives the child name alone, as PyTorch names it.
    /// </summary>
    public static string Join(string prefix, string child) => prefix.Length == 0 ? child : prefix + "." + child;
}
