using System.Linq;
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
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string name, int outFeatures, bool bias = true) =>
        Apply(graph, x, Declare(graph, name, x.Dim(-1), outFeatures, bias));

    /// <summary>
    /// The same <c>nn.Linear</c> applied at every position of an NCHW map [B, in, H, W], as a 1×1 convolution. The
    /// parameters are the Linear's ([out, in] weight, bias), so checkpoints bind unchanged; the weight is reshaped to
    /// [out, in, 1, 1] in the graph, a node ONNX Runtime folds into a constant when the session is created.
    /// </summary>
    public static TensorValue BuildPointwise(GraphBuilder graph, TensorValue map, string name, int outFeatures)
    {
        var inFeatures = map.Dim(1);
        var linear = Declare(graph, name, inFeatures, outFeatures);
        var kernel = graph.Reshape(linear.Weight, outFeatures, inFeatures, 1, 1);
        return graph.Conv(map, kernel, linear.Bias, kernel: 1, stride: 1, padding: 0);
    }

    /// <summary>
    /// Declares <c>{name}.weight</c> [out, in] and, when asked, <c>{name}.bias</c> without applying them: blocks that
    /// apply several Linears as one product (<see cref="ApplySideBySide"/>) still declare their parameters in the
    /// reference <c>state_dict</c>'s order.
    /// </summary>
    public static LinearParameters Declare(GraphBuilder graph, string name, int inFeatures, int outFeatures, bool bias = true) =>
        new(graph.Parameter(name + ".weight", [outFeatures, inFeatures], ParameterInit.TruncatedNormal(0.02)),
            bias ? graph.Parameter(name + ".bias", [outFeatures], ParameterInit.Zeros) : null);

    /// <summary>Applies declared parameters over the last axis of <paramref name="x"/>.</summary>
    public static TensorValue Apply(GraphBuilder graph, TensorValue x, LinearParameters linear) =>
        graph.Linear(x, linear.Weight, linear.Bias);

    /// <summary>
    /// Several Linears that read the same <paramref name="x"/> as one Gemm, their outputs side by side on the last axis
    /// in the order given. The weights (and biases, all or none) are concatenated on the output axis inside the graph,
    /// a constant ONNX Runtime folds when the session is created, so the parameters keep their own names and
    /// checkpoints bind unchanged; every output column is the same dot product as in its own Linear. One wide Gemm
    /// keeps the matrix kernel busier than several narrow ones and saves their nodes.
    /// </summary>
    public static TensorValue ApplySideBySide(GraphBuilder graph, TensorValue x, params LinearParameters[] linears)
    {
        if (linears.Length == 1) return Apply(graph, x, linears[0]);
        var withBias = linears.Count(l => l.Bias is not null);
        if (withBias != 0 && withBias != linears.Length)
            throw new System.InvalidOperationException("Linears applied side by side must all have biases or none.");
        var weight = graph.Concat(0, [.. linears.Select(l => l.Weight)]);
        var bias = withBias == 0 ? null : graph.Concat(0, [.. linears.Select(l => l.Bias!)]);
        return graph.Linear(x, weight, bias);
    }
}
