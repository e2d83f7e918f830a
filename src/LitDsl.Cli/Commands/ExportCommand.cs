using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Cli.Commands;

/// <summary>
/// <c>export &lt;model&gt; -o &lt;file.onnx&gt; [--weights w.pth | --seed N] [--size HxW]</c>: writes the model as an ONNX
/// file, its initializers from a checkpoint or the seeded reference initialisation. A backbone's file has a symbolic
/// batch, height and width (one file runs any input size); <c>--size</c> fixes its height and width instead.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Argument<string>("model") { Description = "Model name, as `report` lists them." };
        var file = new Option<FileInfo>("--output", "-o") { Description = "The .onnx file to write.", Required = true };
        var size = new InputSizeOption(
            "A backbone: fix the input's height and width (every shape static) instead of leaving them symbolic; another model takes only its own size.");
        var weights = new WeightOptions();
        var command = new Command("export", "Write a model as ONNX (IR 9, opset 20, symbolic batch; a backbone's height and width symbolic too).")
        {
            model, file, size.Option,
        };
        weights.AddTo(command);
        command.SetAction(parse =>
        {
            var info = ModelLookup.Find(parse.GetValue(model)!);
            (int, int)? fixedSize = size.IsGiven(parse) ? size.For(parse, info) : null;
            var files = new CommandFiles();
            var weightsPath = weights.Input(parse, files);
            var path = files.Output("--output", parse.GetValue(file)!.FullName);
            var source = weights.Open(parse, weightsPath, info, error);
            ModelGraph graph;
            try
            {
                graph = ModelSessions.Build(info, source, fixedSize);
            }
            finally
            {
                (source as IDisposable)?.Dispose();
            }
            AtomicFile.Write(path, stream => OnnxWriter.Write(graph, stream));
            var bytes = new FileInfo(path).Length;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path}: {info.Name}, {graph.Parameters:N0} parameters{WeightsNote(parse, weights)}, {graph.Nodes.Count} nodes, {bytes:N0} bytes{InputNote(info, graph)}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string WeightsNote(ParseResult parse, WeightOptions weights) =>
        weights.HasWeights(parse) ? " from " + parse.GetValue(weights.Weights)!.Name : "";

    /// <summary>A backbone's input and outputs as the file declares them: symbolic sizes by their formulas.</summary>
    private static string InputNote(Models.LitModelInfo info, ModelGraph graph) => info.Backbone is not { } backbone ? ""
        : $"; input {Shape(graph.Inputs[0])}" + (graph.Inputs[0].IsStatic ? "" : string.Create(CultureInfo.InvariantCulture,
            $" (any height and width from {backbone.MinimumSide})")) + "; outputs " + string.Join(", ", graph.Outputs.Select(o => $"{o.Name} {Shape(o)}"));

    private static string Shape(TensorValue value) => "[" + string.Join(", ", value.Dimensions) + "]";
}
