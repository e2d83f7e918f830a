using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace LitDsl.Cli.Benchmarking;

/// <summary>The JSON form of a bench run: camelCase fields, exact integers for counts, milliseconds for times.</summary>
internal static class BenchmarkJson
{
    public static string Write(BenchmarkSettings settings, IReadOnlyList<ModelBenchmarkResult> results, long? peakMemoryBytes)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("batch", settings.Batch);
            json.WriteNumber("threads", settings.Threads);
            json.WriteString("requestedProvider", SessionOptions.Name(settings.Provider));
            if (peakMemoryBytes is { } peak) json.WriteNumber("peakMemoryBytes", peak);
            else json.WriteNull("peakMemoryBytes");
            json.WriteStartArray("results");
            foreach (var result in results) WriteResult(json, result);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteResult(Utf8JsonWriter json, ModelBenchmarkResult result)
    {
        var sample = result.Sample;
        json.WriteStartObject();
        json.WriteString("model", result.Model.Name);
        json.WriteNumber("parameters", result.Model.Parameters);
        json.WriteNumber("flops", result.Model.Flops);
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
        json.WriteNumber("sessionCreationMs", sample.Target.SessionCreation.TotalMilliseconds);
        json.WriteNumber("firstRunMs", sample.FirstRun.TotalMilliseconds);
        json.WriteEndObject();
    }
}
