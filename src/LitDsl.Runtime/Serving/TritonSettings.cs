using System;
using System.Linq;

namespace LitDsl.Runtime.Serving;

/// <summary>
/// How every model of a Triton repository is served: batching, instances and the TensorRT accelerator of Triton's
/// ONNX Runtime backend. The defaults are what <c>triton</c> writes without options.
/// </summary>
public sealed record TritonSettings
{
    /// <summary>
    /// <c>max_batch_size</c>: the largest batch Triton's dynamic batcher forms. The model's batch dimension stays
    /// symbolic; the configured dims leave it out.
    /// </summary>
    public int MaxBatchSize { get; init; } = 8;

    /// <summary>
    /// <c>max_queue_delay_microseconds</c>: how long a request may wait for others to fill a batch of
    /// <see cref="MaxBatchSize"/> (the preferred size).
    /// </summary>
    public long MaxQueueDelayMicroseconds { get; init; } = 100;

    /// <summary>Instances of each model (per GPU on GPUs): the <c>instance_group</c>'s <c>count</c>.</summary>
    public int InstanceCount { get; init; } = 1;

    /// <summary>Where the instances run.</summary>
    public TritonInstanceKind InstanceKind { get; init; } = TritonInstanceKind.Auto;

    /// <summary>TensorRT's precision: FP16 kernels allowed when true, FP32 otherwise.</summary>
    public bool Fp16 { get; init; }

    /// <summary>The builder workspace TensorRT may use (<c>max_workspace_size_bytes</c>); 1 GiB, the backend's default.</summary>
    public long WorkspaceSizeBytes { get; init; } = 1L << 30;

    /// <summary>
    /// A folder on the server (in the container) under which each model's TensorRT engines and timing cache are kept,
    /// in a subfolder named after the model, so a restart or a second instance loads the engine instead of building
    /// it again. Mount it as a volume to keep the engines across containers.
    /// </summary>
    public string EngineCacheRoot { get; init; } = "/trt-cache";

    /// <summary>
    /// The TensorRT profile's height and width for image inputs whose height and width are symbolic (backbones), or
    /// null to give such models no profile.
    /// </summary>
    public TritonImageProfile? ImageProfile { get; init; }

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem()
    {
        if (MaxBatchSize < 1) return $"MaxBatchSize must be 1 or more, not {MaxBatchSize}";
        if (MaxQueueDelayMicroseconds < 0) return $"MaxQueueDelayMicroseconds must be 0 or more, not {MaxQueueDelayMicroseconds}";
        if (InstanceCount < 1) return $"InstanceCount must be 1 or more, not {InstanceCount}";
        if (!Enum.IsDefined(InstanceKind)) return $"InstanceKind {(int)InstanceKind} is not a kind";
        if (WorkspaceSizeBytes < 1) return $"WorkspaceSizeBytes must be 1 or more, not {WorkspaceSizeBytes}";
        if (string.IsNullOrEmpty(EngineCacheRoot) || EngineCacheRoot.Any(char.IsControl))
            return "EngineCacheRoot must be a path without control characters";
        if (ImageProfile?.Problem() is { } profile) return profile;
        return null;
    }
}
