using LitDsl.Runtime.Native;

namespace LitDsl.Runtime.Tests.Serving;

/// <summary>One input or output as ONNX Runtime reports it: name, element type (1 is float32), dims (-1 symbolic).</summary>
internal sealed record OrtTensor(string Name, int ElementType, long[] Dims);

/// <summary>
/// Every input and output of a model as ONNX Runtime sees it once it has loaded the model into a CPU session — an
/// account independent of the ONNX reader the Triton writer uses (the model's own bytes).
/// </summary>
internal sealed record OrtModelInterface(OrtTensor[] Inputs, OrtTensor[] Outputs)
{
    public static OrtModelInterface Load(byte[] onnxModel)
    {
        var options = new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 };
        using var session = SessionFactory.Create(onnxModel, ExecutionProvider.Cpu, options, out _, out _);
        var inputs = Enumerable.Range(0, Ort.SessionGetInputCount(session)).Select(i =>
        {
            var shape = Ort.SessionGetInputShape(session, i);
            return new OrtTensor(Ort.SessionGetInputName(session, i), shape.ElementType, shape.Dimensions);
        });
        var outputs = Enumerable.Range(0, Ort.SessionGetOutputCount(session)).Select(i =>
        {
            var shape = Ort.SessionGetOutputShape(session, i);
            return new OrtTensor(Ort.SessionGetOutputName(session, i), shape.ElementType, shape.Dimensions);
        });
        return new OrtModelInterface(inputs.ToArray(), outputs.ToArray());
    }
}
