using System.Collections.Generic;
using LitDsl.Architecture;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// The classifier: final LayerNorm (<c>norm</c>), mean over tokens, linear <c>head</c>: [B, N, C] → [B, classes].
/// <para>Parameters and FLOPs: <c>Architecture/ClassifierHeadCost.cs</c>.</para>
/// </summary>
public static class ClassifierHead
{
    /// <summary>
    /// The state_dict prefixes of the classifier's tensors (its final norm and head): what a classification checkpoint
    /// has and a backbone of the same architecture does not.
    /// </summary>
    public static IReadOnlyList<string> TensorPrefixes { get; } = [NormName + ".", HeadName + "."];

    private const string NormName = "norm";
    private const string HeadName = "head";

    /// <param name="referenceGridTokens">With <paramref name="referenceTokenDivisor"/>, how the model's reference counts
    /// the final norm: ⌊C·gridTokens / divisor⌋ operations (LITv2: the patch grid's tokens and 2^stages; a model that
    /// counts the tokens that reach the norm: those, and 1).</param>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, int classes, long referenceGridTokens,
        long referenceTokenDivisor)
    {
        using var layer = graph.BeginLayer("head", LayerKinds.Head);
        var channels = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, x.Dim(1), channels);

        var pooled = graph.ReduceMean(LayerNorm.Build(graph, x, NormName), 1);
        var logits = Linear.Build(graph, pooled, HeadName, classes);

        layer.AddFlops(ClassifierHeadCost.Flops(channels, classes, referenceGridTokens, referenceTokenDivisor));
        return layer.Complete(logits);
    }
}
