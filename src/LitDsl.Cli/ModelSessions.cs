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
    /// <summary>The model as ONNX bytes, its parameters from <paramref name="weights"/>.</summary>
    public static byte[] Export(LitModelInfo model, IWeightSource weights)
    {
        var builder = new GraphBuilder(model.Name, weights);
        model.Build(builder);
        return OnnxWriter.Write(builder.Finish());
    }

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
    /// The shape of a batch of <paramref name="batch"/> inputs of <paramref name="model"/>, checked before anything is
    /// allocated: its input and its output must each fit one array (<see cref="Array.MaxLength"/> values), and both
    /// together in half the memory this process may use.
    /// </summary>
    /// <exception cref="CliException">The batch is too large (exit code 2, naming <c>--batch</c> and the figures).</exception>
    public static int[] BatchShape(LitModelInfo model, int batch) =>
        BatchShape(model, batch, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>As <see cref="BatchShape(LitModelInfo, int)"/>, for a process that may use <paramref name="memory"/> bytes.</summary>
    internal static int[] BatchShape(LitModelInfo model, int batch, long memory)
    {
        long inputValues = batch * model.InputShape.Aggregate(1L, (product, d) => product * d);
        long outputValues = batch * model.OutputShape.Aggregate(1L, (product, d) => product * d);
        long largest = Math.Max(inputValues, outputValues);
        long bytes = (inputValues + outputValues) * sizeof(float);
        if (largest > Array.MaxLength)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"--batch {batch} is too large for {model.Name}: its {(inputValues >= outputValues ? "input" : "output")} would hold {largest:N0} values; one batch holds at most {Array.MaxLength:N0}"), ExitCodes.Usage);
        }
        if (bytes > memory / 2)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"--batch {batch} is too large for {model.Name}: its input and output alone take {bytes:N0} bytes, more than half the {memory:N0} bytes this process may use"), ExitCodes.Usage);
        }
        var shape = new int[model.InputShape.Length + 1];
        shape[0] = batch;
        model.InputShape.CopyTo(shape, 1);
        return shape;
    }
}
