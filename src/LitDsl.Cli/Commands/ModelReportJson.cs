using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using LitDsl.Models;

namespace LitDsl.Cli.Commands;

/// <summary>
/// The JSON form of the model report, the same fields as the build-time report the generator embeds: camelCase names,
/// exact integers. Per-layer rows are added with <c>--layers</c>.
/// </summary>
internal static class ModelReportJson
{
    public static string Write(IReadOnlyList<LitModelInfo> models, bool includeLayers)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("models");
            foreach (var model in models) WriteModel(json, model, includeLayers);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteModel(Utf8JsonWriter json, LitModelInfo model, bool includeLayers)
    {
        json.WriteStartObject();
        json.WriteString("name", model.Name);
        json.WriteString("type", model.TypeName);
        WriteShape(json, "inputShape", model.InputShape);
        WriteShape(json, "outputShape", model.OutputShape);
        json.WriteNumber("parameters", model.Parameters);
        json.WriteNumber("flops", model.Flops);
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
            foreach (var layer in model.Layers)
            {
                json.WriteStartObject();
                json.WriteString("name", layer.Name);
                json.WriteString("kind", layer.Kind);
                WriteShape(json, "outputShape", layer.OutputShape);
                json.WriteNumber("parameters", layer.Parameters);
                json.WriteNumber("flops", layer.Flops);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteShape(Utf8JsonWriter json, string name, int[] shape)
    {
        json.WriteStartArray(name);
        foreach (var d in shape) json.WriteNumberValue(d);
        json.WriteEndArray();
    }
}
