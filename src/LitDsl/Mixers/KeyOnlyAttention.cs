using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// Key-only attention (Li and Liu, "Rethinking Query-Key Pairwise Interactions in Vision Transformers", eq. 2–4), per
/// head h of width d: K = X·W_K and V = X·W_V (<c>k</c>, <c>v</c>: C → C, split into heads); a saliency gate
/// A_h = softmax over the N positions of K_h·w_h/√d (<c>saliency.weight</c> [heads, d]); the global key context
/// G_h = Σᵢ A_h,i·K_h,i; Y = (G ⊙ V)·U1 + K; then U2 (<c>u2</c>: C → C) mixes the heads. No query, no N×N map:
/// linear in N. U1 (<see cref="U1Form"/>) is either head-local, one d×d matrix per head (<c>u1.weight</c>
/// [heads, d, d] stored [out, in] per head like nn.Linear, <c>u1.bias</c> [heads, d]), or one C×C Linear over all
/// channels (<c>u1.weight</c> [C, C], <c>u1.bias</c> [C]).
/// <para>Parameters and FLOPs: <c>Architecture/KeyOnlyCost.cs</c>.</para>
/// </summary>
public static class KeyOnlyAttention
{
    /// <summary>x [B, H·W, C] → [B, H·W, C].</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, Dimension height, Dimension width, MixerSpec spec)
    {
        const int B = GraphBuilder.Batch;
        var dim = x.Dim(-1);
        var tokens = height * width;
        x.Expect(B, tokens, dim);
        var (heads, headDim) = (spec.Heads, spec.HeadDim(dim));

        TensorValue Heads(TensorValue t) => Mixers.SplitHeads(graph, t, headDim, heads)[0];
        var k = Heads(Linear.Build(graph, x, ParameterNames.Join(prefix, "k"), dim, spec.QkvBias));     // [B, h, N, d]
        var v = Heads(Linear.Build(graph, x, ParameterNames.Join(prefix, "v"), dim, spec.QkvBias));

        // Saliency: one score per position and head, normalised over the positions.
        var gate = graph.Parameter(ParameterNames.Join(prefix, "saliency.weight"), [heads, headDim],
            ParameterInit.TruncatedNormal(0.02));
        var scores = graph.MatMul(k, graph.Reshape(gate, heads, headDim, 1));                          // [B, h, N, 1]
        scores = graph.Mul(scores, graph.FloatConstant((float)System.Math.Pow(headDim, -0.5)));
        var weights = graph.Softmax(scores, 2);
        var context = graph.MatMul(graph.Transpose(weights, 0, 1, 3, 2), k);                           // [B, h, 1, d]

        TensorValue Merged(TensorValue t) => Mixers.MergeHeads(graph, t, tokens, dim);                 // [B, N, C]
        var gatedValues = graph.Mul(context, v);                                                       // [B, h, N, d]
        TensorValue mixed;
        if (spec.U1 == U1Form.Full)
        {
            mixed = graph.Add(Linear.Build(graph, Merged(gatedValues), ParameterNames.Join(prefix, "u1"), dim), Merged(k));
        }
        else
        {
            var u1Weight = graph.Parameter(ParameterNames.Join(prefix, "u1.weight"), [heads, headDim, headDim],
                ParameterInit.TruncatedNormal(0.02));
            var u1Bias = graph.Parameter(ParameterNames.Join(prefix, "u1.bias"), [heads, headDim], ParameterInit.Zeros);
            var gated = graph.MatMul(gatedValues, graph.Transpose(u1Weight, 0, 2, 1));                  // [B, h, N, d]
            mixed = Merged(graph.Add(graph.Add(gated, graph.Reshape(u1Bias, heads, 1, headDim)), k));
        }
        return Linear.Build(graph, mixed, ParameterNames.Join(prefix, "u2"), dim);
    }
}
