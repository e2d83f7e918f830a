using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LitDsl.Benchmarks;

/// <summary>
/// <c>compare a.onnx b.onnx [...]</c> runs the interleaved comparison (see <see cref="CompareCommand"/>); anything
/// else goes to BenchmarkDotNet's switcher (<c>--filter '*'</c> runs every benchmark). Benchmarks run in process:
/// BenchmarkDotNet's default of building a separate project per benchmark costs minutes on a 2-core machine.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "compare") return CompareCommand.Run(args[1..]);
        var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3).WithIterationCount(15));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
