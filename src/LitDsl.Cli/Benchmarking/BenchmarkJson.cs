using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using LitDsl.Runtime;

namespace LitDsl.Cli.Benchmarking;

/// <summary>The JSON form of a bench run: camelCase fields, exact integers for counts, milliseconds for times.</summary>
internal static class BenchmarkJson
{
    public static string Write(BenchmarkReport report)
    {
        var settings = report.Settings;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("batch", settings.Batch);
            json.WriteNumber("threads", settings.Threads);
            json.WriteString("threadSpinning", SessionOptions.Name(settings.ThreadSpinning));
            json.WriteString("parallelism", settings.Parallelism == CpuParallelism.Batch ? "batch" : "operators");
            json.WriteString("requestedProvider", SessionOptions.Name(settings.Provider));
            if (report.PeakMemoryBytes is { } peak) json.WriteNumber("peakMemoryBytes", peak);
            else json.WriteNull("peakMemoryBytes");
            if (report.CeilingGflopsPerSecond is { } ceiling)
            {
                json.WriteNumber("ceilingGflopsPerSecond", ceiling);
                json.WriteNumber("ceilingMatMulSize", MatMulCeiling.Size);
                json.WriteNumber("ceilingRuns", report.CeilingRuns);
            }
            else
            {
                json.WriteNull("ceilingGflopsPerSecond");
            }
            json.WriteStartArray("results");
            foreach (var result in report.Results) WriteResult(json, result, report.CeilingGflopsPerSecond);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteResult(Utf8JsonWriter json, ModelBenchmarkResult result, double? ceiling)
    {
        var sample = result.Sample;
        json.WriteStartObject();
        json.WriteString("model", result.Model.Name);
        json.WriteNumber("parameters", result.Model.Parameters);
        // The FLOPs of one image at the size timed (a backbone's may differ from its reference size's).
        json.WriteNumber("flops", sample.Target.MacsPerSample);
        json.WriteStartArray("inputShape");
        foreach (var d in sample.Target.InputShape.Skip(1)) json.WriteNumberValue(d);
        json.WriteEndArray();
        WriteSample(json, sample, ceiling);
        json.WriteStartArray("baselines");
        foreach (var baseline in result.Baselines)
        {
            json.WriteStartObject();
            json.WriteString("file", baseline.File);
            WriteSample(json, baseline.Sample, ceiling);
            json.WriteNumber("modelSpeedup", BaselineResult.Speedup(sample, baseline.Sample));
            json.WriteNumber("modelSpeedupPaired", LatencySample.PairedSpeedup(baseline.Sample, sample));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSample(Utf8JsonWriter json, LatencySample sample, double? ceiling)
    {
        json.WriteString("provider", SessionOptions.Name(sample.Target.Session.Provider));
        json.WriteStartArray("refusedProviders");
        foreach (var refusal in sample.Target.Session.RefusedProviders)
        {
            json.WriteStartObject();
            json.WriteString("provider", SessionOptions.Name(refusal.Provider));
            json.WriteString("reason", refusal.Summary);
            json.WriteString("ortMessage", refusal.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("runs", sample.Runs);
        json.WriteNumber("medianLatencyMs", sample.MedianMs);
        json.WriteNumber("p10LatencyMs", sample.P10Ms);
        json.WriteNumber("p90LatencyMs", sample.P90Ms);
        json.WriteNumber("imagesPerSecond", sample.ImagesPerSecond);
        json.WriteNumber("gflopsPerSecond", sample.GigaFlopsPerSecond);
        if (ceiling is { } c) json.WriteNumber("fractionOfCeiling", sample.GigaFlopsPerSecond / c);
        else json.WriteNull("fractionOfCeiling");
        json.WriteNumber("sessionCreationMs", sample.Target.SessionCreation.TotalMilliseconds);
        json.WriteString("startupCache", Commands.BenchCommand.CacheText(sample.Target.Session.StartupCache));
        json.WriteNumber("firstRunMs", sample.FirstRun.TotalMilliseconds);
        // Every timed run in round order: samples timed together pair up by index.
        json.WriteStartArray("latenciesMs");
        foreach (var latency in sample.LatenciesMs) json.WriteNumberValue(latency);
        json.WriteEndArray();
    }
}
