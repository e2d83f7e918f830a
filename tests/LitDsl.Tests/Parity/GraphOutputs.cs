using System;
using System.Collections.Generic;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Runtime;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Tests.Parity;

/// <summary>Every output of a graph on ORT's CPU provider, single-threaded, by output name.</summary>
internal sealed class GraphOutputs(ModelGraph graph) : IDisposable
{
    private readonly List<(string Name, InferenceSession Session)> _sessions = [.. SessionsPerOutput(graph)];

    public IReadOnlyDictionary<string, FloatTensor> Run(FloatTensor input)
    {
        var outputs = new Dictionary<string, FloatTensor>(StringComparer.Ordinal);
        foreach (var (name, session) in _sessions)
        {
            var output = session.Run(input.Data, input.Shape);
            outputs[name] = new FloatTensor(output.Shape, output.Data);
        }
        return outputs;
    }

    public void Dispose()
    {
        foreach (var (_, session) in _sessions) session.Dispose();
    }

    private static IEnumerable<(string, InferenceSession)> SessionsPerOutput(ModelGraph graph)
    {
        foreach (var output in graph.Outputs)
            yield return (output.Name, InferenceSession.Create(OnnxWriter.Write(graph with { Outputs = [output] }),
                new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 }));
    }
}
