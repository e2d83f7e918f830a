namespace LitDsl.Architecture;

/// <summary>
/// The classifier: final LayerNorm, mean over the tokens, Linear head (C → classes).
/// FLOPs = ⌊C · gridTokens / tokenDivisor⌋ (the norm) + C·classes (the head, no bias). LITv2's <c>flops()</c> charges the
/// final norm for <c>num_features · patches_resolution² // 2^num_layers</c> — the patch grid's tokens divided by
/// 2^stages (196 at 224 px, although 49 tokens reach it) — so LITv2 passes the patch grid and 2^stages; a model that
/// counts the tokens that reach the norm passes them and 1. Parameters = 2·C (norm) + C·classes + classes.
/// </summary>
internal static class ClassifierHeadCost
{
    public static long Parameters(int features, int classes) => checked(2L * features + (long)features * classes + classes);

    public static long Flops(int features, int classes, long gridTokens, long tokenDivisor) =>
        checked(features * gridTokens / tokenDivisor + (long)features * classes);
}
