namespace LitDsl.Models;

/// <summary>
/// One row of a model's layer table, as the generator computed it at compile time.
/// </summary>
/// <param name="Name">The layer's prefix in the reference <c>state_dict</c> (<c>layers.2.blocks.0</c>).</param>
/// <param name="Kind">What the layer is, as the built graph's layer records name it too: <c>PatchEmbed</c>,
/// <c>ConvFfnBlock</c>, a transformer block named after its mixer (<c>HiLoBlock</c>, <c>MsaBlock</c>, …), <c>Dtm</c>,
/// <c>Head</c>, a single mixer (<c>HiLo</c>, <c>Sra</c>, …), <c>ConvDownsample</c>, <c>LinGloBlock</c>.</param>
/// <param name="OutputShape">Shape of one sample's output (the batch dimension left out).</param>
/// <param name="Parameters">Learnable parameters (the reference's <c>numel()</c>; buffers excluded).</param>
/// <param name="Flops">Multiply-accumulates in the reference code's <c>flops()</c> convention.</param>
public sealed record LayerInfo(string Name, string Kind, int[] OutputShape, long Parameters, long Flops);
