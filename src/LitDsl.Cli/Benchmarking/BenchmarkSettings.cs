using LitDsl.Runtime;

namespace LitDsl.Cli.Benchmarking;

/// <summary>What a bench run was asked for: the same for every model it times.</summary>
internal sealed record BenchmarkSettings(int Batch, int Threads, ExecutionProvider Provider, SamplingPolicy Sampling, ulong Seed, ThreadSpinning ThreadSpinning = ThreadSpinning.Always,
    CpuParallelism Parallelism = CpuParallelism.Operators);
