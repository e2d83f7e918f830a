using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LitDsl.Benchmarks;

/// <summary>
/// An ORT profile (Chrome trace JSON), read once: kernel time per node and per operator type, and the mean run time,
/// over the runs after the first <c>skipRuns</c> (warm-up).
/// </summary>
internal sealed class OrtProfile
{
    public readonly record struct OperatorTime(double Microseconds, int Nodes);

    public readonly record struct NodeTime(string Name, string Operator, string InputShapes, double Microseconds);

    private OrtProfile(List<NodeTime> nodes, double meanRunMicroseconds)
    {
        Nodes = nodes;
        MeanRunMicroseconds = meanRunMicroseconds;
    }

    /// <summary>Kernel time per node summed over the counted runs, with the node's input shapes.</summary>
    public IReadOnlyList<NodeTime> Nodes { get; }

    /// <summary>Mean wall time of the counted runs (ORT's <c>model_run</c> events), in microseconds.</summary>
    public double MeanRunMicroseconds { get; }

    /// <summary>
    /// Kernel time per operator type (ORT's <c>op_name</c>, e.g. <c>FusedMatMul</c>, so fusions show), and how many nodes
    /// have that type.
    /// </summary>
    public Dictionary<string, OperatorTime> TimePerOperator() =>
        Nodes.GroupBy(n => n.Operator, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new OperatorTime(g.Sum(n => n.Microseconds), g.Count()), StringComparer.Ordinal);

    public static OrtProfile Read(string traceFile, int skipRuns)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(traceFile));
        var byName = new Dictionary<string, NodeTime>(StringComparer.Ordinal);
        var runs = new List<double>();
        int run = -1;
        foreach (var e in document.RootElement.EnumerateArray())
        {
            string name = e.GetProperty("name").GetString() ?? "";
            string category = e.TryGetProperty("cat", out var c) ? c.GetString() ?? "" : "";
            if (category == "Session" && name == "model_run")
            {
                if (++run >= skipRuns) runs.Add(e.GetProperty("dur").GetDouble());
                continue;
            }
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
        return new OrtProfile([.. byName.Values], runs.Count > 0 ? runs.Average() : 0);
    }

    // input_type_shape is [{"float":[1,3136,96]}, ...]: keep the dimensions.
    private static string Shapes(JsonElement inputs) =>
        string.Join(" ", inputs.EnumerateArray().Select(i => "[" + string.Join(",", i.EnumerateObject().SelectMany(p => p.Value.EnumerateArray()).Select(d => d.GetRawText())) + "]"));
}
