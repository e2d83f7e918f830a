using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using LitDsl.Runtime.Weights;

namespace LitDsl.Cli.Commands;

/// <summary>
/// <c>convert &lt;in.pth|in.safetensors&gt; &lt;out.safetensors&gt;</c>: a state_dict to float32 safetensors, without
/// Python. The output is written atomically; integer counters (BatchNorm's num_batches_tracked) are left out.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(TextWriter output)
    {
        var input = new Argument<FileInfo>("input") { Description = "A .pth (torch.save) or .safetensors file holding a state_dict." };
        var outputFile = new Argument<FileInfo>("output") { Description = "The .safetensors file to write." };
        var command = new Command("convert", "Convert a PyTorch checkpoint's state_dict to float32 .safetensors.") { input, outputFile };
        command.SetAction(parse =>
        {
            var requested = parse.GetValue(outputFile)!.FullName;
            if (!requested.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                throw new CliException($"convert writes .safetensors; name the output *.safetensors, not '{Path.GetFileName(requested)}'", ExitCodes.Usage);
            var files = new CommandFiles();
            var source = files.Input("input", parse.GetValue(input)!.FullName);
            var target = files.Output("output", requested);

            var summary = WeightConversion.ToSafetensors(source, target);
            var from = summary.StateDictLocation.Length == 0 ? "" : $" (state_dict under '{summary.StateDictLocation}')";
            var skipped = summary.Skipped.Count == 0 ? "" : $"; left out {summary.Skipped.Count} integer tensors ({Example(summary)})";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {target}: {summary.Tensors:N0} tensors, {summary.Bytes:N0} bytes, float32, from {Path.GetFileName(source)}{from}{skipped}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Example(WeightConversionSummary summary) =>
        summary.Skipped.Count == 1 ? summary.Skipped[0] : $"{summary.Skipped[0]}, …";
}
