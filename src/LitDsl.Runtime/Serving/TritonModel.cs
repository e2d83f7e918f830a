using System.Collections.Generic;

namespace LitDsl.Runtime.Serving;

/// <summary>
/// One model of a Triton repository: its name on the server, its ONNX bytes (which say its inputs and outputs) and,
/// for a classifier, the names of its classes in score order, written as the labels file of the output that holds one
/// score per class.
/// </summary>
public sealed record TritonModel(string Name, byte[] Onnx, IReadOnlyList<string>? Labels = null);
