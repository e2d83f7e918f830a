using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// <c>nn.Linear</c>: y = x·Wᵀ + b over the last axis. The weight is stored [out, in] as in the reference
/// <c>state_dict</c>, so the graph transposes it (ONNX Runtime folds that Transpose into a constant at load time).
/// Its FLOPs are counted by the enclosing block, as the reference does.
/// </summary>
public static class Linear
{
    /// <summary>Adds <c>{name}.weight</c> [out, in] (truncated normal, std 0.02) and, when asked, <c>{name}.bias</c> (zeros).</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string name, int outFeatures, bool bias = true)
    {
        var inFeatures = x.Dim(-1);
        var weight = graph.Parameter(name + ".weight", [outFeatures, inFeatures], ParameterInit.TruncatedNormal(0.02));
        var y = graph.MatMul(x, graph.Transpose(weight, 1, 0));
        if (!bias) return y;
        var biasValue = graph.Parameter(name + ".bias", [outFeatures], ParameterInit.Zeros);
        return graph.Add(y, biasValue);
    }
}
