using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using LitDsl.Runtime.Native;

namespace LitDsl.Runtime;

/// <summary>
/// An ONNX Runtime session over an in-memory model with one float32 input and one or more float32 outputs (a
/// backbone's feature maps), created on the best available execution provider.
/// <see cref="Run(ReadOnlySpan{float}, ReadOnlySpan{int})"/> (one output) and <see cref="RunAll"/> (every output) may be called from many
/// threads at once: ORT sessions are thread-safe for Run, and every call here builds its own tensors (the only shared
/// state is immutable: names, declared shapes, the CPU memory description). <see cref="Dispose"/> may be called while
/// other threads run: it refuses runs that start after it, waits for the runs in flight, and only then releases the
/// native objects they use.
/// </summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private readonly OrtSessionHandle _session;
    private readonly OrtMemoryInfoHandle _cpuMemory;
    private readonly byte[] _inputNameUtf8;
    private readonly byte[] _outputNameUtf8;
    // Every output's name as NUL-terminated UTF-8 in native memory, for runs that fetch them all; freed by Dispose.
    private readonly nint[] _outputNamesNative;
    private readonly long[] _inputDimensions;
    private readonly long[] _outputDimensions;
    private readonly InferenceOptions _options;
    private readonly BatchLanes? _batchLanes;
    // Guards runsInFlight and disposed: a run enters before it touches a native handle and leaves after.
    private readonly object _lifetime = new();
    private int _runsInFlight;
    private bool _disposed;

    private InferenceSession(
        OrtSessionHandle session, ExecutionProvider provider, IReadOnlyList<ExecutionProviderRefusal> refusals, InferenceOptions options,
        StartupCacheState startupCache, string? startupCacheWarning)
    {
        _session = session;
        _options = options;
        Provider = provider;
        StartupCache = startupCache;
        StartupCacheWarning = startupCacheWarning;
        RefusedProviders = refusals;

        int inputCount = Ort.SessionGetInputCount(session);
        int outputCount = Ort.SessionGetOutputCount(session);
        if (inputCount != 1 || outputCount < 1)
        {
            throw new NotSupportedException(
                $"LitDsl sessions take models with one input and at least one output; this model has {inputCount} inputs and {outputCount} outputs.");
        }
        InputName = Ort.SessionGetInputName(session, 0);
        var input = Ort.SessionGetInputShape(session, 0);
        var outputNames = new string[outputCount];
        var outputShapes = new long[outputCount][];
        for (int i = 0; i < outputCount; i++)
        {
            outputNames[i] = Ort.SessionGetOutputName(session, i);
            var output = Ort.SessionGetOutputShape(session, i);
            if (output.ElementType != OrtTensorShape.Float32)
            {
                throw new NotSupportedException(
                    $"LitDsl sessions take float32 tensors; output '{outputNames[i]}' has element type {output.ElementType}.");
            }
            outputShapes[i] = output.Dimensions;
        }
        if (input.ElementType != OrtTensorShape.Float32)
        {
            throw new NotSupportedException(
                $"LitDsl sessions take float32 tensors; input '{InputName}' has element type {input.ElementType}.");
        }
        OutputNames = outputNames;
        OutputName = outputNames[0];
        _inputDimensions = input.Dimensions;
        _outputDimensions = outputShapes[0];
        // Batch parallelism cuts along a batch axis both tensors have; a model with a fixed batch, or with several
        // outputs, runs whole.
        BatchParts = provider == ExecutionProvider.Cpu && options.Parallelism == CpuParallelism.Batch && outputCount == 1
            && _inputDimensions is [< 0, ..] && _outputDimensions is [< 0, ..]
            ? (options.IntraOpThreads > 0 ? options.IntraOpThreads : Environment.ProcessorCount)
            : 1;
        _inputNameUtf8 = Ort.Utf8z(InputName);
        _outputNameUtf8 = Ort.Utf8z(OutputName);
        _cpuMemory = Ort.CreateCpuMemoryInfo();
        _outputNamesNative = [.. outputNames.Select(System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8)];
        // Last, so a constructor that throws leaves no threads behind.
        _batchLanes = BatchParts > 1 ? new BatchLanes(BatchParts) : null;
    }

    /// <summary>The provider the session runs on.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>
    /// The most parts a batch is cut into and run at once: the thread count under <see cref="CpuParallelism.Batch"/> on
    /// CPU (for a model whose input and output lead with the batch), otherwise 1.
    /// </summary>
    public int BatchParts { get; }

    /// <summary>Providers tried before <see cref="Provider"/> and why ORT refused each (empty unless Auto fell back).</summary>
    public IReadOnlyList<ExecutionProviderRefusal> RefusedProviders { get; }

    /// <summary>What the start-up cache did for this session (<see cref="InferenceOptions.CacheDirectory"/>).</summary>
    public StartupCacheState StartupCache { get; }

    /// <summary>Why a saved start-up cache entry was not used and was rebuilt (<see cref="StartupCacheState.Rebuilt"/>), else null.</summary>
    public string? StartupCacheWarning { get; }

    /// <summary>The model input's name.</summary>
    public string InputName { get; }

    /// <summary>The first output's name (a classifier's only one).</summary>
    public string OutputName { get; }

    /// <summary>Every output's name, in the model's order (a backbone's <c>out0</c>, <c>out1</c>, …).</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Declared input dimensions; -1 marks a symbolic one (the batch; a backbone's height and width).</summary>
    public IReadOnlyList<long> InputDimensions => _inputDimensions;

    /// <summary>The first output's declared dimensions; -1 marks a symbolic one.</summary>
    public IReadOnlyList<long> OutputDimensions => _outputDimensions;

    /// <summary>
    /// Creates a session for <paramref name="onnxModel"/>. With <see cref="ExecutionProvider.Auto"/> it tries TensorRT,
    /// then CUDA, then CPU, recording each refusal; an explicit TensorRT or CUDA request that fails throws
    /// <see cref="ExecutionProviderUnavailableException"/> with ORT's reason.
    /// </summary>
    public static InferenceSession Create(byte[] onnxModel, InferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        options ??= InferenceOptions.Default;
        if (!Enum.IsDefined(options.ThreadSpinning))
            throw new ArgumentOutOfRangeException(nameof(options), options.ThreadSpinning,
                $"InferenceOptions.ThreadSpinning must be Always, DuringRuns or Never, not {(int)options.ThreadSpinning}.");
        ExecutionProvider[] chain = options.Provider == ExecutionProvider.Auto
            ? [ExecutionProvider.TensorRT, ExecutionProvider.Cuda, ExecutionProvider.Cpu]
            : [options.Provider];

        var refusals = new List<ExecutionProviderRefusal>();
        foreach (var provider in chain)
        {
            OrtSessionHandle handle;
            StartupCacheState cacheState;
            string? cacheWarning;
            try
            {
                handle = SessionFactory.Create(onnxModel, provider, options, out cacheState, out cacheWarning);
            }
            catch (Exception e) when (provider != ExecutionProvider.Cpu && e is OrtException or ArgumentException)
            {
                string reason = e is OrtException ort ? ort.OrtMessage : e.Message;
                if (options.Provider != ExecutionProvider.Auto)
                {
                    throw new ExecutionProviderUnavailableException(provider, reason, e);
                }
                refusals.Add(new ExecutionProviderRefusal(provider, reason));
                continue;
            }
            try
            {
                return new InferenceSession(handle, provider, refusals, options, cacheState, cacheWarning);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
        throw new UnreachableException("The provider chain always ends with CPU, which either succeeds or throws.");
    }

    /// <summary>
    /// Runs a model of one output on <paramref name="input"/> (C order, shape <paramref name="inputShape"/>), any batch
    /// size; a model of several outputs runs with <see cref="RunAll"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The session is disposed or being disposed.</exception>
    public InferenceOutput Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputShape)
    {
        RequireOneOutput();
        ValidateInput(input, inputShape);
        EnterRun();
        try
        {
            if (TryPredictOutputShape(inputShape, out int[] shape))
            {
                float[] data = new float[ElementCount(shape)];
                RunInto(input, inputShape, data, shape);
                return new InferenceOutput(data, shape) { Name = OutputName };
            }
            return RunAllocatingOutput(input, inputShape);
        }
        finally
        {
            ExitRun();
        }
    }

    /// <summary>
    /// Runs the model writing the output straight into <paramref name="output"/> (ORT computes into that memory; no
    /// copy). <paramref name="output"/> must hold at least the output's element count; returns the output shape.
    /// </summary>
    public int[] Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputShape, Span<float> output)
    {
        RequireOneOutput();
        ValidateInput(input, inputShape);
        if (!TryPredictOutputShape(inputShape, out int[] shape))
        {
            throw new NotSupportedException(
                $"Output '{OutputName}' has symbolic dimensions other than the batch [{FormatDims(_outputDimensions)}], so its size is unknown before running; use Run(input, shape) instead.");
        }
        long needed = ElementCount(shape);
        if (output.Length < needed)
        {
            throw new ArgumentException(
                $"Output buffer for '{OutputName}' holds {output.Length} floats but shape [{string.Join('x', shape)}] needs {needed}.", nameof(output));
        }
        EnterRun();
        try
        {
            RunInto(input, inputShape, output[..(int)needed], shape);
        }
        finally
        {
            ExitRun();
        }
        return shape;
    }

    /// <summary>
    /// Runs the model on <paramref name="input"/> (C order, shape <paramref name="inputShape"/>) and returns every output,
    /// in the model's order, each named and at the shape this input gives it (a backbone's maps follow the input's
    /// height and width).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The session is disposed or being disposed.</exception>
    public IReadOnlyList<InferenceOutput> RunAll(ReadOnlySpan<float> input, ReadOnlySpan<int> inputShape)
    {
        ValidateInput(input, inputShape);
        EnterRun();
        bool sessionRef = false;
        try
        {
            _session.DangerousAddRef(ref sessionRef);
            long[] inShape = ToLongs(inputShape);
            fixed (float* inData = input)
            fixed (byte* inName = _inputNameUtf8)
            {
                using var inValue = Ort.CreateTensorOverFloats(_cpuMemory, inData, input.Length, inShape);
                var values = Ort.Run(_session, inName, inValue, _outputNamesNative);
                try
                {
                    return [.. values.Select((value, i) => Read(value) with { Name = OutputNames[i] })];
                }
                finally
                {
                    foreach (var value in values)
                    {
                        value.Dispose();
                    }
                }
            }
        }
        finally
        {
            if (sessionRef)
            {
                _session.DangerousRelease();
            }
            ExitRun();
        }
    }

    /// <summary>
    /// Runs once on a zero input so the first real call is fast: for TensorRT this builds the engine (and writes it to
    /// the engine cache when one is set); on CPU and CUDA it just warms up. The batch is the profile's OptBatch; a
    /// symbolic height or width (a backbone's) is the profile's OptHeight or OptWidth, or the one
    /// <paramref name="inputShape"/> gives.
    /// </summary>
    /// <param name="inputShape">The shape to warm up with, in place of the one the profile gives (needed for a symbolic
    /// height or width without a TensorRT profile for it).</param>
    public CompileReport Compile(int[]? inputShape = null)
    {
        int batch = Provider == ExecutionProvider.TensorRT ? _options.TensorRt.OptBatch : 1;
        int[] shape = inputShape ?? _inputDimensions.Select((d, i) => d >= 0 ? checked((int)d)
            : i == 0 ? batch
            : ProfileSize(i) ?? throw new InvalidOperationException(
                $"Input '{InputName}' dimension {i} is symbolic; give Compile the input shape to warm up with.")).ToArray();
        float[] zeros = new float[ElementCount(shape)];
        var clock = Stopwatch.StartNew();
        RunAll(zeros, shape);
        clock.Stop();
        string? cache = Provider == ExecutionProvider.TensorRT ? _options.TensorRt.EngineCacheDirectory : null;
        return new CompileReport(Provider, shape, clock.Elapsed, cache is null ? null : Path.GetFullPath(cache));
    }

    /// <summary>
    /// Releases the native session: runs that start from now on throw <see cref="ObjectDisposedException"/>, runs
    /// already in flight finish first (this call waits for them), then the batch lanes, the session and the memory
    /// description are released. Calling it again does nothing.
    /// </summary>
    public void Dispose()
    {
        lock (_lifetime)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            while (_runsInFlight > 0)
            {
                Monitor.Wait(_lifetime);
            }
        }
        _batchLanes?.Dispose();
        _session.Dispose();
        _cpuMemory.Dispose();
        foreach (nint name in _outputNamesNative)
        {
            System.Runtime.InteropServices.Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>
    /// The TensorRT profile's optimum for symbolic input dimension <paramref name="axis"/> of an image input (2: height,
    /// 3: width), when the session runs on TensorRT and the profile sets it.
    /// </summary>
    private int? ProfileSize(int axis) => Provider != ExecutionProvider.TensorRT || _inputDimensions.Length != 4 ? null
        : axis == 2 ? _options.TensorRt.OptHeight
        : axis == 3 ? _options.TensorRt.OptWidth
        : null;

    private void RequireOneOutput()
    {
        if (OutputNames.Count != 1)
        {
            throw new NotSupportedException(
                $"This model has {OutputNames.Count} outputs ({string.Join(", ", OutputNames)}); run it with RunAll, which returns every one.");
        }
    }

    /// <summary>An output tensor ORT allocated, copied out.</summary>
    private static InferenceOutput Read(OrtValueHandle value)
    {
        var produced = Ort.GetTensorTypeAndShape(value);
        int[] shape = produced.Dimensions.Select(d => checked((int)d)).ToArray();
        var data = new float[ElementCount(shape)];
        new ReadOnlySpan<float>(Ort.GetTensorMutableData(value), data.Length).CopyTo(data);
        return new InferenceOutput(data, shape);
    }

    /// <summary>Runs between their start and their end (the tests watch Dispose wait for them).</summary>
    internal int RunsInFlight
    {
        get
        {
            lock (_lifetime)
            {
                return _runsInFlight;
            }
        }
    }

    private void EnterRun()
    {
        lock (_lifetime)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _runsInFlight++;
        }
    }

    private void ExitRun()
    {
        lock (_lifetime)
        {
            if (--_runsInFlight == 0 && _disposed)
            {
                Monitor.PulseAll(_lifetime);
            }
        }
    }

    private void RunInto(ReadOnlySpan<float> input, ReadOnlySpan<int> inputShape, Span<float> output, int[] outputShape)
    {
        long[] inShape = ToLongs(inputShape);
        long[] outShape = ToLongs(outputShape);
        int parts = Math.Min(BatchParts, inputShape[0]);
        bool sessionRef = false;
        try
        {
            _session.DangerousAddRef(ref sessionRef);
            // ORT only reads an input tensor, but its C signature takes void*; the span is never written.
            fixed (float* inData = input)
            fixed (float* outData = output)
            {
                if (parts > 1)
                {
                    RunInParts(inData, inShape, outData, outShape, parts);
                }
                else
                {
                    RunPinned(inData, input.Length, inShape, outData, output.Length, outShape);
                }
            }
        }
        finally
        {
            if (sessionRef)
            {
                _session.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// <see cref="CpuParallelism.Batch"/>: the batch in <paramref name="parts"/> contiguous slices (sizes differing by at
    /// most one image), run at the same time on this session, each slice reading and writing its own rows of the
    /// caller's buffers, on the session's <see cref="BatchLanes"/>. ORT sessions take concurrent runs; each is
    /// single-threaded here.
    /// </summary>
    private void RunInParts(float* inData, long[] inShape, float* outData, long[] outShape, int parts)
    {
        long batch = inShape[0];
        long inPerSample = 1, outPerSample = 1;
        foreach (long d in inShape[1..]) inPerSample *= d;
        foreach (long d in outShape[1..]) outPerSample *= d;
        nint inBase = (nint)inData, outBase = (nint)outData;
        _batchLanes!.Run(parts, part =>
        {
            long start = batch * part / parts, count = batch * (part + 1) / parts - start;
            long[] inPart = [count, .. inShape[1..]];
            long[] outPart = [count, .. outShape[1..]];
            RunPinned((float*)inBase + start * inPerSample, count * inPerSample, inPart,
                (float*)outBase + start * outPerSample, count * outPerSample, outPart);
        });
    }

    private void RunPinned(float* inData, long inLength, long[] inShape, float* outData, long outLength, long[] outShape)
    {
        fixed (byte* inName = _inputNameUtf8)
        fixed (byte* outName = _outputNameUtf8)
        {
            using var inValue = Ort.CreateTensorOverFloats(_cpuMemory, inData, inLength, inShape);
            using var outValue = Ort.CreateTensorOverFloats(_cpuMemory, outData, outLength, outShape);
            Ort.Run(_session, inName, inValue, outName, outValue);
        }
    }

    private InferenceOutput RunAllocatingOutput(ReadOnlySpan<float> input, ReadOnlySpan<int> inputShape)
    {
        long[] inShape = ToLongs(inputShape);
        bool sessionRef = false;
        try
        {
            _session.DangerousAddRef(ref sessionRef);
            fixed (float* inData = input)
            fixed (byte* inName = _inputNameUtf8)
            fixed (byte* outName = _outputNameUtf8)
            {
                using var inValue = Ort.CreateTensorOverFloats(_cpuMemory, inData, input.Length, inShape);
                using var outValue = Ort.Run(_session, inName, inValue, outName, output: null)!;
                return Read(outValue) with { Name = OutputName };
            }
        }
        finally
        {
            if (sessionRef)
            {
                _session.DangerousRelease();
            }
        }
    }

    private void ValidateInput(ReadOnlySpan<float> input, ReadOnlySpan<int> inputShape)
    {
        string expected = FormatDims(_inputDimensions);
        string got = string.Join('x', inputShape.ToArray());
        if (inputShape.Length != _inputDimensions.Length)
        {
            throw new ArgumentException(
                $"Input '{InputName}' has rank {_inputDimensions.Length} [{expected}]; the given shape [{got}] has rank {inputShape.Length}.", nameof(inputShape));
        }
        for (int i = 0; i < inputShape.Length; i++)
        {
            bool symbolic = _inputDimensions[i] < 0;
            if (inputShape[i] < 1 || (!symbolic && inputShape[i] != _inputDimensions[i]))
            {
                throw new ArgumentException(
                    $"Input '{InputName}' expects shape [{expected}]; dimension {i} of the given shape [{got}] is {inputShape[i]}.", nameof(inputShape));
            }
        }
        long needed = ElementCount(inputShape);
        if (input.Length != needed)
        {
            throw new ArgumentException(
                $"Input '{InputName}' has {input.Length} floats but shape [{got}] needs {needed}.", nameof(input));
        }
    }

    /// <summary>
    /// The output shape follows from the declared one when its only symbolic dimension is the leading batch and the
    /// input's leading dimension is the batch too.
    /// </summary>
    private bool TryPredictOutputShape(ReadOnlySpan<int> inputShape, out int[] shape)
    {
        shape = new int[_outputDimensions.Length];
        for (int i = 0; i < _outputDimensions.Length; i++)
        {
            if (_outputDimensions[i] >= 0)
            {
                shape[i] = checked((int)_outputDimensions[i]);
            }
            else if (i == 0 && _inputDimensions.Length > 0 && _inputDimensions[0] < 0)
            {
                shape[i] = inputShape[0];
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    private static long ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            count = checked(count * d);
        }
        return count;
    }

    private static long[] ToLongs(ReadOnlySpan<int> shape)
    {
        var result = new long[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            result[i] = shape[i];
        }
        return result;
    }

    private static string FormatDims(long[] dims) =>
        string.Join('x', dims.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : i == 0 ? "batch" : "any"));
}
