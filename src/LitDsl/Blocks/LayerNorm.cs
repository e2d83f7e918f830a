using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>
/// <c>nn.LayerNorm(C)</c> over the last axis, ε = 1e-5: <c>{name}.weight</c> (ones) and <c>{name}.bias</c> (zeros).
/// Its FLOPs (C per token, in the reference convention) are counted by the enclosing block.
/// </summary>
public static class LayerNorm
{
    public static TensorValue Build(GraphBuilder graph, TensorValue x, string name)
    {
        var channels = x.Dim(-1);
        var scale = graph.Parameter(name + ".weight", [channels], ParameterInit.Ones);
        var shift = graph.Parameter(name + ".bias", [channels], ParameterInit.Zeros);
        return graph.LayerNormalization(x, scale, shift, 1e-5f);
    }
}
