using System;
using System.CommandLine;
using System.IO;
using LitDsl.Runtime;

namespace LitDsl.Cli;

/// <summary>
/// The options every command that runs a model shares (<c>--provider</c>, <c>--threads</c>, the TensorRT switches), parsed into
/// <see cref="InferenceOptions"/> the same way everywhere.
/// </summary>
internal sealed class SessionOptions
{
    private static readonly string[] ProviderNames = ["auto", "tensorrt", "cuda", "cpu"];
    private static readonly string[] SpinNames = ["always", "during-runs", "never"];

    public Option<string> Provider { get; } = new("--provider")
    {
        Description = "Execution provider: auto (TensorRT, then CUDA, then CPU), tensorrt, cuda or cpu.",
        DefaultValueFactory = _ => "auto",
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Intra-op threads (0: ONNX Runtime's default, one per core).",
        DefaultValueFactory = _ => 0,
    };

    public Option<bool> TensorRtFp16 { get; } = new("--trt-fp16")
    {
        Description = "TensorRT: allow fp16 kernels (faster; logits then differ from fp32 beyond the parity tolerance).",
    };

    public Option<DirectoryInfo?> TensorRtCache { get; } = new("--trt-cache")
    {
        Description = "TensorRT: folder for the engine and timing caches, so the next start skips the engine build.",
    };

    public Option<DirectoryInfo?> Cache { get; } = new("--cache")
    {
        Description = "Start-up cache folder: the first start saves ONNX Runtime's optimised model (CPU) or TensorRT engines there, later starts reuse them.",
    };

    public Option<string> Parallel { get; } = new("--parallel")
    {
        Description = "How CPU threads share a batch: operators (ONNX Runtime splits every operator over --threads; the one for batch 1) or batch (the batch is cut into one part per thread, run at once: more images/s for batches of at least --threads images).",
        DefaultValueFactory = _ => "operators",
    };

    public Option<string> Spin { get; } = new("--spin")
    {
        Description = "When idle ORT threads spin instead of sleeping: always (ORT's default), during-runs (between the operators of a run, asleep once it returns: for several sessions in one process) or never.",
        DefaultValueFactory = _ => "always",
    };

    public SessionOptions()
    {
        Provider.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (Array.IndexOf(ProviderNames, value) < 0)
                result.AddError($"--provider must be one of {string.Join(", ", ProviderNames)}, not '{value}'.");
        });
        Provider.CompletionSources.Add(ProviderNames);
        Parallel.AcceptOnlyFromAmong("operators", "batch");
        Spin.AcceptOnlyFromAmong(SpinNames);
        Threads.InRange(0, 1024, "between 0 and 1024");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Provider);
        command.Options.Add(Threads);
        command.Options.Add(Parallel);
        command.Options.Add(Spin);
        command.Options.Add(TensorRtFp16);
        command.Options.Add(TensorRtCache);
        command.Options.Add(Cache);
    }

    public InferenceOptions Read(ParseResult parse) => new()
    {
        Provider = ParseProvider(parse.GetValue(Provider)!),
        IntraOpThreads = parse.GetValue(Threads),
        ThreadSpinning = ParseSpin(parse.GetValue(Spin)!),
        Parallelism = parse.GetValue(Parallel) == "batch" ? CpuParallelism.Batch : CpuParallelism.Operators,
        // One graph per run: inter-op parallelism only adds scheduling overhead on these models.
        InterOpThreads = 1,
        CacheDirectory = parse.GetValue(Cache)?.FullName,
        TensorRt = new TensorRtOptions
        {
            Fp16 = parse.GetValue(TensorRtFp16),
            EngineCacheDirectory = parse.GetValue(TensorRtCache)?.FullName,
            TimingCacheDirectory = parse.GetValue(TensorRtCache)?.FullName,
        },
    };

    /// <summary>The provider's name as the CLI spells it (and JSON reports it).</summary>
    public static string Name(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.Auto => "auto",
        ExecutionProvider.TensorRT => "tensorrt",
        ExecutionProvider.Cuda => "cuda",
        ExecutionProvider.Cpu => "cpu",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    private static ExecutionProvider ParseProvider(string name) => name switch
    {
        "tensorrt" => ExecutionProvider.TensorRT,
        "cuda" => ExecutionProvider.Cuda,
        "cpu" => ExecutionProvider.Cpu,
        _ => ExecutionProvider.Auto,
    };

    /// <summary>The spinning policy as the CLI spells it (and JSON reports it).</summary>
    public static string Name(ThreadSpinning spinning) => spinning switch
    {
        ThreadSpinning.Always => "always",
        ThreadSpinning.DuringRuns => "during-runs",
        ThreadSpinning.Never => "never",
        _ => throw new ArgumentOutOfRangeException(nameof(spinning), spinning, null),
    };

    private static ThreadSpinning ParseSpin(string name) => name switch
    {
        "during-runs" => ThreadSpinning.DuringRuns,
        "never" => ThreadSpinning.Never,
        _ => ThreadSpinning.Always,
    };
}
