using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using LitDsl.Models;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Cli.Commands;

/// <summary>
/// <c>run &lt;model&gt; --input x.npy --output y.npy [--weights w.pth]</c>: runs a model on a float32 .npy batch and writes the raw output
/// (logits for classifiers, features for single layers) as .npy.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Argument<string>("model") { Description = "Model name, as `report` lists them." };
        var input = new Option<FileInfo>("--input", "-i")
        {
            Description = "A float32 .npy batch shaped [N, …the model's input shape].",
            Required = true,
        };
        var outputFile = new Option<FileInfo>("--output", "-o") { Description = "The .npy file to write.", Required = true };
        var weights = new WeightOptions();
        var session = new SessionOptions();
        var command = new Command("run", "Run a model on a .npy batch and write its output as .npy.") { model, input, outputFile };
        weights.AddTo(command);
        session.AddTo(command);
        command.SetAction(parse =>
        {
            var info = ModelLookup.Find(parse.GetValue(model)!);
            var files = new CommandFiles();
            var inputPath = files.Input("--input", parse.GetValue(input)!.FullName);
            var weightsPath = weights.Input(parse, files);
            var outputPath = files.Output("--output", parse.GetValue(outputFile)!.FullName);

            var batch = NpyFile.Read(inputPath);
            CheckInputShape(info, batch, inputPath);

            var onnx = weights.Export(parse, weightsPath, info);
            using var inference = ModelSessions.Open(onnx, session.Read(parse), error);
            var result = inference.Run(batch.Data, batch.Shape);
            NpyFile.Write(outputPath, new FloatTensor(result.Shape, result.Data));

            var nonFinite = result.Data.Count(v => !float.IsFinite(v));
            var warning = nonFinite > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {nonFinite:N0} values are not finite") : "";
            output.WriteLine($"wrote {outputPath}: {info.Name} on {SessionOptions.Name(inference.Provider)}, output [{string.Join(", ", result.Shape)}]{warning}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void CheckInputShape(LitModelInfo model, FloatTensor batch, string path)
    {
        var expected = model.InputShape;
        if (batch.Shape.Length == expected.Length + 1 && batch.Shape.AsSpan(1).SequenceEqual(expected) && batch.Shape[0] > 0)
            return;
        throw new CliException(
            $"{path}: input shape [{string.Join(", ", batch.Shape)}] does not fit {model.Name}, which takes [N, {string.Join(", ", expected)}]",
            ExitCodes.Failure);
    }
}
