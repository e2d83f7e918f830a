using System;
using System.Collections.Generic;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Runtime;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Tests.Parity;

/// <summary>
/// One ORT session (CPU, single-threaded) over a graph's ONNX file, returning every output by name: a backbone's maps,
/// at whatever size each input gives them.
/// </summary>
internal sealed class GraphOutputs(ModelGraph graph) : IDisposable
{
    private readonly InferenceSession _session = InferenceSession.Create(OnnxWriter.Write(graph),
        new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 });

    public IReadOnlyDictionary<string, FloatTensor> Run(FloatTensor input) =>
        _session.RunAll(input.Data, input.Shape).ToDictionary(o => o.Name, o => new FloatTensor(o.Shape, o.Data), StringComparer.Ordinal);

    public void Dispose() => _session.Dispose();
}
