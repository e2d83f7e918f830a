using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using LitDsl.Graph;
using LitDsl.Models;

namespace LitDsl.Cli.Commands;

/// <summary>
/// The JSON form of the model report (docs/report.md gives the schema): camelCase names, exact integers. Per-layer rows
/// are added with <c>--layers</c>, the graph's own counts with <c>--graph</c>.
/// </summary>
internal static class ModelReportJson
{
    public static string Write(IReadOnlyList<LitModelInfo> models, bool includeLayers, IReadOnlyList<ModelGraph>? graphs = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("models");
            for (var i = 0; i < models.Count; i++) WriteModel(json, models[i], includeLayers, graphs?[i]);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteModel(Utf8JsonWriter json, LitModelInfo model, bool includeLayers, ModelGraph? graph)
    {
        json.WriteStartObject();
        json.WriteString("name", model.Name);
        json.WriteString("type", model.TypeName);
        WriteShape(json, "inputShape", model.InputShape);
        WriteShape(json, "outputShape", model.OutputShape);
        json.WriteStartArray("outputs");
        foreach (var output in model.Outputs)
        {
            json.WriteStartObject();
            json.WriteString("name", output.Name);
            WriteShape(json, "shape", output.Shape);
            if (output.OutIndex >= 0)
            {
                json.WriteNumber("outIndex", output.OutIndex);
                json.WriteNumber("stride", output.Stride);
                json.WriteNumber("channels", output.Channels);
                json.WriteBoolean("normalized", output.Normalized);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("parameters", model.Parameters);
        json.WriteNumber("flops", model.Flops);
        if (model.Backbone is { } backbone)
        {
            json.WriteStartObject("backbone");
            WriteShape(json, "referenceSize", [backbone.ReferenceHeight, backbone.ReferenceWidth]);
            json.WriteNumber("minimumSide", backbone.MinimumSide);
            json.WriteEndObject();
        }
        if (graph is not null) WriteCount(json, graph.Count);
        json.WriteStartArray("stages");
        for (var i = 0; i < model.Stages.Count; i++)
        {
            json.WriteStartObject();
            json.WriteNumber("index", i + 1);
            WriteShape(json, "shape", model.Stages[i]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (includeLayers)
        {
            json.WriteStartArray("layers");
            for (var i = 0; i < model.Layers.Count; i++)
            {
                var layer = model.Layers[i];
                json.WriteStartObject();
                json.WriteString("name", layer.Name);
                json.WriteString("kind", layer.Kind);
                WriteShape(json, "outputShape", layer.OutputShape);
                json.WriteNumber("parameters", layer.Parameters);
                json.WriteNumber("flops", layer.Flops);
                if (graph is not null) WriteCount(json, graph.Layers[i].Count);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>What the graph's operators do (<see cref="GraphCount"/>), beside the reference-convention FLOPs.</summary>
    private static void WriteCount(Utf8JsonWriter json, GraphCount count)
    {
        json.WriteStartObject("graph");
        json.WriteNumber("multiplyAccumulates", count.MultiplyAccumulates);
        json.WriteNumber("normalizedElements", count.NormalizedElements);
        json.WriteNumber("biasAdditions", count.BiasAdditions);
        json.WriteEndObject();
    }

    private static void WriteShape(Utf8JsonWriter json, string name, int[] shape)
    {
        json.WriteStartArray(name);
        foreach (var d in shape) json.WriteNumberValue(d);
        json.WriteEndArray();
    }
}
