using System;
using System.Globalization;
using System.IO;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Models;
using LitDsl.Onnx;
using LitDsl.Runtime;
using LitDsl.Runtime.Native;

namespace LitDsl.Cli;

/// <summary>Builds a declared model's graph and opens an ONNX Runtime session on it, with errors a user can act on.</summary>
internal static class ModelSessions
{
    /// <summary>The model as ONNX bytes, its parameters from <paramref name="weights"/> (a backbone's height and width symbolic).</summary>
    public static byte[] Export(LitModelInfo model, IWeightSource weights) => OnnxWriter.Write(Build(model, weights));

    /// <summary>
    /// The model's graph: a backbone's with a symbolic height and width, or, given <paramref name="fixedSize"/>, with
    /// that input size fixed (every shape static); any other model's at its one size.
    /// </summary>
    public static ModelGraph Build(LitModelInfo model, IWeightSource weights, (int Height, int Width)? fixedSize = null)
    {
        var builder = new GraphBuilder(model.Name, weights);
        if (fixedSize is { } size && model.Backbone is { } backbone)
            backbone.BuildAt(builder, size.Height, size.Width);
        else
            model.Build(builder);
        return builder.Finish();
    }

    /// <summary>
    /// The options to run <paramref name="model"/> at an input of <paramref name="height"/>×<paramref name="width"/>: a
    /// backbone's TensorRT profile then covers exactly that height and width (its batch profile is the options').
    /// </summary>
    public static InferenceOptions ForInputSize(InferenceOptions options, LitModelInfo model, int height, int width) =>
        model.Backbone is null ? options : options with
        {
            TensorRt = options.TensorRt with
            {
                MinHeight = height,
                OptHeight = height,
                MaxHeight = height,
                MinWidth = width,
                OptWidth = width,
                MaxWidth = width,
            },
        };

    /// <summary>
    /// Opens a session; a start-up cache entry that failed its check and was rebuilt is one <c>warning:</c> line on
    /// <paramref name="warnings"/>.
    /// </summary>
    public static InferenceSession Open(byte[] onnxModel, InferenceOptions options, TextWriter warnings)
    {
        InferenceSession session;
        try
        {
            session = InferenceSession.Create(onnxModel, options);
        }
        catch (ExecutionProviderUnavailableException exception)
        {
            throw new CliException(exception.Message + " (use --provider auto to fall back, or --provider cpu)", ExitCodes.Failure, exception);
        }
        catch (OrtException exception)
        {
            throw new CliException("ONNX Runtime refused the model: " + exception.Message, ExitCodes.Failure, exception);
        }
        catch (DllNotFoundException exception)
        {
            throw new CliException(exception.Message, ExitCodes.Failure, exception);
        }
        if (session.StartupCacheWarning is { } warning)
            warnings.WriteLine("warning: " + warning);
        return session;
    }

    /// <summary>
    /// The shape of a batch of <paramref name="batch"/> inputs of <paramref name="model"/> (a backbone's at
    /// <paramref name="size"/>, default its reference size), checked before anything is allocated: its input and each
    /// output must fit one array (<see cref="Array.MaxLength"/> values), and all of them together half the memory this
    /// process may use.
    /// </summary>
    /// <exception cref="CliException">The batch is too large (exit code 2, naming <c>--batch</c> and the figures).</exception>
    public static int[] BatchShape(LitModelInfo model, int batch, (int Height, int Width)? size = null) =>
        BatchShape(model, batch, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, size);

    /// <summary>As <see cref="BatchShape(LitModelInfo, int, ValueTuple{int, int}?)"/>, for a process that may use <paramref name="memory"/> bytes.</summary>
    internal static int[] BatchShape(LitModelInfo model, int batch, long memory, (int Height, int Width)? size = null)
    {
        int[] sample = [.. model.InputShape];
        if (size is { } s && model.Backbone is not null) (sample[1], sample[2]) = (s.Height, s.Width);
        long inputValues = batch * sample.Aggregate(1L, (product, d) => product * d);
        // A backbone's map of stride r has at most C·⌈H/r⌉·⌈W/r⌉ values.
        long[] outputs = model.Backbone is null
            ? [model.Outputs.Sum(o => o.Shape.Aggregate(1L, (product, d) => product * d))]
            : [.. model.Outputs.Select(o => (long)o.Channels * ((sample[1] + o.Stride - 1) / o.Stride) * ((sample[2] + o.Stride - 1) / o.Stride))];
        long outputValues = batch * outputs.Sum();
        long largest = Math.Max(inputValues, batch * outputs.Max());
        long bytes = (inputValues + outputValues) * sizeof(float);
        if (largest > Array.MaxLength)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"--batch {batch} is too large for {model.Name}: its {(largest == inputValues ? "input" : "output")} would hold {largest:N0} values; one batch holds at most {Array.MaxLength:N0}"), ExitCodes.Usage);
        }
        if (bytes > memory / 2)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"--batch {batch} is too large for {model.Name}: its input and output{(outputs.Length > 1 ? "s" : "")} alone take {bytes:N0} bytes, more than half the {memory:N0} bytes this process may use"), ExitCodes.Usage);
        }
        return [batch, .. sample];
    }
}
