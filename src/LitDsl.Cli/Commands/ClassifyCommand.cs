using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using LitDsl.Cli.Classifying;
using LitDsl.Models;
using LitDsl.Runtime.Imaging;

namespace LitDsl.Cli.Commands;

/// <summary>
/// <c>classify &lt;model&gt; --weights &lt;file&gt; &lt;images…&gt; [--batch N] [--threads N] [--provider P] [--json]</c>:
/// the top-5 classes of each JPEG/PNG image with softmax probabilities, after the reference's evaluation preprocessing.
/// ImageNet-1k names label 1000-class models; other models print class indices. A file that cannot be read is one
/// <c>error: FILE: …</c> line on stderr (the others are still classified) and makes the exit code 1.
/// </summary>
internal static class ClassifyCommand
{
    /// <summary>Lists at least this long show progress even when stderr is not a terminal.</summary>
    internal const int LongList = 256;

    private const int TopCount = 5;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Argument<string>("model") { Description = "Model name, as `report` lists them." };
        var images = new Argument<string[]>("images")
        {
            Description = "JPEG or PNG files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var weights = new Option<FileInfo>("--weights", "-w")
        {
            Description = "The model's weights: a .pth (torch.save) or .safetensors state_dict with the reference's key names.",
            Required = true,
        };
        var batch = new Option<int>("--batch") { Description = "Images per run.", DefaultValueFactory = _ => 8 }
            .InRange(1, 1024, "between 1 and 1024");
        var json = new Option<bool>("--json") { Description = "Machine-readable output (camelCase fields)." };
        var session = new SessionOptions();
        var command = new Command("classify", "Classify JPEG/PNG images: top-5 classes with probabilities.")
        {
            model, images, weights, batch, json,
        };
        session.AddTo(command);
        command.SetAction(parse =>
        {
            var info = ModelLookup.Find(parse.GetValue(model)!);
            var (size, classes) = ClassifierShape(info);
            var weightsPath = new CommandFiles().Input("--weights", parse.GetValue(weights)!.FullName);
            var files = parse.GetValue(images)!;
            var batchSize = Math.Min(parse.GetValue(batch), files.Length);
            ModelSessions.BatchShape(info, batchSize); // sized before anything is allocated

            var inference = session.Read(parse);
            inference = inference with
            {
                TensorRt = inference.TensorRt with { OptBatch = batchSize, MaxBatch = Math.Max(inference.TensorRt.MaxBatch, batchSize) },
            };
            var onnx = WeightFiles.Export(weightsPath, info, error);
            using var runtime = ModelSessions.Open(onnx, inference, error);
            var labels = ModelLabels.For(info);
            var classifier = new BatchClassifier(runtime, new EvaluationTransform(size), classes, labels, TopCount);

            var progress = new ProgressDisplay(error);
            bool showProgress = files.Length > batchSize && (progress.IsTerminal || files.Length >= LongList);
            // While a live bar redraws stderr, printing would tear it: hold the answers until it is gone.
            bool holdOutput = showProgress && progress.IsTerminal;
            bool asJson = parse.GetValue(json);
            var answers = new List<ClassifiedImage>(files.Length);
            void Report(ClassifiedImage image)
            {
                answers.Add(image);
                if (!asJson && !holdOutput) Print(output, error, image);
            }

            try
            {
                if (showProgress)
                    progress.Run($"{info.Name}: {files.Length} images", report => { classifier.Classify(files, batchSize, Report, report); return 0; });
                else
                    classifier.Classify(files, batchSize, Report, _ => { });
            }
            catch (ImageLibraryNotFoundException missing)
            {
                throw new CliException(missing.Message, ExitCodes.Failure, missing);
            }

            if (asJson)
            {
                foreach (var failed in answers.Where(a => a.Error is not null)) error.WriteLine("error: " + failed.Error);
                output.WriteLine(ClassificationOutput.Json(info.Name, SessionOptions.Name(runtime.Provider), answers));
            }
            else if (holdOutput)
            {
                foreach (var answer in answers) Print(output, error, answer);
            }
            return answers.Any(a => a.Error is not null) ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static void Print(TextWriter output, TextWriter error, ClassifiedImage image)
    {
        if (image.Error is not null) error.WriteLine("error: " + image.Error);
        else ClassificationOutput.WriteText(output, image);
    }

    /// <summary>The square input side and the class count, or a usage error for a model that is not an image classifier.</summary>
    private static (int Size, int Classes) ClassifierShape(LitModelInfo model)
    {
        if (model.InputShape is [3, var height, var width] && height == width && model.OutputShape is [var classes])
            return (height, classes);
        throw new CliException(
            $"{model.Name} is not an image classifier (input [{string.Join(", ", model.InputShape)}], output [{string.Join(", ", model.OutputShape)}])",
            ExitCodes.Usage);
    }
}
