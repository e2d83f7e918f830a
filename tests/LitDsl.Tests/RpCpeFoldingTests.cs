using System;
using System.Linq;
using LitDsl.Blocks;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Runtime;
using Xunit;

namespace LitDsl.Tests;

/// <summary>
/// RP-CPE re-parameterisation: a LinGlo block exported with its RP-CPE folded into one depthwise convolution computes
/// what the training-time form (four conv + BatchNorm branches and the skip) computes, on ONNX Runtime CPU, with
/// random non-trivial weights and BatchNorm statistics.
/// </summary>
public sealed class RpCpeFoldingTests
{
    private const int Side = 5, Channels = 12, Heads = 3, Hidden = 48, Branches = 4;

    /// <summary>Every tensor drawn from a generator seeded by its name; BatchNorm statistics far from identity.</summary>
    private sealed class RandomWeights : IWeightSource
    {
        public float[] GetTensor(string name, int[] shape, ParameterInit init)
        {
            var random = new Random(StableHash(name));
            var values = new float[shape.Aggregate(1, (a, d) => a * d)];
            for (var i = 0; i < values.Length; i++)
            {
                var uniform = random.NextDouble();
                values[i] = (float)(name.EndsWith(".bn.running_var", StringComparison.Ordinal) ? 0.5 + 1.5 * uniform
                    : name.EndsWith(".bn.weight", StringComparison.Ordinal) ? 0.5 + uniform
                    : name.EndsWith(".bn.running_mean", StringComparison.Ordinal) ? 0.4 * (uniform - 0.5)
                    : (uniform - 0.5) * 0.8);
            }
            return values;
        }

        private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c));
    }

    private static ModelGraph BuildBlock(RpCpeForm form)
    {
        var graph = new GraphBuilder("rpcpe-" + form, new RandomWeights());
        var x = graph.Input("input", Side * Side, Channels);
        var spec = new MixerSpec(Mixer.KeyOnly, Heads, 0, 0, 0, QkvBias: true);
        x = LinGloBlock.Build(graph, x, "block", Side, Side, spec, Hidden, Branches, form);
        graph.Output(x, "output");
        return graph.Finish();
    }

    private static float[] Run(ModelGraph graph, float[] input) => GraphRunner.Run(graph, input, [2, Side * Side, Channels]);

    [Fact]
    public void The_folded_graph_computes_what_the_branches_compute()
    {
        var random = new Random(7);
        var input = Enumerable.Range(0, 2 * Side * Side * Channels).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var folded = BuildBlock(RpCpeForm.Folded);
        var branches = BuildBlock(RpCpeForm.Branches);

        var expected = Run(branches, input);
        var actual = Run(folded, input);

        double maxDifference = 0, maxValue = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs((double)actual[i] - expected[i]));
            maxValue = Math.Max(maxValue, Math.Abs((double)expected[i]));
        }
        Assert.True(maxDifference / maxValue < 1e-5, $"relative error {maxDifference / maxValue:E3}");

        // The branches must matter, or the comparison proves nothing: without them the output moves far more than 1e-5.
        Assert.True(CpeContribution(branches, input, expected) > 1e-2);
    }

    [Fact]
    public void Folding_leaves_one_depthwise_convolution_with_the_deployed_parameter_count()
    {
        var folded = BuildBlock(RpCpeForm.Folded);
        var branches = BuildBlock(RpCpeForm.Branches);

        // fc1 and fc2 are 1×1 convolutions too; the RP-CPE's are the depthwise ones (one group per channel).
        static bool Depthwise(Node n) => n.OpType == "Conv" && n.Attributes.Any(a => a.Name == "group" && a.Int > 1);
        Assert.Single(folded.Nodes, Depthwise);
        Assert.Equal(Branches, branches.Nodes.Count(Depthwise));
        Assert.DoesNotContain(folded.Nodes, n => n.OpType == "BatchNormalization");
        // Training time: per branch a 3×3 kernel and BatchNorm's γ, β per channel; deployed: one kernel and a bias.
        Assert.Equal(branches.Parameters - Branches * 11L * Hidden + 10L * Hidden, folded.Parameters);
        Assert.Equal(new[] { "block.mlp.cpe.bias", "block.mlp.cpe.weight" },
            folded.Initializers.Select(i => i.Name).Where(n => n.StartsWith("block.mlp.cpe", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public void Folding_adds_the_skip_at_the_centre_tap_and_the_branches_scaled_by_their_norms()
    {
        var weights = new RandomWeights();
        var (kernel, bias) = RpCpe.Fold(weights, "p", channels: 2, branches: 2);
        double expectedCentre = 1, expectedBias = 0;
        for (var b = 0; b < 2; b++)
        {
            var conv = weights.GetTensor($"p.branches.{b}.conv.weight", [2, 1, 3, 3], default);
            var gamma = weights.GetTensor($"p.branches.{b}.bn.weight", [2], default)[1];
            var beta = weights.GetTensor($"p.branches.{b}.bn.bias", [2], default)[1];
            var mean = weights.GetTensor($"p.branches.{b}.bn.running_mean", [2], default)[1];
            var variance = weights.GetTensor($"p.branches.{b}.bn.running_var", [2], default)[1];
            var scale = gamma / Math.Sqrt(variance + 1e-5f);
            expectedCentre += scale * conv[9 + 4];
            expectedBias += beta - scale * mean;
        }
        Assert.Equal(expectedCentre, kernel[9 + 4], 5);
        Assert.Equal(expectedBias, bias[1], 5);
    }

    /// <summary>max |output − output without the RP-CPE's branches| / max |output|, on the training-time form.</summary>
    private static double CpeContribution(ModelGraph branches, float[] input, float[] expected)
    {
        // Drop every branch by zeroing the BatchNorm scales and shifts: the block then sees only the skip.
        var zeroed = branches with
        {
            Initializers = branches.Initializers.Select(i => i.Name.Contains(".bn.weight", StringComparison.Ordinal)
                || i.Name.Contains(".bn.bias", StringComparison.Ordinal)
                    ? i with { FloatData = new float[i.FloatData!.Length] } : i).ToArray(),
        };
        var without = Run(zeroed, input);
        double difference = 0, scale = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference = Math.Max(difference, Math.Abs((double)without[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        return difference / scale;
    }
}
