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
using Spectre.Console;

namespace LitDsl.Cli.Commands;

/// <summary>
/// <c>bench &lt;model&gt;… [--batch N] [--threads N] [--provider P] [--json]</c>: median latency and images/s of each
/// model on the chosen provider, with the provider each session got and why the earlier ones were refused.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var models = new Argument<string[]>("model")
        {
            Description = "Model names, as `report` lists them; several give one table.",
            Arity = ArgumentArity.OneOrMore,
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
        var session = new SessionOptions();
        var command = new Command("bench", "Time models on ONNX Runtime: median latency, images/s, provider.")
        {
            models, batch, warmup, minRuns, maxRuns, seconds, json,
        };
        session.AddTo(command);
        command.SetAction(parse =>
        {
            var infos = parse.GetValue(models)!.Select(ModelLookup.Find).ToArray();
            var inference = session.Read(parse);
            // A TensorRT engine is tuned for the batch it is timed with.
            var batchSize = parse.GetValue(batch);
            inference = inference with
            {
                TensorRt = inference.TensorRt with { OptBatch = batchSize, MaxBatch = Math.Max(inference.TensorRt.MaxBatch, batchSize) },
            };
            var settings = new BenchmarkSettings(
                parse.GetValue(batch), inference.IntraOpThreads, inference.Provider,
                new SamplingPolicy(parse.GetValue(warmup), parse.GetValue(minRuns), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(maxRuns)),
                Seed: 0);
            if (settings.Sampling.MinRounds > settings.Sampling.MaxRounds)
                throw new CliException("--min-runs must not exceed --max-runs", ExitCodes.Usage);

            var progress = new ProgressDisplay(error);
            var results = new List<ModelBenchmarkResult>();
            foreach (var info in infos)
            {
                // One model at a time: each session is released before the next is built, so large zoos fit in memory.
                var onnx = ModelSessions.Export(info, new SeededWeights(settings.Seed));
                var created = Stopwatch.StartNew();
                using var model = ModelSessions.Open(onnx, inference);
                var creation = created.Elapsed;
                var shape = ModelSessions.BatchShape(info, settings.Batch);
                var target = new BenchmarkTarget(info.Name, model, creation, RandomInput(shape, settings.Seed), shape, info.Flops);
                var sample = progress.Run(
                    $"{info.Name}: batch {settings.Batch}, {ThreadsText(settings.Threads)}, {SessionOptions.Name(model.Provider)}",
                    report => LatencySampler.Sample([target], settings.Sampling, report)[0]);
                results.Add(new ModelBenchmarkResult(info, sample));
            }

            var peak = PeakMemory.Bytes();
            if (parse.GetValue(json))
                output.WriteLine(BenchmarkJson.Write(settings, results, peak));
            else
                WriteTable(output, settings, results, peak);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<int> PositiveInt(string name, string description, int defaultValue)
    {
        return new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue }
            .InRange(1, int.MaxValue, "1 or more");
    }

    /// <summary>Uniform values in [-1, 1) from a fixed seed: every run and every model sees the same batch.</summary>
    internal static float[] RandomInput(int[] shape, ulong seed)
    {
        var random = new Random(unchecked((int)seed ^ 0x5EED));
        var values = new float[Runtime.Tensors.FloatTensor.ElementCount(shape)];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    private static string ThreadsText(int threads) => threads == 0 ? "default threads" : threads == 1 ? "1 thread" : $"{threads} threads";

    private static void WriteTable(TextWriter output, BenchmarkSettings settings, IReadOnlyList<ModelBenchmarkResult> results, long? peak)
    {
        var console = Consoles.For(output);
        var table = new Table().AddColumns("model", "provider", "parameters", "GFLOPs", "median ms", "p10–p90 ms", "images/s", "GFLOP/s", "session s", "runs");
        for (var c = 2; c < table.Columns.Count; c++) table.Columns[c].RightAligned();
        foreach (var result in results)
        {
            var s = result.Sample;
            table.AddRow(
                Markup.Escape(result.Model.Name),
                SessionOptions.Name(s.Target.Session.Provider),
                Format(result.Model.Parameters, "N0"),
                Format(result.Model.Flops / 1e9, "0.000"),
                Format(s.MedianMs, "0.00"),
                Format(s.P10Ms, "0.0") + "–" + Format(s.P90Ms, "0.0"),
                Format(s.ImagesPerSecond, "0.00"),
                Format(s.GigaFlopsPerSecond, "0.0"),
                Format(s.Target.SessionCreation.TotalSeconds, "0.00"),
                Format(s.Runs, "N0"));
        }
        table.Caption(Markup.Escape(
            $"batch {settings.Batch}, {ThreadsText(settings.Threads)}; images/s = batch ÷ median; GFLOP/s counts a MAC as 2 FLOPs" +
            (peak is { } p ? $"; peak memory {p / (1024.0 * 1024.0):0} MiB" : "")));
        console.Write(table);

        var refusals = results.SelectMany(r => r.Sample.Target.Session.RefusedProviders).DistinctBy(r => (r.Provider, r.Reason)).ToArray();
        foreach (var refusal in refusals)
            output.WriteLine($"{SessionOptions.Name(refusal.Provider)} refused: {refusal.Summary}");
        if (refusals.Length > 0)
            output.WriteLine("(GPU providers need ONNX Runtime's GPU build: set LITDSL_ONNXRUNTIME to its libonnxruntime.so; see README, \"Execution providers\")");
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
