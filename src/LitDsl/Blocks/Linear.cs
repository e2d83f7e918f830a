using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// <c>nn.Linear</c>: y = x·Wᵀ + b over the last axis. The weight stays [out, in] as in the reference
/// <c>state_dict</c> (checkpoints bind by name and layout); <see cref="GraphBuilder.Linear"/> emits a Gemm with
/// transB = 1, so no Transpose of the weight appears in the graph and the bias is added inside the Gemm.
/// Its FLOPs are counted by the enclosing block, as the reference does.
/// </summary>
public static class Linear
{
    /// <summary>Adds <c>{name}.weight</c> [out, in] (truncated normal, std 0.02) and, when asked, <c>{name}.bias</c> (zeros).</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string name, int outFeatures, bool bias = true)
    {
        var inFeatures = x.Dim(-1);
        var weight = graph.Parameter(name + ".weight", [outFeatures, inFeatures], ParameterInit.TruncatedNormal(0.02));
        var biasValue = bias ? graph.Parameter(name + ".bias", [outFeatures], ParameterInit.Zeros) : null;
        return graph.Linear(x, weight, biasValue);
    }

    /// <summary>
    /// The same <c>nn.Linear</c> applied at every position of an NCHW map [B, in, H, W], as a 1×1 convolution. The
    /// parameters are the Linear's ([out, in] weight, bias), so checkpoints bind unchanged; the weight is reshaped to
    /// [out, in, 1, 1] in the graph, a node ONNX Runtime folds into a constant when the session is created.
    /// </summary>
    public static TensorValue BuildPointwise(GraphBuilder graph, TensorValue map, string name, int outFeatures)
    {
        var inFeatures = map.Dim(1);
        var weight = graph.Parameter(name + ".weight", [outFeatures, inFeatures], ParameterInit.TruncatedNormal(0.02));
        var bias = graph.Parameter(name + ".bias", [outFeatures], ParameterInit.Zeros);
        var kernel = graph.Reshape(weight, outFeatures, inFeatures, 1, 1);
        return graph.Conv(map, kernel, bias, kernel: 1, stride: 1, padding: 0);
    }
}
