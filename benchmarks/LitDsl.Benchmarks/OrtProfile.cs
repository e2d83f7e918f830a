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
    /// Kernel time per operator type (ORT's <c>op_name</c>, e.g. <c>FusedMatMul</c>, so fusions show), skipping the first
    /// <paramref name="skipRuns"/> runs (warm-up).
    /// </summary>
    public static Dictionary<string, OperatorTime> TimePerOperator(string traceFile, int skipRuns)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(traceFile));
        var result = new Dictionary<string, OperatorTime>(StringComparer.Ordinal);
        int run = -1;
        foreach (var e in document.RootElement.EnumerateArray())
        {
            string name = e.GetProperty("name").GetString() ?? "";
            string category = e.TryGetProperty("cat", out var c) ? c.GetString() ?? "" : "";
            if (category == "Session" && name == "model_run") run++;
            if (category != "Node" || !name.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
            // Node events of a run are written before its model_run event.
            if (run + 1 < skipRuns) continue;
            string op = e.GetProperty("args").GetProperty("op_name").GetString() ?? "?";
            double duration = e.GetProperty("dur").GetDouble();
            result[op] = result.TryGetValue(op, out var t) ? new OperatorTime(t.Microseconds + duration, t.Nodes + 1) : new OperatorTime(duration, 1);
        }
        return result;
    }

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
