using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// The classifier: final LayerNorm (<c>norm</c>), mean over tokens, linear <c>head</c>: [B, N, C] → [B, classes].
/// <para>FLOPs = C·referenceNormTokens + C·classes. The reference charges the final norm for
/// patches_resolution² / 2^num_stages tokens (196 for LITv2 at 224 px: 56·56/16), not for the 49 tokens that actually
/// reach it; callers pass that count so the total matches the reference's <c>flops()</c>.</para>
/// </summary>
public static class ClassifierHead
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, int classes, int referenceNormTokens)
    {
        using var layer = graph.BeginLayer("head", "Head");
        var channels = x.Dim(-1);
        x.Expect(GraphBuilder.Batch, x.Dim(1), channels);

        var pooled = graph.ReduceMean(LayerNorm.Build(graph, x, "norm"), 1);
        var weight = graph.Parameter("head.weight", [classes, channels], ParameterInit.TruncatedNormal(0.02));
        var bias = graph.Parameter("head.bias", [classes], ParameterInit.Zeros);
        var logits = graph.GemmTransposedB(pooled, weight, bias);

        layer.AddFlops((long)channels * referenceNormTokens + (long)channels * classes);
        return layer.Complete(logits);
    }
}
