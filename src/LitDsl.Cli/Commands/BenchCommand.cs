using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using LitDsl.Cli.Benchmarking;
using LitDsl.Graph;
using LitDsl.Models;
using LitDsl.Runtime;
using Spectre.Console;

namespace LitDsl.Cli.Commands;

/// <summary>
/// <c>bench &lt;model&gt;… [--batch N] [--threads N] [--provider P] [--weights w.pth] [--json]</c>: median latency and images/s of each
/// model on the chosen provider, with the provider each session got and why the earlier ones were refused.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var models = new Argument<string[]>("model")
        {
            Description = "Model names, as `report` lists them; several give one table.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var baselines = new Option<FileInfo[]>("--baseline")
        {
            Description = "An ONNX file to time beside the model (repeatable): interleaved, same provider, threads, batch and input.",
        };
        var ceiling = new Option<bool>("--ceiling")
        {
            Description = "Also measure the MatMul GFLOP/s limit with the same ONNX Runtime, and show each figure as a fraction of it.",
        };
        var batch = PositiveInt("--batch", "Images per run.", 1);
        var warmup = PositiveInt("--warmup", "Untimed runs before timing (the first is reported apart).", 2);
        var minRuns = PositiveInt("--min-runs", "Timed runs at least.", 5);
        var maxRuns = PositiveInt("--max-runs", "Timed runs at most.", 1000);
        var seconds = new Option<double>("--seconds")
        {
            Description = "Keep timing for at least this long (seconds), within --max-runs.",
            DefaultValueFactory = _ => 10,
        };
        seconds.InRange(0, 3600, "between 0 and 3600");
        var json = new Option<bool>("--json") { Description = "Machine-readable output (camelCase fields)." };
        var interleave = new Option<bool>("--interleave")
        {
            Description = "With several models: keep every session open and time them round by round (fair under changing load; needs the memory of all at once).",
        };
        var size = new InputSizeOption("The input's height and width, HxW: a backbone's any size (default its reference size); another model takes only its own.");
        var weights = new WeightOptions(withSeed: false);
        var session = new SessionOptions();
        var command = new Command("bench", "Time models on ONNX Runtime: median latency, images/s, provider.")
        {
            models, batch, warmup, minRuns, maxRuns, seconds, json, interleave, baselines, ceiling, size.Option,
        };
        weights.AddTo(command);
        session.AddTo(command);
        command.SetAction(parse =>
        {
            var infos = parse.GetValue(models)!.Select(ModelLookup.Find).ToArray();
            var baselineFiles = parse.GetValue(baselines) ?? [];
            var measureCeiling = parse.GetValue(ceiling);
            if (infos.Length == 0 && !measureCeiling)
                throw new CliException("bench needs a model name (or --ceiling)", ExitCodes.Usage);
            if (baselineFiles.Length > 0 && infos.Length != 1)
                throw new CliException("--baseline compares with exactly one model", ExitCodes.Usage);
            // Weights do not change the timing; they are accepted so a checkpoint can be checked to run, for one model.
            if (weights.HasWeights(parse) && infos.Length != 1)
                throw new CliException("--weights fits one model; bench that model alone", ExitCodes.Usage);
            var files = new CommandFiles();
            var baselinePaths = baselineFiles.Select(file => files.Input("--baseline", file.FullName)).ToArray();
            var weightsPath = weights.Input(parse, files);
            var sizes = infos.Select(info => size.For(parse, info)).ToArray();
            foreach (var (info, inputSize) in infos.Zip(sizes)) ModelSessions.BatchShape(info, parse.GetValue(batch), inputSize);
            var inference = session.Read(parse);
            // A TensorRT engine is tuned for the batch it is timed with.
            var batchSize = parse.GetValue(batch);
            inference = inference with
            {
                TensorRt = inference.TensorRt with { OptBatch = batchSize, MaxBatch = Math.Max(inference.TensorRt.MaxBatch, batchSize) },
            };
            var interleaving = parse.GetValue(interleave) && infos.Length > 1;
            if (interleaving && baselineFiles.Length > 0)
                throw new CliException("--interleave times several models against each other; --baseline takes one model", ExitCodes.Usage);
            // Under --parallel batch the ceiling alone times two forms of the MatMul against each other.
            var sharesRounds = interleaving || baselineFiles.Length > 0
                || (measureCeiling && (infos.Length > 0 || inference.Parallelism == CpuParallelism.Batch));
            if (sharesRounds)
                inference = inference with { ThreadSpinning = LatencySampler.SpinningForSharedRounds(inference.ThreadSpinning) };
            BenchmarkSettings settings = new(
                parse.GetValue(batch), inference.IntraOpThreads, inference.Provider,
                new SamplingPolicy(parse.GetValue(warmup), parse.GetValue(minRuns), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(maxRuns)),
                Seed: 0, ThreadSpinning: inference.ThreadSpinning, Parallelism: inference.Parallelism);
            if (settings.Sampling.MinRounds > settings.Sampling.MaxRounds)
                throw new CliException("--min-runs must not exceed --max-runs", ExitCodes.Usage);

            var progress = new ProgressDisplay(error);
            var results = new List<ModelBenchmarkResult>();
            // The ceiling runs in the same rounds as the models: on a shared machine whose speed drifts (other tenants,
            // CPU steal), a limit timed apart from the models would make their fraction of it drift too.
            using var ceilingSession = new SessionList();
            var ceilingTargets = measureCeiling && infos.Length > 0 ? MatMulCeiling.OpenForms(inference) : [];
            foreach (var target in ceilingTargets) ceilingSession.Add(target.Session);
            var ceilingSamples = new List<LatencySample>();
            if (interleaving)
            {
                results.AddRange(MeasureInterleaved(infos, sizes, parse, weights, weightsPath, inference, settings, progress, error, ceilingTargets, ceilingSamples));
            }
            else
            {
                foreach (var (info, inputSize) in infos.Zip(sizes))
                {
                    // One model at a time: each session is released before the next is built, so large zoos fit in memory.
                    using var opened = new SessionList();
                    var modelTarget = OpenTarget(info, inputSize, parse, weights, weightsPath, inference, settings, error, opened);
                    var model = modelTarget.Session;
                    var shape = modelTarget.InputShape;
                    var input = modelTarget.Input;
                    var targets = new List<BenchmarkTarget> { modelTarget };
                    foreach (var (file, path) in baselineFiles.Zip(baselinePaths))
                    {
                        var baselineCreated = Stopwatch.StartNew();
                        var session = opened.Add(ModelSessions.Open(File.ReadAllBytes(path), inference, error));
                        CheckBaselineInput(file, session, shape);
                        // The baseline computes the same network, so it is charged the model's work per image.
                        targets.Add(new BenchmarkTarget(file.Name, session, baselineCreated.Elapsed, input, shape, modelTarget.MacsPerSample));
                    }
                    targets.AddRange(ceilingTargets);
                    var label = $"{info.Name}{(baselineFiles.Length > 0 ? $" vs {string.Join(", ", baselineFiles.Select(f => f.Name))}" : "")}";
                    var samples = progress.Run(
                        $"{label}{(ceilingTargets.Length == 0 ? "" : " and the ceiling")}: batch {settings.Batch}, {ThreadsText(settings.Threads)}, {SessionOptions.Name(model.Provider)}",
                        report => LatencySampler.Sample(targets, settings.Sampling, report));
                    ceilingSamples.AddRange(samples.TakeLast(ceilingTargets.Length));
                    results.Add(new ModelBenchmarkResult(info, samples[0],
                        baselinePaths.Select((path, i) => new BaselineResult(path, samples[i + 1])).ToArray()));
                }
            }

            var ceilingSample = ceilingSamples.Count > 0 ? MatMulCeiling.Best(ceilingSamples) : null;
            if (measureCeiling && ceilingTargets.Length == 0)
            {
                ceilingSample = progress.Run($"ceiling: MatMul {MatMulCeiling.Size}³, {ThreadsText(settings.Threads)}",
                    report => MeasureCeilingAlone(inference, settings.Sampling with { MinTime = TimeSpan.FromSeconds(Math.Min(3, settings.Sampling.MinTime.TotalSeconds)) }, report));
            }
            var report = new BenchmarkReport(settings, results, ceilingSample?.GigaFlopsPerSecond, ceilingSample?.Runs ?? 0, PeakMemory.Bytes());
            if (parse.GetValue(json))
                output.WriteLine(BenchmarkJson.Write(report));
            else
                WriteTable(output, report);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void CheckBaselineInput(FileInfo file, Runtime.InferenceSession session, int[] shape)
    {
        var dims = session.InputDimensions;
        var fits = dims.Count == shape.Length && dims.Select((d, i) => d < 0 || d == shape[i]).All(x => x);
        if (!fits)
        {
            throw new CliException(
                $"baseline {file.Name} takes input [{string.Join(", ", dims.Select(d => d < 0 ? "batch" : d.ToString(CultureInfo.InvariantCulture)))}], " +
                $"the model [{string.Join(", ", shape)}]", ExitCodes.Failure);
        }
    }

    /// <summary><c>bench --ceiling</c> with no model: the MatMul timed on its own.</summary>
    private static LatencySample MeasureCeilingAlone(Runtime.InferenceOptions inference, SamplingPolicy policy, Action<double> report)
    {
        var forms = MatMulCeiling.OpenForms(inference);
        try
        {
            return MatMulCeiling.Best(LatencySampler.Sample(forms, policy, report));
        }
        finally
        {
            foreach (var form in forms) form.Session.Dispose();
        }
    }

    /// <summary>
    /// Every model's session open at once, timed round by round (with the ceiling's MatMul when given): a slow spell of
    /// the machine hits all alike.
    /// </summary>
    private static IEnumerable<ModelBenchmarkResult> MeasureInterleaved(LitModelInfo[] infos, (int Height, int Width)[] sizes,
        ParseResult parse, WeightOptions weights, string? weightsPath, Runtime.InferenceOptions inference, BenchmarkSettings settings,
        ProgressDisplay progress, TextWriter error, BenchmarkTarget[] ceilingTargets, List<LatencySample> ceilingSamples)
    {
        using var opened = new SessionList();
        var targets = infos.Select((info, i) => OpenTarget(info, sizes[i], parse, weights, weightsPath, inference, settings, error, opened)).ToList();
        targets.AddRange(ceilingTargets);
        var samples = progress.Run(
            $"{string.Join(", ", infos.Select(i => i.Name))} interleaved: batch {settings.Batch}, {ThreadsText(settings.Threads)}",
            report => LatencySampler.Sample(targets, settings.Sampling, report));
        ceilingSamples.AddRange(samples.TakeLast(ceilingTargets.Length));
        return infos.Select((info, i) => new ModelBenchmarkResult(info, samples[i], [])).ToArray();
    }

    /// <summary>
    /// Builds <paramref name="info"/>'s graph, opens its session (timed, kept in <paramref name="opened"/>) and its input at
    /// <paramref name="size"/>: a backbone runs its symbolic graph (the file <c>export</c> writes) at that height and width,
    /// and is charged its FLOPs there.
    /// </summary>
    private static BenchmarkTarget OpenTarget(LitModelInfo info, (int Height, int Width) size, ParseResult parse, WeightOptions weights,
        string? weightsPath, Runtime.InferenceOptions inference, BenchmarkSettings settings, TextWriter error, SessionList opened)
    {
        var onnx = weights.Export(parse, weightsPath, info, error);
        var created = Stopwatch.StartNew();
        var session = opened.Add(ModelSessions.Open(onnx, ModelSessions.ForInputSize(inference, info, size.Height, size.Width), error));
        var creation = created.Elapsed;
        var shape = ModelSessions.BatchShape(info, settings.Batch, size);
        var flops = info.Backbone?.FlopsAt(size.Height, size.Width) ?? info.Flops;
        return new BenchmarkTarget(info.Name, session, creation, RandomBatch.Create(shape, settings.Seed), shape, flops);
    }

    private sealed class SessionList : IDisposable
    {
        private readonly List<Runtime.InferenceSession> _sessions = [];

        public Runtime.InferenceSession Add(Runtime.InferenceSession session)
        {
            _sessions.Add(session);
            return session;
        }

        public void Dispose()
        {
            foreach (var session in _sessions) session.Dispose();
        }
    }

    private static Option<int> PositiveInt(string name, string description, int defaultValue)
    {
        return new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue }
            .InRange(1, int.MaxValue, "1 or more");
    }

    private static string ParallelismText(BenchmarkSettings settings) =>
        settings.Parallelism == CpuParallelism.Batch ? ", one batch part per thread (--parallel batch)"
        : settings.ThreadSpinning switch
        {
            ThreadSpinning.DuringRuns => " (threads spin during runs only)",
            ThreadSpinning.Never => " (no spinning)",
            _ => "",
        };

    private static string ThreadsText(int threads) => threads == 0 ? "default threads" : threads == 1 ? "1 thread" : $"{threads} threads";

    private static void WriteTable(TextWriter output, BenchmarkReport report)
    {
        var (settings, results, ceiling) = (report.Settings, report.Results, report.CeilingGflopsPerSecond);
        var console = Consoles.For(output);
        var table = new Table().AddColumns("model", "provider", "parameters", "GFLOPs", "median ms", "p10–p90 ms", "images/s", "GFLOP/s");
        if (ceiling is not null) table.AddColumn("of ceiling");
        table.AddColumns("session s", "runs");
        for (var c = 2; c < table.Columns.Count; c++) table.Columns[c].RightAligned();
        foreach (var result in results)
        {
            table.AddRow(Row(ModelLabel(result), result.Sample, Format(result.Model.Parameters, "N0"), Format(result.Sample.Target.MacsPerSample / 1e9, "0.000"), ceiling));
            foreach (var baseline in result.Baselines)
                table.AddRow(Row(Path.GetFileName(baseline.File) + " (baseline)", baseline.Sample, "", "", ceiling));
        }
        table.Caption(Markup.Escape(
            $"batch {settings.Batch}, {ThreadsText(settings.Threads)}{ParallelismText(settings)}; images/s = batch ÷ median; GFLOP/s counts a MAC as 2 FLOPs" +
            (ceiling is { } c2 ? $"; ceiling = MatMul {MatMulCeiling.Size}³ at {c2:0.0} GFLOP/s, timed in the same rounds" : "") +
            (report.PeakMemoryBytes is { } p ? $"; peak memory {p / (1024.0 * 1024.0):0} MiB" : "")));
        console.Write(table);

        foreach (var result in results)
        {
            if (result.Sample.Target.Session.StartupCache != Runtime.StartupCacheState.NotUsed)
                output.WriteLine($"{result.Model.Name}: start-up cache {CacheText(result.Sample.Target.Session.StartupCache)}, session created in {Format(result.Sample.Target.SessionCreation.TotalSeconds, "0.00")} s");
            foreach (var baseline in result.Baselines)
                output.WriteLine($"{result.Model.Name}: {Format(BaselineResult.Speedup(result.Sample, baseline.Sample), "0.00")}× the images/s of {Path.GetFileName(baseline.File)} " +
                    $"(same run, interleaved; {Format(LatencySample.PairedSpeedup(baseline.Sample, result.Sample), "0.00")}× as the median of per-round ratios)");
        }
        var refusals = results.SelectMany(r => r.Sample.Target.Session.RefusedProviders).DistinctBy(r => (r.Provider, r.Reason)).ToArray();
        foreach (var refusal in refusals)
            output.WriteLine($"{SessionOptions.Name(refusal.Provider)} refused: {refusal.Summary}");
        if (ProviderRefusalHint.For(refusals) is { } hint)
            output.WriteLine(hint);
        if (results.Count == 0 && ceiling is { } only)
            output.WriteLine($"ceiling: MatMul {MatMulCeiling.Size}³ runs at {Format(only, "0.0")} GFLOP/s ({ThreadsText(settings.Threads)})");
    }

    /// <summary>The model's name, and a backbone's input size (its FLOPs and speed depend on it).</summary>
    private static string ModelLabel(ModelBenchmarkResult result) =>
        result.Model.Backbone is null ? result.Model.Name
        : string.Create(CultureInfo.InvariantCulture, $"{result.Model.Name} at {result.Sample.Target.InputShape[2]}×{result.Sample.Target.InputShape[3]}");

    private static string[] Row(string name, LatencySample s, string parameters, string gflops, double? ceiling)
    {
        var cells = new List<string>
        {
            Markup.Escape(name), SessionOptions.Name(s.Target.Session.Provider), parameters, gflops,
            Format(s.MedianMs, "0.00"), Format(s.P10Ms, "0.0") + "–" + Format(s.P90Ms, "0.0"),
            Format(s.ImagesPerSecond, "0.00"), Format(s.GigaFlopsPerSecond, "0.0"),
        };
        if (ceiling is { } c) cells.Add(Format(100 * s.GigaFlopsPerSecond / c, "0.0") + " %");
        cells.Add(Format(s.Target.SessionCreation.TotalSeconds, "0.00"));
        cells.Add(Format(s.Runs, "N0"));
        return cells.ToArray();
    }

    internal static string CacheText(Runtime.StartupCacheState state) => state switch
    {
        Runtime.StartupCacheState.Saved => "saved",
        Runtime.StartupCacheState.Loaded => "loaded",
        Runtime.StartupCacheState.Rebuilt => "rebuilt",
        _ => "notUsed",
    };

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
