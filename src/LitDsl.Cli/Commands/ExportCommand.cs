using System.CommandLine;
using System.Globalization;
using System.IO;
using LitDsl.Graph;
using LitDsl.Onnx;

namespace LitDsl.Cli.Commands;

/// <summary><c>export &lt;model&gt; -o &lt;file.onnx&gt; [--seed N]</c>: writes the model as an ONNX file.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output)
    {
        var model = new Argument<string>("model") { Description = "Model name, as `report` lists them." };
        var file = new Option<FileInfo>("--output", "-o") { Description = "The .onnx file to write.", Required = true };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the reference initialisation used when no weights are given.",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("export", "Write a model as ONNX (IR 9, opset 20, symbolic batch).") { model, file, seed };
        command.SetAction(parse =>
        {
            var info = ModelLookup.Find(parse.GetValue(model)!);
            var path = parse.GetValue(file)!.FullName;
            var builder = new GraphBuilder(info.Name, new SeededWeights(parse.GetValue(seed)));
            info.Build(builder);
            var graph = builder.Finish();
            OnnxWriter.WriteFile(graph, path);
            var size = new FileInfo(path).Length;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path}: {info.Name}, {graph.Parameters:N0} parameters, {graph.Nodes.Count} nodes, {size:N0} bytes"));
            return ExitCodes.Success;
        });
        return command;
    }
}
