namespace LitDsl.Runtime;

/// <summary>
/// TensorRT settings. The batch profile covers the symbolic dimension named <c>batch</c> of the model input; the
/// other dimensions come from the model.
/// </summary>
public sealed record TensorRtOptions
{
    /// <summary>Allow FP16 kernels (<c>trt_fp16_enable</c>).</summary>
    public bool Fp16 { get; init; }

    /// <summary>Where built engines are cached (<c>trt_engine_cache_path</c>); null turns the engine cache off.</summary>
    public string? EngineCacheDirectory { get; init; }

    /// <summary>Where the layer timing cache lives (<c>trt_timing_cache_path</c>); null turns it off.</summary>
    public string? TimingCacheDirectory { get; init; }

    /// <summary>Builder workspace limit in bytes (<c>trt_max_workspace_size</c>); null keeps ORT's default.</summary>
    public long? WorkspaceSizeBytes { get; init; }

    /// <summary>Smallest batch the engine accepts.</summary>
    public int MinBatch { get; init; } = 1;

    /// <summary>Batch the engine is tuned for.</summary>
    public int OptBatch { get; init; } = 1;

    /// <summary>Largest batch the engine accepts.</summary>
    public int MaxBatch { get; init; } = 32;
}
