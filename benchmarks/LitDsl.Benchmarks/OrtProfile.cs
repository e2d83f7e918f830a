using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LitDsl.Benchmarks;

/// <summary>Reads an ORT profile (Chrome trace JSON) and sums node kernel time per operator type.</summary>
internal static class OrtProfile
{
    public readonly record struct OperatorTime(double Microseconds, int Nodes);

    public readonly record struct NodeTime(string Name, string Operator, string InputShapes, double Microseconds);

    /// <summary>
    /// Kernel time per operator type (ORT's <c>op_name</c>, e.g. <c>FusedMatMul</c>, so fusions show) summed over the
    /// runs after the first <paramref name="skipRuns"/> (warm-up), and how many nodes have that type.
    /// </summary>
    public static Dictionary<string, OperatorTime> TimePerOperator(string traceFile, int skipRuns) =>
        TimePerNode(traceFile, skipRuns)
            .GroupBy(n => n.Operator, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new OperatorTime(g.Sum(n => n.Microseconds), g.Count()), StringComparer.Ordinal);

    /// <summary>Mean wall time of the runs after <paramref name="skipRuns"/> (ORT's <c>model_run</c> events), in microseconds.</summary>
    public static double MeanRunMicroseconds(string traceFile, int skipRuns)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(traceFile));
        var runs = document.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("cat", out var c) && c.GetString() == "Session" && e.GetProperty("name").GetString() == "model_run")
            .Skip(skipRuns).Select(e => e.GetProperty("dur").GetDouble()).ToArray();
        return runs.Length > 0 ? runs.Average() : 0;
    }

    /// <summary>Kernel time per node summed over the runs after <paramref name="skipRuns"/>, with the node's input shapes.</summary>
    public static List<NodeTime> TimePerNode(string traceFile, int skipRuns)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(traceFile));
        var byName = new Dictionary<string, NodeTime>(StringComparer.Ordinal);
        int run = -1;
        foreach (var e in document.RootElement.EnumerateArray())
        {
            string name = e.GetProperty("name").GetString() ?? "";
            string category = e.TryGetProperty("cat", out var c) ? c.GetString() ?? "" : "";
            if (category == "Session" && name == "model_run") run++;
            // Node events of a run are written before its model_run event.
            if (category != "Node" || !name.EndsWith("_kernel_time", StringComparison.Ordinal) || run + 1 < skipRuns) continue;
            var args = e.GetProperty("args");
            string node = name[..^"_kernel_time".Length];
            double duration = e.GetProperty("dur").GetDouble();
            if (byName.TryGetValue(node, out var seen))
            {
                byName[node] = seen with { Microseconds = seen.Microseconds + duration };
                continue;
            }
            string shapes = args.TryGetProperty("input_type_shape", out var s) ? Shapes(s) : "";
            byName[node] = new NodeTime(node, args.GetProperty("op_name").GetString() ?? "?", shapes, duration);
        }
        return [.. byName.Values];
    }

    // input_type_shape is [{"float":[1,3136,96]}, ...]: keep the dimensions.
    private static string Shapes(JsonElement inputs) =>
        string.Join(" ", inputs.EnumerateArray().Select(i => "[" + string.Join(",", i.EnumerateObject().SelectMany(p => p.Value.EnumerateArray()).Select(d => d.GetRawText())) + "]"));
}
