using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LitDsl.Cli.Classifying;

/// <summary>How <c>classify</c> prints answers: a block of lines per image, or one JSON document at the end.</summary>
internal static class ClassificationOutput
{
    /// <summary>The file, then one line per class: probability, name (or "class N" without a label list), index.</summary>
    public static void WriteText(TextWriter output, ClassifiedImage image)
    {
        output.WriteLine(image.File);
        foreach (var prediction in image.Predictions)
        {
            string name = prediction.Label ?? $"class {prediction.Index}";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {prediction.Probability:0.0000}  {name} ({prediction.Index})"));
        }
    }

    /// <summary>
    /// <c>{"model", "provider", "images": [{"file", "predictions": [{"index", "label", "probability"}]} | {"file", "error"}]}</c>.
    /// </summary>
    public static string Json(string model, string provider, IReadOnlyList<ClassifiedImage> images)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteString("provider", provider);
            json.WriteStartArray("images");
            foreach (var image in images)
            {
                json.WriteStartObject();
                json.WriteString("file", image.File);
                if (image.Error is not null)
                {
                    json.WriteString("error", image.Error);
                }
                else
                {
                    json.WriteStartArray("predictions");
                    foreach (var prediction in image.Predictions)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("index", prediction.Index);
                        if (prediction.Label is not null) json.WriteString("label", prediction.Label);
                        else json.WriteNull("label");
                        json.WriteNumber("probability", prediction.Probability);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
