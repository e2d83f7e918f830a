using System;
using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>The two forms of an RP-CPE in a graph.</summary>
public enum RpCpeForm
{
    /// <summary>One 3×3 depthwise convolution with bias, folded from the branches at export (the deployed form).</summary>
    Folded,

    /// <summary>The training-time form: every 3×3 depthwise conv + BatchNorm branch and the skip, summed.</summary>
    Branches,
}

/// <summary>
/// Residual parallel conditional positional encoding (LinGlo, § 3.2) on a map [B, C, H, W]:
/// y = x + Σ_b BN_b(DWConv3×3_b(x)) at training time, each branch a bias-free depthwise conv
/// (<c>{prefix}.branches.{b}.conv.weight</c> [C, 1, 3, 3]) and a BatchNorm (<c>{prefix}.branches.{b}.bn.*</c>).
/// All of it is linear, so it folds (Ding et al., DBB/RepVGG) into one depthwise conv: per channel,
/// W = Σ_b (γ_b/√(σ²_b + ε))·W_b + δ (the skip: 1 at the centre tap), bias = Σ_b (β_b − γ_b·μ_b/√(σ²_b + ε)).
/// The folded form is what models export: <c>{prefix}.weight</c> [C, 1, 3, 3] and <c>{prefix}.bias</c>, computed from
/// the branches' tensors as the weight source supplies them. FLOPs (folded): <c>LinGloBlockCost.RpCpeFlops</c>.
/// </summary>
public static class RpCpe
{
    private const float Epsilon = 1e-5f;

    /// <summary>Adds the RP-CPE in the asked form; the parameters counted are those of that form.</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue map, string prefix, int branches, RpCpeForm form)
    {
        if (branches < 1) throw new InvalidOperationException($"RP-CPE: {branches} branches.");
        var channels = map.Dim(1);
        if (form == RpCpeForm.Folded)
        {
            var (weight, bias) = Fold(graph.Weights, prefix, channels, branches);
            return graph.Conv(map, graph.Parameter(prefix + ".weight", [channels, 1, 3, 3], weight),
                graph.Parameter(prefix + ".bias", [channels], bias), kernel: 3, stride: 1, padding: 1, groups: channels);
        }

        var sum = map;   // the skip connection
        for (var b = 0; b < branches; b++)
        {
            var name = $"{prefix}.branches.{b}";
            var convolved = graph.Conv(map, graph.Parameter(name + ".conv.weight", [channels, 1, 3, 3], BranchInit), null,
                kernel: 3, stride: 1, padding: 1, groups: channels);
            var normed = graph.BatchNormalization(convolved,
                graph.Parameter(name + ".bn.weight", [channels], ParameterInit.Ones),
                graph.Parameter(name + ".bn.bias", [channels], ParameterInit.Zeros),
                graph.Buffer(name + ".bn.running_mean", [channels], ParameterInit.Zeros),
                graph.Buffer(name + ".bn.running_var", [channels], ParameterInit.Ones), Epsilon);
            sum = graph.Add(sum, normed);
        }
        return sum;
    }

    /// <summary>
    /// The folded depthwise kernel [C·9] and bias [C] of the branches under <paramref name="prefix"/>, read from
    /// <paramref name="weights"/>; sums are taken in double so the fold adds no rounding of its own.
    /// </summary>
    public static (float[] Weight, float[] Bias) Fold(IWeightSource weights, string prefix, int channels, int branches)
    {
        var weight = new double[channels * 9];
        var bias = new double[channels];
        for (var b = 0; b < branches; b++)
        {
            var name = $"{prefix}.branches.{b}";
            var kernel = weights.GetTensor(name + ".conv.weight", [channels, 1, 3, 3], BranchInit);
            var gamma = weights.GetTensor(name + ".bn.weight", [channels], ParameterInit.Ones);
            var beta = weights.GetTensor(name + ".bn.bias", [channels], ParameterInit.Zeros);
            var mean = weights.GetTensor(name + ".bn.running_mean", [channels], ParameterInit.Zeros);
            var variance = weights.GetTensor(name + ".bn.running_var", [channels], ParameterInit.Ones);
            for (var c = 0; c < channels; c++)
            {
                // BatchNormalization computes (x − μ)/√(σ² + ε) in float32; ε is that float32 value.
                var scale = gamma[c] / Math.Sqrt(variance[c] + (double)Epsilon);
                for (var tap = 0; tap < 9; tap++) weight[c * 9 + tap] += scale * kernel[c * 9 + tap];
                bias[c] += beta[c] - scale * mean[c];
            }
        }
        for (var c = 0; c < channels; c++) weight[c * 9 + 4] += 1;   // the skip: identity at the centre tap
        return (Array.ConvertAll(weight, w => (float)w), Array.ConvertAll(bias, v => (float)v));
    }

    /// <summary>PyTorch's default conv init for a depthwise 3×3 kernel: fan_in = 9.</summary>
    private static ParameterInit BranchInit => ParameterInit.UniformFanIn(9);
}
