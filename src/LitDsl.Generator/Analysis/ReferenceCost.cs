namespace LitDsl.Generator.Analysis;

/// <summary>
/// Parameters (the reference's <c>numel()</c> over <c>parameters()</c>) and FLOPs (its <c>flops()</c> methods) of
/// each LITv2 block, written to follow github ziplab/LITv2 <c>classification/models/*.py</c> term by term, including
/// its conventions: FLOPs are multiply-accumulates; Linear layers count no bias; convolutions count their bias; norms
/// count one operation per element; attention counts q·kᵀ and attn·v but not the softmax.
/// The analyzer has already checked that every width is whole, so all arithmetic is exact in <see cref="long"/>.
/// </summary>
internal static class ReferenceCost
{
    /// <summary>
    /// <c>conv_flops</c> of attentions.py: kernel² · c_in · (c_out / groups) per output position plus one bias
    /// addition per output element, over a square output of side ⌊(resolution + 2·padding − (k − 1) − 1) / stride + 1⌋.
    /// </summary>
    public static long ConvFlops(int kernel, long inChannels, long outChannels, int stride, int padding, int resolution,
        long groups = 1)
    {
        long outputSide = FloorDiv(resolution + 2 * padding - (kernel - 1) - 1, stride) + 1;
        long positions = outputSide * outputSide;
        return (long)kernel * kernel * inChannels * (outChannels / groups) * positions + outChannels * positions;
    }

    /// <summary>PatchEmbed.flops(): the patch projection (no bias term) and its LayerNorm.</summary>
    public static long PatchEmbedFlops(int imageSize, int patchSize, int inChannels, int embedDim)
    {
        long side = imageSize / patchSize;
        return side * side * embedDim * inChannels * patchSize * patchSize + side * side * embedDim;
    }

    public static long PatchEmbedParameters(int inChannels, int patchSize, int embedDim) =>
        (long)embedDim * inChannels * patchSize * patchSize + embedDim + 2L * embedDim;

    /// <summary>The DWMlp's FLOPs as ConvFFNBlock.flops() and Block.flops() count them: dwconv, fc1 + fc2, one norm.</summary>
    public static long MlpWithNormFlops(int side, int dim, int hiddenDim) =>
        ConvFlops(3, hiddenDim, hiddenDim, 1, 1, side, groups: hiddenDim)
        + 2L * side * side * dim * hiddenDim
        + (long)dim * side * side;

    /// <summary>DWMlp parameters: fc1, the 3×3 depthwise conv, fc2 (all with bias).</summary>
    public static long MlpParameters(int dim, int hiddenDim) =>
        (long)dim * hiddenDim + hiddenDim + 9L * hiddenDim + hiddenDim + (long)hiddenDim * dim + dim;

    /// <summary>ConvFFNBlock: norm2 + DWMlp.</summary>
    public static long ConvFfnBlockParameters(int dim, int hiddenDim) => 2L * dim + MlpParameters(dim, hiddenDim);

    /// <summary>Block (HiLo transformer block): norm1, attn, norm2, DWMlp.</summary>
    public static long HiLoBlockFlops(int side, int dim, int hiddenDim, int heads, int loFiHeads, int windowSize) =>
        (long)dim * side * side + HiLoFlops(side, dim, heads, loFiHeads, windowSize) + MlpWithNormFlops(side, dim, hiddenDim);

    public static long HiLoBlockParameters(int dim, int hiddenDim, int heads, int loFiHeads, bool qkvBias) =>
        4L * dim + HiLoParameters(dim, heads, loFiHeads, qkvBias) + MlpParameters(dim, hiddenDim);

    /// <summary>
    /// HiLo.flops(N): on the feature map padded to a multiple of the window (Hp = ws·⌈H/ws⌉, the reference's convention),
    /// Hi-Fi: qkv, per-window q·kᵀ and attn·v, projection; Lo-Fi: q, k/v from the pooled map, q·kᵀ and attn·v against
    /// the pooled keys, projection.
    /// </summary>
    public static long HiLoFlops(int side, int dim, int heads, int loFiHeads, int windowSize)
    {
        long headDim = dim / heads;
        long loFiDim = loFiHeads * headDim;
        long hiFiDim = (heads - loFiHeads) * headDim;
        long paddedSide = windowSize * CeilDiv(side, windowSize);
        long paddedTokens = paddedSide * paddedSide;
        long windowTokens = (long)windowSize * windowSize;

        long hiFi = paddedTokens * dim * hiFiDim * 3
            + paddedTokens / windowTokens * (windowTokens * windowTokens * hiFiDim * 2)
            + paddedTokens * hiFiDim * hiFiDim;

        long pooledTokens = (paddedSide / windowSize) * (paddedSide / windowSize);
        long loFi = paddedTokens * dim * loFiDim
            + pooledTokens * dim * loFiDim * 2
            + paddedTokens * loFiDim * pooledTokens * 2
            + paddedTokens * loFiDim * loFiDim;
        return hiFi + loFi;
    }

    /// <summary>HiLo parameters: l_q, l_kv, l_proj when Lo-Fi has heads; h_qkv, h_proj when Hi-Fi has heads.</summary>
    public static long HiLoParameters(int dim, int heads, int loFiHeads, bool qkvBias)
    {
        long headDim = dim / heads;
        long loFiDim = loFiHeads * headDim;
        long hiFiDim = (heads - loFiHeads) * headDim;
        long bias = qkvBias ? 1 : 0;
        long total = 0;
        if (loFiDim > 0)
            total += dim * loFiDim + bias * loFiDim + dim * 2 * loFiDim + bias * 2 * loFiDim + loFiDim * loFiDim + loFiDim;
        if (hiFiDim > 0)
            total += dim * 3 * hiFiDim + bias * 3 * hiFiDim + hiFiDim * hiFiDim + hiFiDim;
        return total;
    }

    /// <summary>
    /// DTM.flops(): the offset conv counted with 12 output channels (the reference's figure, although the layer has
    /// 2·k² = 8), the 2×2 stride-2 deformable conv, and its BatchNorm.
    /// </summary>
    public static long DtmFlops(int side, int dim) =>
        ConvFlops(2, dim, 12, 2, 0, side) + ConvFlops(2, dim, 2L * dim, 2, 0, side) + (long)(side / 2) * (side / 2) * 2 * dim;

    /// <summary>DTM parameters: deformable conv weight and bias, offset conv weight and bias, BatchNorm affine.</summary>
    public static long DtmParameters(int dim) => 2L * dim * dim * 4 + 2L * dim + 8L * dim * 4 + 8 + 2 * 2L * dim;

    /// <summary>
    /// LITv2.flops()'s last two terms: the final norm, counted as num_features · pr₀ · pr₁ // 2^num_layers (pr: the
    /// patch grid, e.g. 196 tokens at 224 px, although 49 remain), and the classifier.
    /// </summary>
    public static long HeadFlops(int features, int patchGrid, int stages, int classes) =>
        (long)features * patchGrid * patchGrid / (1L << stages) + (long)features * classes;

    public static long HeadParameters(int features, int classes) => 2L * features + (long)features * classes + classes;

    /// <summary>The Lo-Fi head count: all heads when ws = 1 (the reference's plain-attention case), else ⌊heads·α⌋.</summary>
    public static int LoFiHeads(int heads, double alpha, int windowSize) =>
        windowSize == 1 ? heads : (int)(heads * alpha);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
