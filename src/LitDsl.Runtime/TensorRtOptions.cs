namespace LitDsl.Runtime;

/// <summary>
/// TensorRT settings. The optimisation profile covers the symbolic dimensions of the model input: the one named
/// <c>batch</c> (every model's) and, for a backbone, <c>height</c> and <c>width</c>; the other dimensions come from the
/// model.
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

    /// <summary>Smallest input height the engine accepts (a backbone's symbolic <c>height</c>); set all three height sizes or none.</summary>
    public int? MinHeight { get; init; }

    /// <summary>Input height the engine is tuned for.</summary>
    public int? OptHeight { get; init; }

    /// <summary>Largest input height the engine accepts.</summary>
    public int? MaxHeight { get; init; }

    /// <summary>Smallest input width the engine accepts (a backbone's symbolic <c>width</c>); set all three width sizes or none.</summary>
    public int? MinWidth { get; init; }

    /// <summary>Input width the engine is tuned for.</summary>
    public int? OptWidth { get; init; }

    /// <summary>Largest input width the engine accepts.</summary>
    public int? MaxWidth { get; init; }
}
