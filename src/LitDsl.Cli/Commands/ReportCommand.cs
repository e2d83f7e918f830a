using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Models;
using Spectre.Console;

namespace LitDsl.Cli.Commands;

/// <summary><c>report [--json] [--layers]</c>: every declared model with its input, parameters, FLOPs and stages.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable output (exact integers, camelCase fields)." };
        var layers = new Option<bool>("--layers") { Description = "Include the per-layer table." };
        var graph = new Option<bool>("--graph")
        {
            Description = "Also build each graph and count what its operators do (multiply-accumulates, beside the reference-convention FLOPs).",
        };
        var command = new Command("report", "List every declared model: input, parameters, FLOPs, per-stage shapes.")
        {
            json, layers, graph,
        };
        command.SetAction(parse =>
        {
            var models = LitModelCatalog.All;
            var graphs = parse.GetValue(graph) ? models.Select(BuildGraph).ToArray() : null;
            if (parse.GetValue(json))
                output.WriteLine(ModelReportJson.Write(models, parse.GetValue(layers), graphs));
            else
                WriteTable(output, models, parse.GetValue(layers), graphs);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The model's graph, built for its counts alone (weights left at zero: the counts depend on shapes only).</summary>
    private static ModelGraph BuildGraph(LitModelInfo model)
    {
        var builder = new GraphBuilder(model.Name, new ZeroWeights());
        model.Build(builder);
        return builder.Finish();
    }

    private static void WriteTable(TextWriter output, System.Collections.Generic.IReadOnlyList<LitModelInfo> models, bool layers,
        ModelGraph[]? graphs)
    {
        var console = Consoles.For(output);
        var table = new Table().AddColumns("model", "input", "parameters", "GFLOPs", "stages (H×W×C)");
        if (graphs is not null) table.AddColumn("graph GMACs");
        table.Columns[2].RightAligned();
        table.Columns[3].RightAligned();
        var backbones = new Table().AddColumns("backbone", "reference input", "smallest", "parameters", "GFLOPs", "outputs (channels, stride)");
        if (graphs is not null) backbones.AddColumn("graph GMACs");
        backbones.Columns[3].RightAligned();
        backbones.Columns[4].RightAligned();
        backbones.Caption("GFLOPs at the reference input (FlopsAt gives any other); the detection and segmentation papers' tables count the FPN and heads too");
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            var parameters = model.Parameters.ToString("N0", CultureInfo.InvariantCulture);
            var gflops = (model.Flops / 1e9).ToString("0.000", CultureInfo.InvariantCulture);
            string[] row = model.Backbone is { } backbone
                ?
                [
                    Markup.Escape(model.Name), Shape(model.InputShape), $"{backbone.MinimumSide}×{backbone.MinimumSide}", parameters, gflops,
                    string.Join("  ", model.Outputs.Select(o => $"{o.Name} {o.Channels} /{o.Stride}{(o.Normalized ? "" : " (no norm)")}")),
                ]
                : [Markup.Escape(model.Name), Shape(model.InputShape), parameters, gflops, string.Join("  ", model.Stages.Select(Shape))];
            if (graphs is not null) row = [.. row, (graphs[i].Count.MultiplyAccumulates / 1e9).ToString("0.000", CultureInfo.InvariantCulture)];
            (model.Backbone is null ? table : backbones).AddRow(row);
        }
        if (table.Rows.Count > 0) console.Write(table);
        if (backbones.Rows.Count > 0) console.Write(backbones);
        if (!layers) return;
        foreach (var model in models)
        {
            var layerTable = new Table().Title(Markup.Escape(model.Name)).AddColumns("layer", "kind", "output", "parameters", "FLOPs");
            foreach (var layer in model.Layers)
                layerTable.AddRow(Markup.Escape(layer.Name), layer.Kind, Shape(layer.OutputShape),
                    layer.Parameters.ToString("N0", CultureInfo.InvariantCulture), layer.Flops.ToString("N0", CultureInfo.InvariantCulture));
            console.Write(layerTable);
        }
    }

    private static string Shape(int[] shape) => string.Join("×", shape);
}
