using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LitDsl.Cli.Inspecting;
using LitDsl.Models;
using LitDsl.Runtime.Weights;
using static System.FormattableString;

namespace LitDsl.Cli.Commands;

/// <summary>
/// <c>inspect &lt;file&gt; [--json]</c>: what a .pth or .safetensors file holds — its top-level entries with their types
/// (an object LitDsl records instead of instantiating shows its class), the state_dict's tensors (name, dtype, shape,
/// bytes), their parameter count, and which declared models it binds to. Nothing in the file is run.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<FileInfo>("file") { Description = "A .pth (torch.save) or .safetensors file." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output (camelCase fields, exact integers)." };
        var command = new Command("inspect", "Show what a .pth or .safetensors file holds and which declared models it binds to.") { file, json };
        command.SetAction(parse =>
        {
            var path = new CommandFiles().Input("file", parse.GetValue(file)!.FullName);
            var report = WeightFileReport.Read(path, LitModelCatalog.All);
            output.Write(parse.GetValue(json) ? Json(report) : Text(report));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Text(WeightFileReport report)
    {
        var text = new StringBuilder();
        string format = report.Format == WeightFileFormat.PyTorch ? "PyTorch checkpoint (torch.save zip)" : "safetensors";
        Line(text, Invariant($"{report.File}: {format}, {report.Bytes:N0} bytes"));
        if (report.Entries.Count > 0)
        {
            Line(text, report.Format == WeightFileFormat.PyTorch ? "entries:" : "metadata:");
            int width = report.Entries.Max(e => e.Key.Length);
            foreach (var entry in report.Entries)
            {
                string type = entry.Recorded is null ? entry.Type : $"{entry.Type} (recorded {entry.Recorded}, nothing run)";
                string count = entry.Count is { } n ? Invariant($", {n:N0} {(n == 1 ? Singular(entry.CountOf) : entry.CountOf)}") : "";
                string value = entry.Value is null ? "" : " " + entry.Value;
                string stateDict = entry.Key == report.StateDictLocation ? " — the state_dict" : "";
                Line(text, $"  {entry.Key.PadRight(width)}  {type}{count}{value}{stateDict}");
            }
        }
        if (report.StateDictProblem is { } problem)
        {
            Line(text, problem);
            return text.ToString();
        }
        string where = report.StateDictLocation is { Length: > 0 } location ? $" under '{location}'" : "";
        Line(text, Invariant($"state_dict{where}: {report.Tensors.Count:N0} tensors, {report.Parameters:N0} parameters (every element, buffers included), {report.Tensors.Sum(t => t.Bytes):N0} bytes"));
        int nameWidth = report.Tensors.Select(t => t.Name.Length).DefaultIfEmpty(4).Max();
        int dtypeWidth = report.Tensors.Select(t => t.DType.Length).DefaultIfEmpty(5).Max();
        int shapeWidth = report.Tensors.Select(t => Shape(t.Shape).Length).DefaultIfEmpty(5).Max();
        Line(text, $"  {"name".PadRight(nameWidth)}  {"dtype".PadRight(dtypeWidth)}  {"shape".PadRight(shapeWidth)}  {"bytes",12}");
        foreach (var tensor in report.Tensors)
            Line(text, Invariant($"  {tensor.Name.PadRight(nameWidth)}  {tensor.DType.PadRight(dtypeWidth)}  {Shape(tensor.Shape).PadRight(shapeWidth)}  {tensor.Bytes,12:N0}"));
        Line(text, report.BindsTo.Count > 0
            ? "binds to: " + string.Join(", ", report.BindsTo)
            : "binds to no declared model");
        return text.ToString();
    }

    /// <summary>
    /// <c>{"file", "format", "bytes", "entries": [{"key", "type", "recorded", "count", "value"}], "stateDict":
    /// {"location", "tensorCount", "parameters", "bytes", "tensors": [{"name", "dtype", "shape", "bytes"}]} | null,
    /// "stateDictProblem", "bindsTo": [model names]}</c>.
    /// </summary>
    private static string Json(WeightFileReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("file", report.File);
            json.WriteString("format", report.Format == WeightFileFormat.PyTorch ? "pytorch" : "safetensors");
            json.WriteNumber("bytes", report.Bytes);
            json.WriteStartArray("entries");
            foreach (var entry in report.Entries)
            {
                json.WriteStartObject();
                json.WriteString("key", entry.Key);
                json.WriteString("type", entry.Type);
                json.WriteString("recorded", entry.Recorded);
                if (entry.Count is { } count) json.WriteNumber("count", count);
                else json.WriteNull("count");
                json.WriteString("value", entry.Value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (report.StateDictProblem is null)
            {
                json.WriteStartObject("stateDict");
                json.WriteString("location", report.StateDictLocation);
                json.WriteNumber("tensorCount", report.Tensors.Count);
                json.WriteNumber("parameters", report.Parameters);
                json.WriteNumber("bytes", report.Tensors.Sum(t => t.Bytes));
                json.WriteStartArray("tensors");
                foreach (var tensor in report.Tensors)
                {
                    json.WriteStartObject();
                    json.WriteString("name", tensor.Name);
                    json.WriteString("dtype", tensor.DType);
                    json.WriteStartArray("shape");
                    foreach (int d in tensor.Shape) json.WriteNumberValue(d);
                    json.WriteEndArray();
                    json.WriteNumber("bytes", tensor.Bytes);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("stateDict");
            }
            json.WriteString("stateDictProblem", report.StateDictProblem);
            json.WriteStartArray("bindsTo");
            foreach (string model in report.BindsTo) json.WriteStringValue(model);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Singular(string noun) => noun switch
    {
        "entries" => "entry",
        "items" => "item",
        _ => "byte",
    };

    private static string Shape(int[] shape) => "[" + string.Join(", ", shape) + "]";

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
