using System;
using System.Collections.Generic;
using LitDsl.Graph;

namespace LitDsl.Models;

/// <summary>
/// Everything the generator knows about one declared model, plus the means to build its graph. The generated class
/// exposes one as <c>Info</c>, and the generated module initializer registers it in <see cref="LitModelCatalog"/>.
/// </summary>
/// <param name="Name">Kebab-case model name (<c>litv2-s</c>).</param>
/// <param name="TypeName">The declaring class, fully qualified.</param>
/// <param name="InputShape">Shape of one input sample (NCHW without N, or tokens × dim for single layers); a backbone's
/// at its reference size.</param>
/// <param name="Outputs">The model's outputs in graph order: a classifier's logits, a single layer's output, a
/// backbone's feature maps.</param>
/// <param name="Parameters">Learnable parameters, to the unit.</param>
/// <param name="Flops">Multiply-accumulates per sample in the reference convention, to the unit (a backbone's at its
/// reference size; <see cref="BackboneInfo.FlopsAt"/> gives any other).</param>
/// <param name="Stages">Output shape (H, W, C) of each stage (empty for single layers).</param>
/// <param name="Layers">The per-layer table, in graph order.</param>
/// <param name="Build">Adds the model to a graph builder: its input, its nodes and its outputs (a backbone's with a
/// symbolic height and width).</param>
public sealed record LitModelInfo(
    string Name,
    string TypeName,
    int[] InputShape,
    IReadOnlyList<ModelOutput> Outputs,
    long Parameters,
    long Flops,
    IReadOnlyList<int[]> Stages,
    IReadOnlyList<LayerInfo> Layers,
    Action<GraphBuilder> Build)
{
    /// <summary>The first output's shape per sample: a classifier's logits ([classes]).</summary>
    public int[] OutputShape => Outputs[0].Shape;

    /// <summary>What a backbone adds (reference and smallest size, FLOPs at any size, fixed-size builds); null for other models.</summary>
    public BackboneInfo? Backbone { get; init; }
}
