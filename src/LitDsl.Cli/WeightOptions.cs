using System;
using System.CommandLine;
using System.IO;
using LitDsl.Graph;
using LitDsl.Models;

namespace LitDsl.Cli;

/// <summary>
/// <c>--weights &lt;file&gt;</c> and <c>--seed N</c>, shared by the commands that build a graph: a checkpoint or
/// safetensors file bound to the model (every bad key reported at once, before anything is built), else the seeded
/// reference initialisation.
/// </summary>
internal sealed class WeightOptions(bool withSeed = true)
{
    public Option<FileInfo?> Weights { get; } = new("--weights", "-w")
    {
        Description = "A .pth (torch.save) or .safetensors state_dict with the reference's key names; default: seeded initialisation.",
    };

    public Option<ulong> Seed { get; } = new("--seed")
    {
        Description = "Seed of the reference initialisation used when no weights are given.",
        DefaultValueFactory = _ => 0,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Weights);
        if (withSeed)
            command.Options.Add(Seed);
    }

    /// <summary>True when <c>--weights</c> was given.</summary>
    public bool HasWeights(ParseResult parse) => parse.GetValue(Weights) is not null;

    /// <summary>The weights file, checked and declared as an input of <paramref name="files"/>; null when none was given.</summary>
    public string? Input(ParseResult parse, CommandFiles files) =>
        parse.GetValue(Weights) is { } file ? files.Input("--weights", file.FullName) : null;

    /// <summary>
    /// The weight source for <paramref name="model"/>: the file <paramref name="weightsPath"/> (from <see cref="Input"/>)
    /// bound to it, else the seeded initialisation; dispose it after building (it may hold the file open). A file that
    /// does not fit the model is one error line listing every missing, unexpected or mis-shaped key; a classification
    /// checkpoint bound to a backbone is one <c>note:</c> line on <paramref name="notes"/>.
    /// </summary>
    public IWeightSource Open(ParseResult parse, string? weightsPath, LitModelInfo model, TextWriter notes) =>
        weightsPath is null
            ? new SeededWeights(withSeed ? parse.GetValue(Seed) : 0)
            : WeightFiles.Load(weightsPath, model, notes);

    /// <summary>Builds <paramref name="model"/> as ONNX with the chosen weights, releasing the weight file afterwards.</summary>
    public byte[] Export(ParseResult parse, string? weightsPath, LitModelInfo model, TextWriter notes)
    {
        var source = Open(parse, weightsPath, model, notes);
        try
        {
            return ModelSessions.Export(model, source);
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }
    }
}
