namespace LitDsl;

/// <summary>
/// Which outputs of a backbone pass through its own LayerNorm <c>norm{i}</c> before they leave it (the stages
/// themselves are unchanged: the next stage reads the map before the norm).
/// </summary>
#if LITDSL_GENERATOR
internal
#else
public
#endif
enum OutputNorms
{
    /// <summary>Every output but the first stage's, as the reference detection backbone (mmdet <c>litv2.py</c>) has
    /// <c>norm1</c>…<c>norm3</c> and no <c>norm0</c>.</summary>
    ExceptFirstStage = 0,

    /// <summary>Every output, as the reference segmentation backbone (mmseg <c>litv2.py</c>) and Swin's have them.</summary>
    EveryStage = 1,
}
