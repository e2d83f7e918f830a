using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using LitDsl.Models;
using LitDsl.Runtime;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Cli.Commands;

/// <summary>
/// <c>run &lt;model&gt; --input x.npy --output y.npy|y.npz [--weights w.pth]</c>: runs a model on a float32 .npy batch and
/// writes the raw output (logits for classifiers, features for single layers) as .npy, or every output as .npz (one
/// array per output, in output order, named after it: a backbone's feature maps out0, out1, …).
/// </summary>
internal static class RunCommand
{
    private const string ArchiveExtension = ".npz";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Argument<string>("model") { Description = "Model name, as `report` lists them." };
        var input = new Option<FileInfo>("--input", "-i")
        {
            Description = "A float32 .npy batch shaped [N, …the model's input shape] (a backbone's: [N, C, any height, any width]).",
            Required = true,
        };
        var outputFile = new Option<FileInfo>("--output", "-o")
        {
            Description = "The file to write: .npz holds every output, one array each named after it; .npy the one output of a model that has one.",
            Required = true,
        };
        var weights = new WeightOptions();
        var session = new SessionOptions();
        var command = new Command("run", "Run a model on a .npy batch and write its output as .npy, or every output as .npz.") { model, input, outputFile };
        weights.AddTo(command);
        session.AddTo(command);
        command.SetAction(parse =>
        {
            var info = ModelLookup.Find(parse.GetValue(model)!);
            var files = new CommandFiles();
            var inputPath = files.Input("--input", parse.GetValue(input)!.FullName);
            var weightsPath = weights.Input(parse, files);
            var outputPath = files.Output("--output", parse.GetValue(outputFile)!.FullName);
            var archive = outputPath.EndsWith(ArchiveExtension, StringComparison.OrdinalIgnoreCase);
            if (!archive && info.Outputs.Count > 1)
            {
                throw new CliException(
                    $"--output {outputPath}: {info.Name} has {info.Outputs.Count} outputs ({string.Join(", ", info.Outputs.Select(o => o.Name))}); write them to an {ArchiveExtension} file",
                    ExitCodes.Usage);
            }

            var batch = NpyFile.Read(inputPath);
            CheckInputShape(info, batch, inputPath);

            var onnx = weights.Export(parse, weightsPath, info, error);
            var options = info.Backbone is null ? session.Read(parse) : ModelSessions.ForInputSize(session.Read(parse), info, batch.Shape[2], batch.Shape[3]);
            using var inference = ModelSessions.Open(onnx, options, error);
            var results = inference.RunAll(batch.Data, batch.Shape);
            if (archive)
                NpzFile.Write(outputPath, [.. results.Select(r => new KeyValuePair<string, FloatTensor>(r.Name, new FloatTensor(r.Shape, r.Data)))]);
            else
                NpyFile.Write(outputPath, new FloatTensor(results[0].Shape, results[0].Data));

            var nonFinite = results.Sum(r => r.Data.Count(v => !float.IsFinite(v)));
            var warning = nonFinite > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {nonFinite:N0} values are not finite") : "";
            var shapes = results.Count == 1
                ? $"output [{string.Join(", ", results[0].Shape)}]"
                : "outputs " + string.Join(", ", results.Select(r => $"{r.Name} [{string.Join(", ", r.Shape)}]"));
            output.WriteLine($"wrote {outputPath}: {info.Name} on {SessionOptions.Name(inference.Provider)}, {shapes}{warning}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The batch fits the model: its input shape after the batch, or, for a backbone, its channels at any height and
    /// width the backbone takes.
    /// </summary>
    private static void CheckInputShape(LitModelInfo model, FloatTensor batch, string path)
    {
        var expected = model.InputShape;
        if (model.Backbone is { } backbone)
        {
            if (batch.Shape is [> 0, var channels, var height, var width] && channels == expected[0] && backbone.Takes(height, width))
                return;
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: input shape [{string.Join(", ", batch.Shape)}] does not fit {model.Name}, which takes [N, {expected[0]}, H, W] with H and W from {backbone.MinimumSide} to {BackboneInfo.MaximumSide}"),
                ExitCodes.Failure);
        }
        if (batch.Shape.Length == expected.Length + 1 && batch.Shape.AsSpan(1).SequenceEqual(expected) && batch.Shape[0] > 0)
            return;
        throw new CliException(
            $"{path}: input shape [{string.Join(", ", batch.Shape)}] does not fit {model.Name}, which takes [N, {string.Join(", ", expected)}]",
            ExitCodes.Failure);
    }
}
