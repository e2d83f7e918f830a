using System;
using System.Linq;
using LitDsl.Architecture;
using LitDsl.Blocks;
using LitDsl.Generator.Planning;

namespace LitDsl.Generator.Emission;

/// <summary>
/// Writes the generated half of a model class: its figures as constants, its layer table, its <c>Info</c>, and
/// <c>Build</c> as straight-line calls to the block builders, one per layer plan. A declaration with errors gets the
/// same members as a stub. Every type is <c>global::</c>-qualified and every identifier escaped, so nothing in the
/// user's code (a class named <c>var</c>, a namespace named <c>System</c>) changes what the generated code means.
/// </summary>
internal static class ModelEmitter
{
    internal const string GeneratedCodeAttribute =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"LitDsl.Generator\", \"" + global::LitDsl.Generator.GeneratorVersion.Value + "\")]";

    private const string Blocks = "global::LitDsl.Blocks.";
    private const string TensorValue = "global::LitDsl.Graph.TensorValue";
    private const string TensorValues = "global::System.Collections.Generic.IReadOnlyList<global::LitDsl.Graph.TensorValue>";
    private const string GraphBuilder = "global::LitDsl.Graph.GraphBuilder";
    private const string Dimension = "global::LitDsl.Graph.Dimension";
    private const string LayerInfo = "global::LitDsl.Models.LayerInfo";
    private const string LitModelInfo = "global::LitDsl.Models.LitModelInfo";
    private const string ModelOutput = "global::LitDsl.Models.ModelOutput";
    private const string BackboneInfo = "global::LitDsl.Models.BackboneInfo";

    public static string Emit(GeneratedModel model) => model switch
    {
        ModelPlan plan => Emit(plan),
        ModelStub stub => Emit(stub),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model.GetType().Name, "Unknown generated model."),
    };

    private static string Emit(ModelPlan plan) => Wrap(plan, writer =>
    {
        var backbone = plan.Backbone;
        var at = backbone is null ? "" : $" at its reference input {backbone.Height}×{backbone.Width}";
        writer.Line("/// <summary>")
            .Line($"/// Model <c>{plan.Name}</c>{(backbone is null ? "" : ", a backbone")}: {Literals.Grouped(plan.Parameters)} parameters, {Literals.Grouped(plan.Flops)} FLOPs{at}")
            .Line("/// (multiply-accumulates in the reference convention), computed by LitDsl at compile time.")
            .Line("/// </summary>")
            .Line(GeneratedCodeAttribute)
            .OpenBlock("partial class " + Identifiers.Escape(plan.Type.Name));
        WriteConstants(writer, plan.Name, $"The model's name: <c>{plan.Name}</c>.", plan.Parameters, plan.Flops,
            $"Learnable parameters: {Literals.Grouped(plan.Parameters)} (the reference's <c>numel()</c>).",
            $"FLOPs per sample{at}: {Literals.Grouped(plan.Flops)} (the reference's <c>flops()</c>).");
        writer.Line();
        WriteLayerTable(writer, plan);
        writer.Line();
        var stages = plan.Stages.Count == 0
            ? "global::System.Array.Empty<int[]>()"
            : "new int[][] { " + string.Join(", ", plan.Stages.Select(s => Literals.IntArray([s.Height, s.Width, s.Channels]))) + " }";
        WriteInfo(writer, plan, Literals.IntArray(plan.Input.Shape), Outputs(plan), stages, Backbone(plan));
        writer.Line();
        if (backbone is null)
        {
            WriteBuild(writer, plan);
        }
        else
        {
            WriteFlopsAt(writer, plan, backbone);
            writer.Line();
            WriteBackboneBuild(writer, plan, backbone);
        }
        writer.CloseBlock();
    });

    private static string Emit(ModelStub stub) => Wrap(stub, writer =>
    {
        var errors = string.Join(", ", stub.DiagnosticIds);
        writer.Line("/// <summary>")
            .Line($"/// The declaration has errors ({errors}): these members stand in for the generated ones, so that code using")
            .Line("/// them reports those errors alone. The build fails on the errors; <c>Build</c> throws if it is ever called.")
            .Line("/// </summary>")
            .Line(GeneratedCodeAttribute)
            .OpenBlock("partial class " + Identifiers.Escape(stub.Type.Name));
        WriteConstants(writer, stub.Name, "The model's name as declared.", 0, 0, "Not computed: the declaration has errors.", "Not computed: the declaration has errors.");
        writer.Line()
            .Line("/// <summary>Empty: the declaration has errors.</summary>")
            .Line($"public static global::System.Collections.Generic.IReadOnlyList<{LayerInfo}> Layers {{ get; }} =")
            .Line($"    global::System.Array.Empty<{LayerInfo}>();")
            .Line();
        WriteInfo(writer, stub, "global::System.Array.Empty<int>()", $"global::System.Array.Empty<{ModelOutput}>()",
            "global::System.Array.Empty<int[]>()", null);
        var message = Literals.String($"Model {stub.Name} ({stub.Type.DisplayName}) was not generated: its declaration has errors ({errors}).");
        writer.Line()
            .Line("/// <summary>Throws: the declaration has errors.</summary>");
        if (!stub.IsBackbone)
        {
            writer.Line($"public static {TensorValue} Build({GraphBuilder} graph) =>")
                .Line($"    throw new global::System.InvalidOperationException({message});")
                .CloseBlock();
            return;
        }
        writer.Line($"public static {TensorValues} Build({GraphBuilder} graph) =>")
            .Line($"    throw new global::System.InvalidOperationException({message});")
            .Line()
            .Line("/// <summary>Throws: the declaration has errors.</summary>")
            .Line($"public static {TensorValues} Build({GraphBuilder} graph, int height, int width) =>")
            .Line($"    throw new global::System.InvalidOperationException({message});")
            .Line()
            .Line("/// <summary>Throws: the declaration has errors.</summary>")
            .Line("public static long FlopsAt(int height, int width) =>")
            .Line($"    throw new global::System.InvalidOperationException({message});")
            .CloseBlock();
    });

    /// <summary>The file around the class: header, namespace and containing types, each <c>partial</c> as declared.</summary>
    private static string Wrap(GeneratedModel model, Action<SourceWriter> writeClass)
    {
        var writer = new SourceWriter();
        writer.Line("// <auto-generated/>").Line("#nullable enable").Line();
        var ns = Identifiers.Namespace(model.Type);
        if (ns.Length > 0) writer.OpenBlock("namespace " + ns);
        foreach (var containing in model.Type.ContainingTypes)
            writer.OpenBlock($"partial {containing.Keyword} {Identifiers.Escape(containing.Name)}");
        writeClass(writer);
        foreach (var _ in model.Type.ContainingTypes) writer.CloseBlock();
        if (ns.Length > 0) writer.CloseBlock();
        return writer.ToString();
    }

    private static void WriteConstants(SourceWriter writer, string name, string nameDoc, long parameters, long flops,
        string parametersDoc, string flopsDoc)
    {
        writer.Line($"/// <summary>{nameDoc}</summary>")
            .Line($"public const string ModelName = {Literals.String(name)};")
            .Line()
            .Line($"/// <summary>{parametersDoc}</summary>")
            .Line($"public const long Parameters = {Literals.Long(parameters)};")
            .Line()
            .Line($"/// <summary>{flopsDoc}</summary>")
            .Line($"public const long Flops = {Literals.Long(flops)};");
    }

    private static void WriteLayerTable(SourceWriter writer, ModelPlan plan)
    {
        writer.Line($"/// <summary>Every layer{(plan.Backbone is null ? "" : " at the reference input")}: reference name, kind, output shape per sample, parameters, FLOPs.</summary>")
            .Line($"public static global::System.Collections.Generic.IReadOnlyList<{LayerInfo}> Layers {{ get; }} =")
            .Line($"    new {LayerInfo}[]")
            .Line("    {");
        foreach (var layer in plan.TableLayers)
            writer.Line($"        new({Literals.String(layer.Name)}, {Literals.String(layer.Kind)}, {Literals.IntArray(layer.OutputShape)}, " +
                $"{Literals.Long(layer.Parameters)}, {Literals.Long(layer.Flops)}),");
        writer.Line("    };");
    }

    private static void WriteInfo(SourceWriter writer, GeneratedModel model, string inputShape, string outputs, string stages,
        string? backbone)
    {
        writer.Line("/// <summary>The model's description for the catalog, the CLI and the reports.</summary>")
            .Line($"public static {LitModelInfo} Info {{ get; }} = new(")
            .Line($"    ModelName, {Literals.String(model.Type.DisplayName)},")
            .Lines($"    {inputShape}, {outputs},")
            .Line($"    Parameters, Flops, {stages}, Layers, static graph => Build(graph)){(backbone is null ? ";" : "")}");
        if (backbone is not null) writer.Line("{").Line($"    Backbone = {backbone},").Line("};");
    }

    /// <summary>The outputs' descriptions, as a C# array expression (a backbone's one output a line).</summary>
    private static string Outputs(ModelPlan plan) => plan.Backbone is null
        ? $"new {ModelOutput}[] {{ " + string.Join(", ", plan.Outputs.Select(o => $"new({Literals.String(o.Name)}, {Literals.IntArray(o.Shape)})")) + " }"
        : $"new {ModelOutput}[]\n    {{\n" + string.Join("", plan.Outputs.Select(o =>
            $"        new({Literals.String(o.Name)}, {Literals.IntArray(o.Shape)}) {{ OutIndex = {o.OutIndex}, Stride = {o.Stride}, Normalized = {Literals.Bool(o.Normalized)} }},\n")) +
          "    }";

    private static string? Backbone(ModelPlan plan) => plan.Backbone is { } backbone
        ? $"new {BackboneInfo}({backbone.Height}, {backbone.Width}, {backbone.MinimumSide}, FlopsAt, static (graph, height, width) => Build(graph, height, width))"
        : null;

    private static void WriteBuild(SourceWriter writer, ModelPlan plan)
    {
        writer.Line("/// <summary>Adds the model to <paramref name=\"graph\"/>; returns its output.</summary>")
            .OpenBlock($"public static {TensorValue} Build({GraphBuilder} graph)");
        writer.Line($"{TensorValue} x = graph.Input(\"input\", {string.Join(", ", plan.Input.Shape.Select(d => Literals.Int(d)))});");
        foreach (var layer in plan.Layers) writer.Line(Call(layer, height: null, width: null));
        writer.Line($"return graph.Output(x, {Literals.String(plan.Outputs[0].Name)});");
        writer.CloseBlock();
    }

    /// <summary>
    /// A backbone's builds: with a symbolic height and width (traced at the reference input), at a fixed size, and the
    /// one both call, whose straight-line block calls take each stage's map size as computed from the input's.
    /// </summary>
    private static void WriteBackboneBuild(SourceWriter writer, ModelPlan plan, BackbonePlan backbone)
    {
        var input = (ImageInputPlan)plan.Input;
        var minimum = backbone.MinimumSide;
        writer.Line("/// <summary>")
            .Line("/// Adds the backbone to <paramref name=\"graph\"/> with a symbolic batch, height and width (one graph runs any input")
            .Line($"/// of at least {minimum}×{minimum}; traced at the reference input {backbone.Height}×{backbone.Width}); returns its outputs, one NCHW map per output stage.")
            .Line("/// </summary>")
            .Line($"public static {TensorValues} Build({GraphBuilder} graph) =>")
            .Line($"    Build(graph, {Dimension}.Symbol(\"height\", {backbone.Height}), {Dimension}.Symbol(\"width\", {backbone.Width}));")
            .Line()
            .Line("/// <summary>Adds the backbone to <paramref name=\"graph\"/> for inputs of exactly <paramref name=\"height\"/>×<paramref name=\"width\"/>; returns its outputs.</summary>")
            .OpenBlock($"public static {TensorValues} Build({GraphBuilder} graph, int height, int width)")
            .Line($"{BackboneInfo}.CheckSize(ModelName, height, width, {minimum});")
            .Line($"return Build(graph, {Dimension}.Fixed(height), {Dimension}.Fixed(width));")
            .CloseBlock()
            .Line()
            .OpenBlock($"private static {TensorValues} Build({GraphBuilder} graph, {Dimension} height, {Dimension} width)")
            .Line($"{TensorValue} x = graph.Input(\"input\", {input.Channels}, height, width);")
            .Line($"global::System.Collections.Generic.List<{TensorValue}> outputs = new({plan.Outputs.Count});");
        var map = new MapVariables(Dimension);
        foreach (var layer in plan.Layers)
        {
            if (layer is BackboneOutputPlan output)
            {
                writer.Line($"outputs.Add(graph.Output({Blocks}BackboneOutput.Build(graph, x, stageIndex: {output.StageIndex}, height: {map.Height}, " +
                    $"width: {map.Width}, normalize: {Literals.Bool(output.Normalize)}), {Literals.String(BackboneOutputNames.Output(output.StageIndex))}));");
                continue;
            }
            writer.Line(Call(layer, map.Height, map.Width));
            map.After(writer, layer);
        }
        writer.Line("return outputs;").CloseBlock();
    }

    /// <summary>
    /// <c>FlopsAt(height, width)</c>: the layer figures of <see cref="WriteBackboneBuild"/>'s calls, at the map sizes an
    /// H×W input gives, from each block's own cost formula; equal to <c>Flops</c> at the reference input.
    /// </summary>
    private static void WriteFlopsAt(SourceWriter writer, ModelPlan plan, BackbonePlan backbone)
    {
        var input = (ImageInputPlan)plan.Input;
        writer.Line("/// <summary>")
            .Line("/// FLOPs per sample at an input of <paramref name=\"height\"/>×<paramref name=\"width\"/> pixels, in the reference convention")
            .Line("/// (windowed mixers counted on their maps padded to whole windows, as the reference's <c>HiLo.flops</c>); equal to")
            .Line($"/// <see cref=\"Flops\"/> at the reference input {backbone.Height}×{backbone.Width}. Throws <see cref=\"global::System.ArgumentOutOfRangeException\"/>")
            .Line($"/// for a side outside [{backbone.MinimumSide}, {SizeLimits.ImageSize}].")
            .Line("/// </summary>")
            .OpenBlock("public static long FlopsAt(int height, int width)")
            .Line($"{BackboneInfo}.CheckSize(ModelName, height, width, {backbone.MinimumSide});")
            .Line("long flops = 0;")
            .OpenBlock("checked");
        var map = new MapVariables("int");
        foreach (var layer in plan.Layers)
        {
            var (h, w) = (map.Height, map.Width);
            var flops = layer switch
            {
                PatchEmbedPlan p => $"{Blocks}PatchEmbed.Flops({p.InChannels}, {p.PatchSize}, {p.EmbedDim}, {h}, {w})",
                ConvFfnBlockPlan c => $"{Blocks}ConvFfnBlock.Flops({h}, {w}, {c.OutputShape[1]}, {c.HiddenDim})",
                MixerBlockPlan m => $"{Blocks}MixerBlock.Flops({h}, {w}, {m.OutputShape[1]}, {m.HiddenDim}, {Spec(m.Mixer)})",
                DtmPlan d => $"{Blocks}Dtm.Flops({h}, {w}, {d.OutputShape[1] / 2})",
                ConvDownsamplePlan c => $"{Blocks}ConvDownsample.Flops({c.Kernel}, {c.Stride}, {c.Padding}, {c.InChannels}, {c.OutChannels}, {h}, {w})",
                LinGloBlockPlan l => $"{Blocks}LinGloBlock.Flops({h}, {w}, {l.OutputShape[1]}, {l.HiddenDim}, {Spec(l.Mixer)})",
                BackboneOutputPlan { Normalize: true } o => $"{Blocks}BackboneOutput.Flops({h}, {w}, {o.Dim})",
                BackboneOutputPlan => null,
                _ => throw new ArgumentOutOfRangeException(nameof(plan), layer.GetType().Name, "Not a backbone's layer."),
            };
            if (flops is not null) writer.Line($"flops += {flops};");
            map.After(writer, layer);
        }
        writer.CloseBlock().Line("return flops;").CloseBlock();
    }

    /// <summary>
    /// The variables that hold the current map's height and width in a backbone's generated code: the input's until the
    /// first layer that changes the map declares <c>h</c> and <c>w</c>, then updated after each such layer by the
    /// block's own size rule (its <c>GridSide</c> or <c>OutputSide</c>).
    /// </summary>
    private sealed class MapVariables(string type)
    {
        private bool _declared;

        public string Height => _declared ? "h" : "height";

        public string Width => _declared ? "w" : "width";

        public void After(SourceWriter writer, LayerPlan layer)
        {
            var (height, width) = layer switch
            {
                PatchEmbedPlan p => ($"{Blocks}PatchEmbed.GridSide({Height}, {p.PatchSize})", $"{Blocks}PatchEmbed.GridSide({Width}, {p.PatchSize})"),
                DtmPlan => ($"{Blocks}Dtm.OutputSide({Height})", $"{Blocks}Dtm.OutputSide({Width})"),
                ConvDownsamplePlan c => ($"{Blocks}ConvDownsample.OutputSide({Height}, {c.Kernel}, {c.Stride}, {c.Padding})",
                    $"{Blocks}ConvDownsample.OutputSide({Width}, {c.Kernel}, {c.Stride}, {c.Padding})"),
                _ => ((string?)null, (string?)null),
            };
            if (height is null) return;
            writer.Line(_declared ? $"(h, w) = ({height}, {width});" : $"{type} h = {height}, w = {width};");
            _declared = true;
        }
    }

    /// <summary>
    /// The block builder call of one layer plan; the map's size is the plan's (a classifier's) or, given
    /// <paramref name="height"/> and <paramref name="width"/>, those variables (a backbone's).
    /// </summary>
    private static string Call(LayerPlan layer, string? height, string? width)
    {
        var name = Literals.String(layer.Name);
        string H(int planned) => height ?? Literals.Int(planned);
        string W(int planned) => width ?? Literals.Int(planned);
        return layer switch
        {
            PatchEmbedPlan p =>
                $"x = {Blocks}PatchEmbed.Build(graph, x, {name}, patchSize: {p.PatchSize}, embedDim: {p.EmbedDim});",
            ConvFfnBlockPlan c =>
                $"x = {Blocks}ConvFfnBlock.Build(graph, x, {name}, height: {H(c.Height)}, width: {W(c.Width)}, hiddenDim: {c.HiddenDim});",
            MixerBlockPlan m =>
                $"x = {Blocks}MixerBlock.Build(graph, x, {name}, height: {H(m.Height)}, width: {W(m.Width)}, {Spec(m.Mixer)}, hiddenDim: {m.HiddenDim});",
            DtmPlan d =>
                $"x = {Blocks}Dtm.Build(graph, x, {name}, height: {H(d.Height)}, width: {W(d.Width)});",
            ConvDownsamplePlan c =>
                $"x = {Blocks}ConvDownsample.Build(graph, x, {name}, height: {H(c.Height)}, width: {W(c.Width)}, outChannels: {c.OutChannels}, kernel: {c.Kernel}, stride: {c.Stride}, padding: {c.Padding});",
            LinGloBlockPlan l =>
                $"x = {Blocks}LinGloBlock.Build(graph, x, {name}, height: {H(l.Height)}, width: {W(l.Width)}, {Spec(l.Mixer)}, hiddenDim: {l.HiddenDim}, cpeBranches: {l.CpeBranches});",
            MixerLayerPlan m =>
                $"x = {Blocks}MixerLayer.Build(graph, x, height: {H(m.Height)}, width: {W(m.Width)}, {Spec(m.Mixer)});",
            ClassifierHeadPlan h =>
                $"x = {Blocks}ClassifierHead.Build(graph, x, classes: {h.Classes}, referenceGridTokens: {Literals.Int(h.ReferenceGridTokens)}, referenceTokenDivisor: {Literals.Int(h.ReferenceTokenDivisor)});",
            _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.GetType().Name, "Unknown layer plan."),
        };
    }
    private static string Spec(MixerSpec mixer) =>
        $"new global::LitDsl.Blocks.MixerSpec(global::LitDsl.Mixer.{mixer.Kind}, Heads: {mixer.Heads}, LoFiHeads: {mixer.LoFiHeads}, " +
        $"WindowSize: {mixer.WindowSize}, ReductionRatio: {mixer.ReductionRatio}, QkvBias: {Literals.Bool(mixer.QkvBias)}" +
        (mixer.U1 == U1Form.Full ? ", U1: global::LitDsl.U1Form.Full" : "") +
        (mixer.PadToWindow ? ", PadToWindow: true" : "") + ")";
}
