using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using LitDsl.Models;
using LitDsl.Runtime.Serving;

namespace LitDsl.Cli.Commands;

/// <summary>
/// <c>triton &lt;model&gt;… -o &lt;dir&gt; [--weights w.pth] [--max-batch N] [--fp16] [--instances N] [--kind
/// auto|gpu|cpu]</c>: a Triton Inference Server model repository for the models — each one's ONNX file as version 1,
/// its config.pbtxt for the ONNX Runtime backend (dynamic batching, an instance group, the TensorRT accelerator) and,
/// for an ImageNet classifier, its labels — written together or not at all (<see cref="TritonRepositoryWriter"/>).
/// </summary>
internal static class TritonCommand
{
    // A guard against a mistyped --max-batch, not a server's limit: 2^31 - 1 float32 values are 8 GiB in one tensor.
    private const long MaxValuesPerBatch = int.MaxValue;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var models = new Argument<string[]>("model")
        {
            Description = "Model names, as `report` lists them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var folder = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "The model repository folder (created if missing; other models in it are left as they are).",
            Required = true,
        };
        var defaults = new TritonSettings();
        var maxBatch = new Option<int>("--max-batch")
        {
            Description = "max_batch_size: the largest batch Triton's dynamic batcher forms, and the size it prefers.",
            DefaultValueFactory = _ => defaults.MaxBatchSize,
        }.InRange(1, int.MaxValue, "1 or more");
        var queueDelay = new Option<long>("--max-queue-delay-us")
        {
            Description = "How long (microseconds) a request may wait for others to fill a batch.",
            DefaultValueFactory = _ => defaults.MaxQueueDelayMicroseconds,
        }.InRange(0, 60_000_000, "between 0 and 60000000 (a minute)");
        var instances = new Option<int>("--instances")
        {
            Description = "Instances of each model (on every GPU, for GPU instances).",
            DefaultValueFactory = _ => defaults.InstanceCount,
        }.InRange(1, int.MaxValue, "1 or more");
        var kind = new Option<string>("--kind")
        {
            Description = "Where instances run: auto (the GPUs when the server has any, else the CPU), gpu or cpu. TensorRT is configured unless cpu.",
            DefaultValueFactory = _ => "auto",
        };
        kind.AcceptOnlyFromAmong("auto", "gpu", "cpu");
        var fp16 = new Option<bool>("--fp16") { Description = "Let TensorRT use FP16 kernels (precision_mode FP16)." };
        var engineCache = new Option<string>("--engine-cache")
        {
            Description = "A folder on the server under which each model's TensorRT engines and timing cache are kept (in a subfolder named after the model).",
            DefaultValueFactory = _ => defaults.EngineCacheRoot,
        };
        var profileSize = new Option<string?>("--profile-size")
        {
            Description = "For models that take any height and width (backbones): the TensorRT profile's sizes, MINxMIN:OPTxOPT:MAXxMAX as HEIGHTxWIDTH, e.g. 320x320:800x1344:1344x1344.",
        };
        profileSize.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (text is not null && ParseProfile(text) is null)
                result.AddError($"--profile-size must be three sizes MINxMIN:OPTxOPT:MAXxMAX as HEIGHTxWIDTH in pixels, such as 320x320:800x1344:1344x1344, not '{text}'.");
        });
        var weights = new WeightOptions();
        var command = new Command("triton", "Write a Triton Inference Server model repository (ONNX Runtime backend, dynamic batching, TensorRT).")
        {
            models, folder, maxBatch, queueDelay, instances, kind, fp16, engineCache, profileSize,
        };
        weights.AddTo(command);
        command.SetAction(parse =>
        {
            var infos = parse.GetValue(models)!.Select(ModelLookup.Find).ToArray();
            if (infos.GroupBy(info => info.Name).FirstOrDefault(group => group.Count() > 1) is { } repeated)
                throw new CliException($"{repeated.Key} is named twice; a repository holds each model once", ExitCodes.Usage);
            if (weights.HasWeights(parse) && infos.Length != 1)
                throw new CliException("--weights fits one model; write that model alone (several commands may write into one repository)", ExitCodes.Usage);
            var settings = new TritonSettings
            {
                MaxBatchSize = parse.GetValue(maxBatch),
                MaxQueueDelayMicroseconds = parse.GetValue(queueDelay),
                InstanceCount = parse.GetValue(instances),
                InstanceKind = parse.GetValue(kind) switch { "gpu" => TritonInstanceKind.Gpu, "cpu" => TritonInstanceKind.Cpu, _ => TritonInstanceKind.Auto },
                Fp16 = parse.GetValue(fp16),
                EngineCacheRoot = parse.GetValue(engineCache)!,
                ImageProfile = parse.GetValue(profileSize) is { } profileText ? ParseProfile(profileText) : null,
            };
            if (settings.InstanceKind == TritonInstanceKind.Cpu)
            {
                // CPU instances get no TensorRT accelerator: a TensorRT option would silently do nothing.
                string? tensorRtOption = settings.Fp16 ? "--fp16" : parse.GetResult(engineCache) is { Implicit: false } ? "--engine-cache"
                    : settings.ImageProfile is not null ? "--profile-size" : null;
                if (tensorRtOption is not null)
                    throw new CliException($"{tensorRtOption} configures TensorRT, which CPU instances (--kind cpu) do not use", ExitCodes.Usage);
            }
            if (settings.Problem() is { } problem)
                throw new CliException(problem, ExitCodes.Usage);
            foreach (var info in infos) CheckBatch(info, settings.MaxBatchSize);
            if (settings.ImageProfile is { } image) CheckProfile(infos, image);

            var files = new CommandFiles();
            var weightsPath = weights.Input(parse, files);
            var root = files.OutputFolder("--output", parse.GetValue(folder)!.FullName);
            foreach (var info in infos)
            {
                files.OutputFolder("--output", TritonRepositoryLayout.ModelFolder(root, info.Name));
                files.OutputFolder("--output", TritonRepositoryLayout.VersionFolder(root, info.Name));
                files.Output("--output", TritonRepositoryLayout.ModelFile(root, info.Name));
                if (ModelLabels.For(info) is not null) files.Output("--output", TritonRepositoryLayout.LabelsFile(root, info.Name));
                files.Output("--output", TritonRepositoryLayout.ConfigFile(root, info.Name));
            }

            var lines = new List<string>();
            using (var writer = new TritonRepositoryWriter(root, settings))
            {
                // One model in memory at a time: each is built, written under a temporary name and released.
                foreach (var info in infos)
                {
                    var model = new TritonModel(info.Name, weights.Export(parse, weightsPath, info, error), ModelLabels.For(info));
                    lines.Add(Describe(root, writer.Add(model), model));
                }
                writer.Commit();
            }
            foreach (var line in lines) output.WriteLine(line);
            return ExitCodes.Success;
        });
        return command;
    }

    // The profile's sizes must be ones every backbone written takes; a model of one input size needs no profile.
    private static void CheckProfile(LitModelInfo[] models, TritonImageProfile profile)
    {
        if (models.All(model => model.Backbone is null))
            throw new CliException("--profile-size applies to models that take any height and width (backbones); these take one input size each", ExitCodes.Usage);
        foreach (var backbone in models.Select(model => model.Backbone).OfType<BackboneInfo>())
        {
            if (!backbone.Takes(profile.MinHeight, profile.MinWidth) || !backbone.Takes(profile.MaxHeight, profile.MaxWidth))
                throw new CliException(string.Create(CultureInfo.InvariantCulture,
                    $"--profile-size {profile.MinHeight}x{profile.MinWidth}:…:{profile.MaxHeight}x{profile.MaxWidth}: the backbones take {backbone.MinimumSide} to {BackboneInfo.MaximumSide} px a side"),
                    ExitCodes.Usage);
        }
    }

    private static TritonImageProfile? ParseProfile(string text)
    {
        var sizes = text.Split(':');
        if (sizes.Length != 3) return null;
        var parsed = sizes.Select(InputSizeOption.Parse).ToArray();
        if (parsed.Any(size => size is null)) return null;
        return new TritonImageProfile(parsed[0]!.Value.Height, parsed[0]!.Value.Width, parsed[1]!.Value.Height,
            parsed[1]!.Value.Width, parsed[2]!.Value.Height, parsed[2]!.Value.Width);
    }

    private static void CheckBatch(LitModelInfo model, int maxBatch)
    {
        foreach (var (role, shape) in new[] { ("input", model.InputShape), ("output", model.OutputShape) })
        {
            // A dimension known only when the model runs (not positive here) counts as 1: the check is a lower bound.
            long values = shape.Where(dim => dim > 0).Aggregate((long)maxBatch, (product, dim) => product * dim);
            if (values > MaxValuesPerBatch)
            {
                throw new CliException(string.Create(CultureInfo.InvariantCulture,
                    $"--max-batch {maxBatch} is too large for {model.Name}: a full batch's {role} would hold {values:N0} values; --max-batch allows at most {MaxValuesPerBatch:N0} per tensor"),
                    ExitCodes.Usage);
            }
        }
    }

    private static string Describe(string root, TritonModelConfig config, TritonModel model)
    {
        string Tensors(IReadOnlyList<TritonTensor> tensors) =>
            string.Join(", ", tensors.Select(tensor => $"{tensor.Name} [{string.Join(", ", tensor.Dims)}]"));
        string tensorRt = !config.HasTensorRt ? "no TensorRT (CPU instances)"
            : $"TensorRT {config.TensorRtPrecision}{(config.ShapeProfileNote is null ? $", profile batch 1–{config.MaxBatchSize}" : ", no shape profile: " + config.ShapeProfileNote)}";
        string labels = model.Labels is null ? "" : $", {TritonRepositoryLayout.LabelsFileName} ({model.Labels.Count:N0} labels)";
        return string.Create(CultureInfo.InvariantCulture,
            $"wrote {Path.Combine(root, config.Name)}: {TritonRepositoryLayout.ConfigFileName}, {TritonRepositoryLayout.Version}/{TritonRepositoryLayout.ModelFileName} ({model.Onnx.Length:N0} bytes){labels}; input {Tensors(config.Inputs)}, output {Tensors(config.Outputs)}; max batch {config.MaxBatchSize}, {config.InstanceCount} × {config.InstanceKindName}, {tensorRt}");
    }
}
