using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LitDsl.Build;

/// <summary>One model of the embedded report, and the two human forms of it: a build-log line and Markdown.</summary>
internal sealed class ReportModel
{
    public string Name { get; private set; } = "";
    public string Type { get; private set; } = "";
    public long[] InputShape { get; private set; } = [];
    public long Parameters { get; private set; }
    public long Flops { get; private set; }
    public List<(long Index, string Block, long Depth, long[] Shape)> Stages { get; } = [];

    /// <summary>A backbone's outputs (name, channels, stride); empty for other models.</summary>
    public List<(string Name, long Channels, long Stride)> BackboneOutputs { get; } = [];

    /// <summary>A backbone's smallest input side, or 0 for other models.</summary>
    public long MinimumSide { get; private set; }

    public static List<ReportModel> ParseAll(string json)
    {
        var root = Members(JsonText.Parse(json), "report");
        var models = Get<List<object?>>(root, "models");
        return models.Select(item =>
        {
            var fields = Members(item, "model");
            var model = new ReportModel
            {
                Name = Get<string>(fields, "name"),
                Type = Get<string>(fields, "type"),
                InputShape = Numbers(Get<List<object?>>(fields, "inputShape")),
                Parameters = Get<long>(fields, "parameters"),
                Flops = Get<long>(fields, "flops"),
            };
            if (Find(fields, "backbone") is { } backbone)
            {
                model.MinimumSide = Get<long>(Members(backbone, "backbone"), "minimumSide");
                foreach (var output in Get<List<object?>>(fields, "outputs"))
                {
                    var o = Members(output, "output");
                    model.BackboneOutputs.Add((Get<string>(o, "name"), Get<long>(o, "channels"), Get<long>(o, "stride")));
                }
            }
            foreach (var stage in Get<List<object?>>(fields, "stages"))
            {
                var s = Members(stage, "stage");
                model.Stages.Add((Get<long>(s, "index"), Get<string>(s, "block"), Get<long>(s, "depth"),
                    Numbers(Get<List<object?>>(s, "shape"))));
            }
            return model;
        }).ToList();
    }

    /// <summary>
    /// <c>litv2-s: 27,844,000 params, 3.734 GFLOPs, input 3×224×224, stages 56×56×96 | 28×28×192 | …</c>; a backbone's
    /// line says its FLOPs are at its reference input and lists its outputs (channels, stride).
    /// </summary>
    public string SummaryLine()
    {
        var line = new StringBuilder()
            .Append(Name).Append(": ")
            .Append(Parameters.ToString("N0", CultureInfo.InvariantCulture)).Append(" params, ")
            .Append(GFlops()).Append(" GFLOPs, ").Append(MinimumSide > 0 ? "reference input " : "input ").Append(Shape(InputShape));
        if (Stages.Count > 0) line.Append(", stages ").Append(string.Join(" | ", Stages.Select(s => Shape(s.Shape))));
        if (MinimumSide > 0) line.Append(", backbone of any input from ").Append(MinimumSide).Append(" px: ").Append(Outputs());
        return line.ToString();
    }

    /// <summary><c>out0 96 ch /4, out1 192 ch /8, …</c>.</summary>
    private string Outputs() =>
        string.Join(", ", BackboneOutputs.Select(o => string.Format(CultureInfo.InvariantCulture, "{0} {1} ch /{2}", o.Name, o.Channels, o.Stride)));

    public static string Markdown(IEnumerable<ReportModel> models)
    {
        var text = new StringBuilder()
            .AppendLine("# LitDsl model report")
            .AppendLine()
            .AppendLine("Computed by the LitDsl generator at compile time; FLOPs are multiply-accumulates in the reference code's `flops()` convention.")
            .AppendLine()
            .AppendLine("A backbone's FLOPs are at its reference input; it takes any input from its smallest side on, and its outputs are")
            .AppendLine("listed with their channels and stride. (Detection and segmentation papers count the FPN and heads too.)")
            .AppendLine()
            .AppendLine("| model | input | parameters | FLOPs | GFLOPs | stages (H×W×C) | backbone outputs |")
            .AppendLine("|---|---|---:|---:|---:|---|---|");
        foreach (var model in models)
        {
            var stages = model.Stages.Count == 0
                ? "–"
                : string.Join("<br>", model.Stages.Select(s => $"{s.Index}: {s.Block} ×{s.Depth}, {Shape(s.Shape)}"));
            text.Append("| ").Append(model.Name)
                .Append(" | ").Append(Shape(model.InputShape))
                .Append(" | ").Append(model.Parameters.ToString("N0", CultureInfo.InvariantCulture))
                .Append(" | ").Append(model.Flops.ToString("N0", CultureInfo.InvariantCulture))
                .Append(" | ").Append(model.GFlops())
                .Append(" | ").Append(stages)
                .Append(" | ").Append(model.MinimumSide > 0 ? model.Outputs() + $" (from {model.MinimumSide} px)" : "–").AppendLine(" |");
        }
        return text.ToString().Replace("\r\n", "\n");
    }

    private string GFlops() => (Flops / 1e9).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Shape(long[] shape) => string.Join("×", shape);

    private static List<KeyValuePair<string, object?>> Members(object? value, string what) =>
        value as List<KeyValuePair<string, object?>> ?? throw new FormatException($"{what} is not an object");

    private static object? Find(List<KeyValuePair<string, object?>> members, string name)
    {
        foreach (var member in members)
            if (member.Key == name) return member.Value;
        return null;
    }

    private static T Get<T>(List<KeyValuePair<string, object?>> members, string name)
    {
        foreach (var member in members)
            if (member.Key == name)
                return member.Value is T typed ? typed : throw new FormatException($"'{name}' has the wrong type");
        throw new FormatException($"'{name}' is missing");
    }

    private static long[] Numbers(List<object?> items) =>
        items.Select(i => i is long n ? n : throw new FormatException("a shape holds a non-integer")).ToArray();
}
