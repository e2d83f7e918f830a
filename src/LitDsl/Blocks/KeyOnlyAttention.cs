using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// Key-only attention (Li and Liu, "Rethinking Query-Key Pairwise Interactions in Vision Transformers", eq. 2–4), per
/// head h of width d: K = X·W_K and V = X·W_V (<c>k</c>, <c>v</c>: C → C, split into heads); a saliency gate
/// A_h = softmax over the N positions of K_h·w_h/√d (<c>saliency.weight</c> [heads, d]); the global key context
/// G_h = Σᵢ A_h,i·K_h,i; Y_h = (G_h ⊙ V_h)·U1_h + K_h with a head-local U1 (<c>u1.weight</c> [heads, d, d] stored
/// [out, in] per head like nn.Linear, <c>u1.bias</c> [heads, d]); then U2 (<c>u2</c>: C → C) mixes the heads.
/// No query, no N×N map: linear in N.
/// <para>FLOPs, with N = H·W: 2·N·C² (k, v) + N·C (saliency) + N·C (G) + N·C·d (U1) + N·C² (U2)
/// = 3·N·C² + N·C·(d + 2); the softmax, ⊙ and + are element-wise and not counted (the HiLo convention).
/// Parameters = 3·C² + C·d + 3·C (saliency, U1 and U2 biases) + 2·C·[qkv bias].</para>
/// </summary>
public static class KeyOnlyAttention
{
    /// <summary>x [B, H·W, C] → [B, H·W, C].</summary>
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string prefix, int height, int width, MixerSpec spec)
    {
        const int B = GraphBuilder.Batch;
        var dim = x.Dim(-1);
        var tokens = height * width;
        x.Expect(B, tokens, dim);
        var (heads, headDim) = (spec.Heads, spec.HeadDim(dim));

        TensorValue Heads(TensorValue t) => graph.Transpose(graph.Reshape(t, B, tokens, heads, headDim), 0, 2, 1, 3);
        var k = Heads(Linear.Build(graph, x, ParameterNames.Join(prefix, "k"), dim, spec.QkvBias));     // [B, h, N, d]
        var v = Heads(Linear.Build(graph, x, ParameterNames.Join(prefix, "v"), dim, spec.QkvBias));

        // Saliency: one score per position and head, normalised over the positions.
        var gate = graph.Parameter(ParameterNames.Join(prefix, "saliency.weight"), [heads, headDim],
            ParameterInit.TruncatedNormal(0.02));
        var scores = graph.MatMul(k, graph.Reshape(gate, heads, headDim, 1));                          // [B, h, N, 1]
        scores = graph.Mul(scores, graph.FloatConstant((float)System.Math.Pow(headDim, -0.5)));
        var weights = graph.Softmax(scores, 2);
        var context = graph.MatMul(graph.Transpose(weights, 0, 1, 3, 2), k);                           // [B, h, 1, d]

        var u1Weight = graph.Parameter(ParameterNames.Join(prefix, "u1.weight"), [heads, headDim, headDim],
            ParameterInit.TruncatedNormal(0.02));
        var u1Bias = graph.Parameter(ParameterNames.Join(prefix, "u1.bias"), [heads, headDim], ParameterInit.Zeros);
        var gated = graph.MatMul(graph.Mul(context, v), graph.Transpose(u1Weight, 0, 2, 1));          // [B, h, N, d]
        var mixed = graph.Add(graph.Add(gated, graph.Reshape(u1Bias, heads, 1, headDim)), k);

        var merged = graph.Reshape(graph.Transpose(mixed, 0, 2, 1, 3), B, tokens, dim);
        return Linear.Build(graph, merged, ParameterNames.Join(prefix, "u2"), dim);
    }

    /// <summary>3·N·C² + N·C·(d + 2) with N = H·W and d = C / heads.</summary>
    public static long Flops(int height, int width, int dim, int heads)
    {
        long n = (long)height * width, c = dim, d = dim / heads;
        return 3 * n * c * c + n * c * (d + 2);
    }
}
