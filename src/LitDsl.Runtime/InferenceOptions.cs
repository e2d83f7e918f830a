using System.Collections.Generic;

namespace LitDsl.Runtime;

/// <summary>How <see cref="InferenceSession.Create"/> builds a session.</summary>
public sealed record InferenceOptions
{
    /// <summary>Requested execution provider; <see cref="ExecutionProvider.Auto"/> falls back TensorRT → CUDA → CPU.</summary>
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Auto;

    /// <summary>GPU used by TensorRT and CUDA (<c>device_id</c>).</summary>
    public int DeviceId { get; init; }

    /// <summary>TensorRT settings, used when TensorRT is tried.</summary>
    public TensorRtOptions TensorRt { get; init; } = new();

    /// <summary>Threads inside one operator; 0 lets ORT choose.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// How the CPU threads share a batch (CPU provider only): ORT's per-operator threading, or the batch cut into one
    /// part per thread run at once (<see cref="CpuParallelism.Batch"/>, for throughput).
    /// </summary>
    public CpuParallelism Parallelism { get; init; } = CpuParallelism.Operators;

    /// <summary>Threads across independent operators; 0 lets ORT choose.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph rewrites applied at load.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; init; } = GraphOptimizationLevel.All;

    /// <summary>When set, ORT writes the optimized graph here (useful to inspect fusions).</summary>
    public string? OptimizedModelPath { get; init; }

    /// <summary>
    /// Start-up cache root (opt-in). On CPU the first session for a model saves ORT's optimised graph under
    /// <c>{CacheDirectory}/ort/</c>, keyed by SHA-256 of the model bytes, ORT version, provider, optimisation level and
    /// processor; later sessions load it with optimisation skipped (<see cref="InferenceSession.StartupCache"/> tells
    /// which happened). TensorRT keeps its engine and timing caches under <c>{CacheDirectory}/tensorrt/</c> unless
    /// <see cref="TensorRtOptions"/> names other folders. Ignored for CPU when <see cref="OptimizedModelPath"/> is set.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// When set, ORT records how long every node runs and writes the profile, as JSON (Chrome trace events), to
    /// <c>{ProfileFilePrefix}_{timestamp}.json</c> when the session is disposed. Costs a little time per node.
    /// </summary>
    public string? ProfileFilePrefix { get; init; }

    /// <summary>
    /// When idle intra-op threads spin instead of sleeping (ORT's default: <see cref="ThreadSpinning.Always"/>).
    /// Spinning shortens the hand-off between operators, but a spinning thread takes a core from anything else
    /// running; <see cref="ThreadSpinning.DuringRuns"/> keeps the first without the second when several sessions share
    /// a process.
    /// </summary>
    public ThreadSpinning ThreadSpinning { get; init; } = ThreadSpinning.Always;

    /// <summary>
    /// Further ORT session configuration entries (keys of <c>onnxruntime_session_options_config_keys.h</c>, e.g.
    /// <c>session.disable_prepacking</c>), applied after LitDsl's own settings.
    /// </summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();

    /// <summary>Use ORT's CPU memory arena (faster repeated runs, memory kept after the first run).</summary>
    public bool CpuMemoryArena { get; init; } = true;

    /// <summary>The defaults: Auto provider, all optimizations.</summary>
    public static InferenceOptions Default { get; } = new();
}
