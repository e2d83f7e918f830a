using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using LitDsl.Cli.Benchmarking;
using LitDsl.Runtime;


namespace LitDsl.Benchmarks;

/// <summary>
/// <c>compare a.onnx b.onnx ... [--batch N] [--threads N] [--rounds N] [--warmup N] [--profile]</c>: times ONNX
/// files side by side on ORT CPU in one process (the CLI's <see cref="LatencySampler"/>, interleaved) and prints median latency,
/// images/s and each file's speed relative to the first. With <c>--profile</c> each file then runs again with ORT's
/// profiler and the time per operator type is printed: where the time goes, the input to graph changes. <c>--nodes N</c>
/// adds the N slowest nodes with their input shapes.
/// </summary>
internal static class CompareCommand
{
    public static int Run(string[] args)
    {
        var files = new List<string>();
        var configs = new List<Dictionary<string, string>>();
        int batch = 1, threads = 2, rounds = 20, warmup = 3;
        bool profile = false;
        int slowestNodes = 0;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--profile": profile = true; break;
                case "--nodes": profile = true; slowestNodes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--with":
                    if (files.Count == 0) { Console.Error.WriteLine("--with key=value applies to the file before it"); return 2; }
                    string[] entry = args[++i].Split('=', 2);
                    if (entry.Length != 2) { Console.Error.WriteLine($"--with wants key=value, got '{args[i]}'"); return 2; }
                    configs[^1][entry[0]] = entry[1];
                    break;
                default: files.Add(args[i]); configs.Add(new Dictionary<string, string>()); break;
            }
        }
        if (files.Count == 0)
        {
            Console.Error.WriteLine("usage: compare a.onnx [b.onnx ...] [--batch N] [--threads N] [--rounds N] [--warmup N] [--profile] [--nodes N], each file optionally followed by --with key=value (an ORT session config entry)");
            return 2;
        }

        var options = new InferenceOptions
        {
            Provider = ExecutionProvider.Cpu,
            IntraOpThreads = threads,
            InterOpThreads = 1,
            ThreadSpinning = files.Count == 1 ? ThreadSpinning.Always : LatencySampler.SpinningForSharedRounds(ThreadSpinning.Always),
        };
        var sessions = new List<InferenceSession>();
        var targets = new List<BenchmarkTarget>();
        var names = files.Select((f, i) => Path.GetFileName(f) + string.Concat(configs[i].Select(c => $" {c.Key}={c.Value}"))).ToList();
        for (int f = 0; f < files.Count; f++)
        {
            string file = files[f];
            var clock = Stopwatch.StartNew();
            var session = InferenceSession.Create(File.ReadAllBytes(file), options with { ConfigEntries = configs[f] });
            sessions.Add(session);
            var input = BenchmarkInput.For(session, batch, 0);
            targets.Add(new BenchmarkTarget(names[f], session, clock.Elapsed, input.Data, input.Shape, macsPerSample: 0));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names[f]}: session {clock.Elapsed.TotalMilliseconds:F0} ms"));
        }
        var policy = new SamplingPolicy(WarmupRuns: Math.Max(1, warmup), MinRounds: rounds, MinTime: TimeSpan.Zero, MaxRounds: rounds);
        var results = LatencySampler.Sample(targets, policy);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {batch}, {threads} threads, {rounds} interleaved rounds"));
        for (int i = 0; i < files.Count; i++)
        {
            var r = results[i];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {names[i],-28} median {r.MedianMs,8:F2} ms  min {r.MinMs,8:F2} ms  {r.ImagesPerSecond,7:F2} img/s  x{LatencySample.PairedSpeedup(results[0], r):F3} (paired)"));
        }
        foreach (var s in sessions) s.Dispose();

        if (profile)
        {
            for (int f = 0; f < files.Count; f++) Profile(files[f], options with { ConfigEntries = configs[f] }, batch, Math.Max(3, rounds / 2), slowestNodes);
        }
        return 0;
    }

    private static void Profile(string file, InferenceOptions options, int batch, int runs, int slowestNodes)
    {
        string folder = Directory.CreateTempSubdirectory("litdsl-compare-").FullName;
        try
        {
            using (var session = InferenceSession.Create(File.ReadAllBytes(file), options with { ProfileFilePrefix = Path.Combine(folder, "p") }))
            {
                var input = BenchmarkInput.For(session, batch, 0);
                for (int i = 0; i < runs + 1; i++) session.Run(input.Data, input.Shape);
            }
            string trace = Directory.GetFiles(folder, "p_*.json").Single();
            var profile = OrtProfile.Read(trace, skipRuns: 1);
            var perOp = profile.TimePerOperator();
            double total = perOp.Values.Sum(v => v.Microseconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file)}: per operator type, ms per run (batch {batch}, {runs} runs, kernel time {total / runs / 1000:F2} ms of {profile.MeanRunMicroseconds / 1000:F2} ms per run)"));
            foreach (var (op, t) in perOp.OrderByDescending(p => p.Value.Microseconds))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {op,-36} {t.Microseconds / runs / 1000,8:F2} ms {100 * t.Microseconds / total,5:F1} %  {t.Nodes,5} nodes"));
            }
            if (slowestNodes > 0)
            {
                Console.WriteLine($"{Path.GetFileName(file)}: {slowestNodes} slowest nodes, ms per run");
                foreach (var node in profile.Nodes.OrderByDescending(n => n.Microseconds).Take(slowestNodes))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {node.Microseconds / runs / 1000,7:F3} ms  {node.Operator,-20} {node.Name,-40} {node.InputShapes}"));
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
