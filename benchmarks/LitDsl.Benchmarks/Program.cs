using System;
using BenchmarkDotNet.Running;

namespace LitDsl.Benchmarks;

/// <summary>
/// <c>compare a.onnx b.onnx [...]</c> runs the interleaved comparison (see <see cref="CompareCommand"/>); anything
/// else goes to BenchmarkDotNet's switcher (<c>--filter '*'</c> runs every benchmark).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "compare") return CompareCommand.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
