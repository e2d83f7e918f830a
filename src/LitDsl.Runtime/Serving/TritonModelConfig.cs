using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LitDsl.Onnx;

namespace LitDsl.Runtime.Serving;

/// <summary>
/// Everything one model's <c>config.pbtxt</c> says, decided from the model's ONNX graph and the repository's
/// <see cref="TritonSettings"/> before anything is written (<see cref="TritonConfigText"/> only formats it):
/// the ONNX Runtime backend, the inputs and outputs as the graph declares them, dynamic batching, one instance group
/// and, unless the instances are on the CPU, the TensorRT accelerator.
/// </summary>
/// <param name="Name">The model's name on the server (its folder's name).</param>
/// <param name="MaxBatchSize"><c>max_batch_size</c>.</param>
/// <param name="Inputs">The graph's inputs, in its order.</param>
/// <param name="Outputs">The graph's outputs, in its order; a classifier's scores name the labels file.</param>
/// <param name="PreferredBatchSizes">The dynamic batcher's <c>preferred_batch_size</c>.</param>
/// <param name="MaxQueueDelayMicroseconds">The dynamic batcher's <c>max_queue_delay_microseconds</c>.</param>
/// <param name="InstanceKind">The instance group's kind.</param>
/// <param name="InstanceCount">The instance group's count.</param>
/// <param name="TensorRtParameters">The TensorRT accelerator's parameters in the order written; empty for CPU instances (no accelerator).</param>
/// <param name="ShapeProfileNote">Why the TensorRT parameters hold no shape profile, or null when they do (or there is no accelerator).</param>
public sealed record TritonModelConfig(
    string Name,
    int MaxBatchSize,
    IReadOnlyList<TritonTensor> Inputs,
    IReadOnlyList<TritonTensor> Outputs,
    IReadOnlyList<int> PreferredBatchSizes,
    long MaxQueueDelayMicroseconds,
    TritonInstanceKind InstanceKind,
    int InstanceCount,
    IReadOnlyList<TritonParameter> TensorRtParameters,
    string? ShapeProfileNote)
{
    /// <summary>The backend Triton loads the model with.</summary>
    public const string Backend = "onnxruntime";

    /// <summary>The accelerator's name in Triton's ONNX Runtime backend.</summary>
    public const string TensorRtAccelerator = "tensorrt";

    /// <summary>Whether the config asks for the TensorRT accelerator.</summary>
    public bool HasTensorRt => TensorRtParameters.Count > 0;

    /// <summary>TensorRT's <c>precision_mode</c> (<c>FP16</c>, <c>FP32</c>), or null without the accelerator.</summary>
    public string? TensorRtPrecision => TensorRtParameters.FirstOrDefault(parameter => parameter.Key == "precision_mode")?.Value;

    /// <summary>The instance group's kind as the config names it: <c>KIND_AUTO</c>, <c>KIND_GPU</c> or <c>KIND_CPU</c>.</summary>
    public string InstanceKindName => InstanceKind switch
    {
        TritonInstanceKind.Gpu => "KIND_GPU",
        TritonInstanceKind.Cpu => "KIND_CPU",
        _ => "KIND_AUTO",
    };

    /// <summary>
    /// The config of the model <paramref name="name"/> whose graph declares <paramref name="signature"/>. With
    /// <paramref name="labels"/>, the one output with exactly that many values per sample names the labels file.
    /// </summary>
    /// <exception cref="ArgumentException">The graph cannot be served batched, or the labels fit no single output.</exception>
    internal static TritonModelConfig Create(string name, OnnxSignature signature, IReadOnlyList<string>? labels, TritonSettings settings)
    {
        if (settings.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }
        if (signature.Inputs.Count == 0 || signature.Outputs.Count == 0)
        {
            throw new ArgumentException($"The model '{name}' has {signature.Inputs.Count} inputs and {signature.Outputs.Count} outputs; Triton serves a model with at least one of each.");
        }
        var inputs = signature.Inputs.Select(tensor => TritonTensor.From(tensor, "input")).ToArray();
        var outputs = signature.Outputs.Select(tensor => TritonTensor.From(tensor, "output")).ToArray();
        if (labels is not null)
        {
            outputs = WithLabels(name, outputs, labels);
        }
        IReadOnlyList<TritonParameter> tensorRt = [];
        string? profileNote = null;
        if (settings.InstanceKind != TritonInstanceKind.Cpu)
        {
            tensorRt = TensorRtAcceleratorParameters(name, inputs, settings, out profileNote);
        }
        return new TritonModelConfig(name, settings.MaxBatchSize, inputs, outputs, [settings.MaxBatchSize],
            settings.MaxQueueDelayMicroseconds, settings.InstanceKind, settings.InstanceCount, tensorRt, profileNote);
    }

    private static TritonTensor[] WithLabels(string name, TritonTensor[] outputs, IReadOnlyList<string> labels)
    {
        if (labels.FirstOrDefault(label => label.Contains('\n', StringComparison.Ordinal) || label.Contains('\r', StringComparison.Ordinal)) is { } broken)
        {
            throw new ArgumentException($"The label '{broken.ReplaceLineEndings(" ")}' spans lines; a labels file holds one per line.", nameof(labels));
        }
        int[] matching = outputs.Select((output, index) => (output, index))
            .Where(pair => pair.output.Dims.Count == 1 && pair.output.Dims[0] == labels.Count)
            .Select(pair => pair.index).ToArray();
        if (matching.Length != 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{labels.Count} labels fit {matching.Length} outputs of the model '{name}' (outputs of [{labels.Count}] per sample); they must fit exactly one."),
                nameof(labels));
        }
        var labelled = (TritonTensor[])outputs.Clone();
        labelled[matching[0]] = labelled[matching[0]] with { LabelFileName = TritonRepositoryLayout.LabelsFileName };
        return labelled;
    }

    // The parameters Triton's ONNX Runtime backend accepts for its "tensorrt" accelerator (its README and the
    // parameter parsing in src/onnxruntime.cc), which it hands to ONNX Runtime's TensorRT provider.
    private static TritonParameter[] TensorRtAcceleratorParameters(string name, TritonTensor[] inputs, TritonSettings settings, out string? profileNote)
    {
        string cache = settings.EngineCacheRoot.TrimEnd('/') + "/" + name;
        var parameters = new List<TritonParameter>
        {
            new("precision_mode", settings.Fp16 ? "FP16" : "FP32"),
            new("max_workspace_size_bytes", settings.WorkspaceSizeBytes.ToString(CultureInfo.InvariantCulture)),
            new("trt_engine_cache_enable", "1"),
            new("trt_engine_cache_path", cache),
            new("trt_timing_cache_enable", "1"),
            new("trt_timing_cache_path", cache),
        };
        profileNote = ProfileProblem(inputs, settings.ImageProfile);
        if (profileNote is null)
        {
            // One profile for every batch the dynamic batcher forms, tuned for the full (preferred) batch: without it,
            // ONNX Runtime builds an engine for the first batch size it meets and rebuilds it whenever a larger one comes.
            // A symbolic height and width take the image profile's range the same way.
            var image = settings.ImageProfile;
            parameters.Add(new("trt_profile_min_shapes", Shapes(inputs, 1, image?.MinHeight, image?.MinWidth)));
            parameters.Add(new("trt_profile_opt_shapes", Shapes(inputs, settings.MaxBatchSize, image?.OptHeight, image?.OptWidth)));
            parameters.Add(new("trt_profile_max_shapes", Shapes(inputs, settings.MaxBatchSize, image?.MaxHeight, image?.MaxWidth)));
        }
        return parameters.ToArray();
    }

    // A profile states every dimension of every input: a symbolic one besides the batch needs a range, which only an
    // image's height and width ([C, -1, -1]) get, from the image profile.
    private static string? ProfileProblem(TritonTensor[] inputs, TritonImageProfile? image)
    {
        if (inputs.FirstOrDefault(input => input.Dims.Contains(-1) && !IsImageWithOpenSize(input)) is { } other)
        {
            return $"the input '{other.Name}' has symbolic dimensions other than an image's height and width, so ONNX Runtime builds TensorRT engines for the shapes requests bring";
        }
        if (image is null && inputs.FirstOrDefault(IsImageWithOpenSize) is { } open)
        {
            return $"the input '{open.Name}' takes any height and width and no image profile was given (--profile-size), so ONNX Runtime builds TensorRT engines for the sizes requests bring";
        }
        if (inputs.FirstOrDefault(input => input.Name.IndexOfAny([',', ':']) >= 0) is { } awkward)
        {
            return $"the input name '{awkward.Name}' holds ',' or ':', which a TensorRT profile string cannot hold";
        }
        return null;
    }

    private static bool IsImageWithOpenSize(TritonTensor input) => input.Dims is [> 0, -1, -1];

    // ONNX Runtime's profile syntax: name:d0xd1x…, inputs separated by commas; an open height and width take the given sizes.
    private static string Shapes(TritonTensor[] inputs, int batch, int? height, int? width) => string.Join(",", inputs.Select(input =>
    {
        var dims = IsImageWithOpenSize(input) ? [input.Dims[0], height!.Value, width!.Value] : input.Dims.ToArray();
        return input.Name + ":" + string.Join("x", dims.Prepend(batch).Select(dim => dim.ToString(CultureInfo.InvariantCulture)));
    }));
}

/// <summary>One key and value of an accelerator's <c>parameters</c> map.</summary>
public sealed record TritonParameter(string Key, string Value);
