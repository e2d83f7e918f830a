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
/// <param name="InputShape">Shape of one input sample (NCHW without N, or tokens × dim for single layers).</param>
/// <param name="OutputShape">Shape of one output sample.</param>
/// <param name="Parameters">Learnable parameters, to the unit.</param>
/// <param name="Flops">Multiply-accumulates per sample in the reference convention, to the unit.</param>
/// <param name="Stages">Output shape of each stage (backbones; empty for single layers).</param>
/// <param name="Layers">The per-layer table, in graph order.</param>
/// <param name="Build">Adds the model's nodes to a graph builder and returns the output value.</param>
public sealed record LitModelInfo(
    string Name,
    string TypeName,
    int[] InputShape,
    int[] OutputShape,
    long Parameters,
    long Flops,
    IReadOnlyList<int[]> Stages,
    IReadOnlyList<LayerInfo> Layers,
    Func<GraphBuilder, TensorValue> Build);
