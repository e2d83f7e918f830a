using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using LitDsl.Graph;
using LitDsl.Onnx;

namespace LitDsl.Cli.Commands;

/// <summary>
/// <c>export &lt;model&gt; -o &lt;file.onnx&gt; [--weights w.pth | --seed N]</c>: writes the model as an ONNX file, its
/// initializers from a checkpoint or the seeded reference initialisation.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Argument<string>("model") { Description = "Model name, as `report` lists them." };
        var file = new Option<FileInfo>("--output", "-o") { Description = "The .onnx file to write.", Required = true };
        var weights = new WeightOptions();
        var command = new Command("export", "Write a model as ONNX (IR 9, opset 20, symbolic batch).") { model, file };
        weights.AddTo(command);
        command.SetAction(parse =>
        {
            var info = ModelLookup.Find(parse.GetValue(model)!);
            var files = new CommandFiles();
            var weightsPath = weights.Input(parse, files);
            var path = files.Output("--output", parse.GetValue(file)!.FullName);
            var source = weights.Open(parse, weightsPath, info);
            ModelGraph graph;
            try
            {
                var builder = new GraphBuilder(info.Name, source);
                info.Build(builder);
                graph = builder.Finish();
            }
            finally
            {
                (source as IDisposable)?.Dispose();
            }
            OnnxWriter.WriteFile(graph, path);
            var size = new FileInfo(path).Length;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path}: {info.Name}, {graph.Parameters:N0} parameters{WeightsNote(parse, weights)}, {graph.Nodes.Count} nodes, {size:N0} bytes"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string WeightsNote(ParseResult parse, WeightOptions weights) =>
        weights.HasWeights(parse) ? " from " + parse.GetValue(weights.Weights)!.Name : "";
}
