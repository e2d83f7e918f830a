using System;
using System.IO;
using System.Linq;
using LitDsl.Models;
using LitDsl.Runtime.Weights;

namespace LitDsl.Cli;

/// <summary>
/// Turns a <c>--weights</c> file into the weight source a graph is built from: the one place the CLI reads weights.
/// A .pth (torch.save) or .safetensors state_dict is bound to the model by <see cref="ModelWeights"/> before anything
/// is built; a file that does not fit is one error line listing every missing, unexpected or mis-shaped key.
/// </summary>
internal static class WeightFiles
{
    /// <summary>
    /// Opens <paramref name="path"/> bound to <paramref name="model"/>; dispose it once the graph is built. A backbone
    /// bound to a classification checkpoint (its classifier ignored, its output norms at their initial values) gets one
    /// <c>note:</c> line on <paramref name="notes"/> saying so.
    /// </summary>
    public static ModelWeights Load(string path, LitModelInfo model, TextWriter notes)
    {
        ModelWeights weights;
        try
        {
            weights = ModelWeights.Load(path, model);
        }
        catch (WeightBindingException exception)
        {
            throw new CliException(exception.Message, ExitCodes.Failure, exception);
        }
        if (weights.Ignored.Count > 0 || weights.Defaulted.Count > 0)
            notes.WriteLine("note: " + ClassificationCheckpointNote(weights));
        return weights;
    }

    /// <summary>The model as ONNX bytes with its weights from <paramref name="path"/>; the file is closed afterwards.</summary>
    public static byte[] Export(string path, LitModelInfo model, TextWriter notes)
    {
        using var weights = Load(path, model, notes);
        return ModelSessions.Export(model, weights);
    }

    private static string ClassificationCheckpointNote(ModelWeights weights)
    {
        var note = $"{weights.File.FileName} binds to backbone {weights.Model.Name} as a classification checkpoint";
        if (weights.Ignored.Count > 0)
            note += $"; ignored {string.Join(", ", weights.Ignored.Select(t => t.Name))} (the classifier's norm and head)";
        if (weights.Defaulted.Count > 0)
            note += $"; {string.Join(", ", weights.Defaulted.Select(t => t.Name[..t.Name.IndexOf('.', StringComparison.Ordinal)]).Distinct())} " +
                "are not in it and start at weight 1, bias 0, as the reference's non-strict load leaves them";
        return note;
    }
}
