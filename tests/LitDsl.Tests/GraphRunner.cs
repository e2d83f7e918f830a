using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Runtime;

namespace LitDsl.Tests;

/// <summary>Runs a finished graph once on ORT's CPU provider, single-threaded: the small graphs the builder tests make.</summary>
internal static class GraphRunner
{
    public static float[] Run(ModelGraph graph, float[] input, int[] shape)
    {
        using var session = InferenceSession.Create(OnnxWriter.Write(graph),
            new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 });
        return session.Run(input, shape).Data;
    }
}
