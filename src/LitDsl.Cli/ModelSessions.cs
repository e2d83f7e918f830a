using System;
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

    public static InferenceSession Open(byte[] onnxModel, InferenceOptions options)
    {
        try
        {
            return InferenceSession.Create(onnxModel, options);
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
    }

    /// <summary>The shape of a batch of <paramref name="batch"/> inputs of <paramref name="model"/>.</summary>
    public static int[] BatchShape(LitModelInfo model, int batch)
    {
        var shape = new int[model.InputShape.Length + 1];
        shape[0] = batch;
        model.InputShape.CopyTo(shape, 1);
        return shape;
    }
}
