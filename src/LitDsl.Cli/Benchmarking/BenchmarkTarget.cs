using System;
using LitDsl.Runtime;

namespace LitDsl.Cli.Benchmarking;

/// <summary>
/// One session to time: a name, the session, the input batch it runs on and the work one sample costs (multiply-
/// accumulates in the reference convention; 0 when unknown, e.g. a foreign ONNX file).
/// </summary>
internal sealed class BenchmarkTarget(string name, InferenceSession session, TimeSpan sessionCreation, float[] input, int[] inputShape, long macsPerSample)
{
    private float[]? _output;

    public string Name { get; } = name;
    public InferenceSession Session { get; } = session;
    public TimeSpan SessionCreation { get; } = sessionCreation;
    public float[] Input { get; } = input;
    public int[] InputShape { get; } = inputShape;
    public long MacsPerSample { get; } = macsPerSample;
    public int Batch => InputShape[0];

    /// <summary>
    /// One run. The first allocates the output (it also tells its real size); later runs write into that buffer, so
    /// the figure is the model's, not the allocator's. A model of several outputs (a backbone) has ONNX Runtime
    /// allocate them on every run, whose sizes follow the input.
    /// </summary>
    public void RunOnce()
    {
        if (Session.OutputNames.Count > 1)
            Session.RunAll(Input, InputShape);
        else if (_output is null)
            _output = Session.Run(Input, InputShape).Data;
        else
            Session.Run(Input, InputShape, _output);
    }
}
