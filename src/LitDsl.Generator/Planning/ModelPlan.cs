using LitDsl.Generator.Declarations;
using LitDsl.Generator.Model;

namespace LitDsl.Generator.Planning;

/// <summary>What the generator writes for one class: a model's plan, or the stub of a declaration with errors.</summary>
internal abstract record GeneratedModel(GeneratedType Type, string Name);

/// <summary>
/// A checked model, decided down to every builder argument: its input, its layers in graph order, what it outputs, its
/// stages as reports show them, and its totals. Values only, and no source location: a declaration that only moves in
/// its file plans to an equal value, and nothing downstream runs again. The emitter only formats it.
/// </summary>
internal sealed record ModelPlan(
    GeneratedType Type,
    string Name,
    InputPlan Input,
    EquatableArray<LayerPlan> Layers,
    EquatableArray<OutputPlan> Outputs,
    EquatableArray<StagePlan> Stages,
    long Parameters,
    long Flops,
    BackbonePlan? Backbone = null)
    : GeneratedModel(Type, Name)
{
    /// <summary>The rows of the layer table: every layer plan that adds a layer record.</summary>
    public System.Collections.Generic.IEnumerable<LayerPlan> TableLayers => System.Linq.Enumerable.Where(Layers, l => l.IsLayer);
}

/// <summary>
/// A backbone's sizes: the reference input (<see cref="Height"/>×<see cref="Width"/>), at which its figures and layer
/// table are given and its symbolic graph is traced, and the smallest side it takes.
/// </summary>
internal sealed record BackbonePlan(int Height, int Width, int MinimumSide);

/// <summary>
/// The generated members of a declaration that has errors, so that user code naming them reports the LIT error and
/// nothing else: figures of 0 and a <c>Build</c> that throws, naming the errors (the build fails on them anyway); a
/// declaration with <c>[Backbone]</c> gets a backbone's members (its <c>Build</c> overloads and <c>FlopsAt</c>).
/// </summary>
internal sealed record ModelStub(GeneratedType Type, string Name, EquatableArray<string> DiagnosticIds, bool IsBackbone)
    : GeneratedModel(Type, Name);

/// <summary>The graph input, named <c>input</c>: an image (C×H×W) or a token grid (H·W tokens of Dim).</summary>
internal abstract record InputPlan(EquatableArray<int> Shape);

/// <summary>An image input, NCHW.</summary>
internal sealed record ImageInputPlan(int Channels, int Height, int Width)
    : InputPlan(new[] { Channels, Height, Width }.ToEquatableArray());

/// <summary>Tokens [H·W, Dim] of an H×W grid.</summary>
internal sealed record TokenInputPlan(int Height, int Width, int Dim)
    : InputPlan(new[] { Height * Width, Dim }.ToEquatableArray());

/// <summary>
/// One thing the model gives back: the graph output of that name and its shape per sample (<c>logits</c> of a
/// classifier, <c>output</c> of a single layer, read after the last layer; <c>out{i}</c> of a backbone, stage i's map
/// C×H×W at the reference size, with its stride to the input and whether it passes through its norm).
/// </summary>
internal sealed record OutputPlan(string Name, EquatableArray<int> Shape, int OutIndex = -1, int Stride = 0, bool Normalized = false);

/// <summary>A stage as the reports show it: its blocks' name, their number and the feature map they work on.</summary>
internal sealed record StagePlan(int Index, string Block, int Depth, int Height, int Width, int Channels);
