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
    /// <summary>Opens <paramref name="path"/> bound to <paramref name="model"/>; dispose it once the graph is built.</summary>
    public static ModelWeights Load(string path, LitModelInfo model)
    {
        try
        {
            return ModelWeights.Load(path, model);
        }
        catch (WeightBindingException exception)
        {
            throw new CliException(exception.Message, ExitCodes.Failure, exception);
        }
    }

    /// <summary>The model as ONNX bytes with its weights from <paramref name="path"/>; the file is closed afterwards.</summary>
    public static byte[] Export(string path, LitModelInfo model)
    {
        using ModelWeights weights = Load(path, model);
        return ModelSessions.Export(model, weights);
    }
}
