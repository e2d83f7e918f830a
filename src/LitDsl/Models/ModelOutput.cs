namespace LitDsl.Models;

/// <summary>
/// One output of a model, as the generator planned it: the graph output's name and the shape of one sample at the
/// model's size (a backbone's at its reference size). A classifier has one, <c>logits</c>; a single layer one,
/// <c>output</c>; a backbone one per output stage, <c>out{i}</c>, an NCHW map C×H×W.
/// </summary>
/// <param name="Name">The graph output's name.</param>
/// <param name="Shape">Shape of one sample (the batch dimension left out).</param>
public sealed record ModelOutput(string Name, int[] Shape)
{
    /// <summary>A backbone output: the stage's 0-based index, as the reference's <c>out_indices</c>; otherwise -1.</summary>
    public int OutIndex { get; init; } = -1;

    /// <summary>A backbone output: how many input pixels one position of the map spans on a side (4, 8, 16, 32); otherwise 0.</summary>
    public int Stride { get; init; }

    /// <summary>A backbone output: whether it passes through the backbone's LayerNorm <c>norm{i}</c>.</summary>
    public bool Normalized { get; init; }

    /// <summary>The map's channels: the first dimension of the shape.</summary>
    public int Channels => Shape.Length > 0 ? Shape[0] : 0;
}
