using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace LitDsl.Runtime.Native;

/// <summary>
/// One managed method per bound C API entry: converts arguments, calls through <see cref="OrtApi"/>, checks the status
/// and wraps new objects in their SafeHandle. No state of its own, so every method is safe to call from any thread.
/// </summary>
internal static unsafe class Ort
{
    private static OrtApi Api => OrtApi.Instance;

    /// <summary>UTF-8 bytes with the terminating NUL the C API expects.</summary>
    internal static byte[] Utf8z(string value)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    internal static OrtEnvHandle CreateEnv(OrtLoggingLevel level, string logId)
    {
        nint env;
        fixed (byte* id = Utf8z(logId))
        {
            Api.Check(Api.CreateEnv((int)level, id, &env), "CreateEnv");
        }
        return new OrtEnvHandle(env);
    }

    internal static OrtSessionOptionsHandle CreateSessionOptions()
    {
        nint options;
        Api.Check(Api.CreateSessionOptions(&options), "CreateSessionOptions");
        return new OrtSessionOptionsHandle(options);
    }

    internal static void SetIntraOpNumThreads(OrtSessionOptionsHandle options, int threads) =>
        Api.Check(Api.SetIntraOpNumThreads(options.Pointer, threads), "SetIntraOpNumThreads");

    internal static void SetInterOpNumThreads(OrtSessionOptionsHandle options, int threads) =>
        Api.Check(Api.SetInterOpNumThreads(options.Pointer, threads), "SetInterOpNumThreads");

    internal static void SetSessionGraphOptimizationLevel(OrtSessionOptionsHandle options, GraphOptimizationLevel level) =>
        Api.Check(Api.SetSessionGraphOptimizationLevel(options.Pointer, (int)level), "SetSessionGraphOptimizationLevel");

    internal static void SetOptimizedModelFilePath(OrtSessionOptionsHandle options, string path)
    {
        // ORTCHAR_T is char (UTF-8) on Linux and macOS; LitDsl's native path targets those.
        fixed (byte* p = Utf8z(path))
        {
            Api.Check(Api.SetOptimizedModelFilePath(options.Pointer, p), "SetOptimizedModelFilePath");
        }
    }

    /// <summary>
    /// Makes the session record a per-node profile; ORT writes it as JSON to <c>{prefix}_{timestamp}.json</c> when the
    /// session is released.
    /// </summary>
    internal static void EnableProfiling(OrtSessionOptionsHandle options, string filePrefix)
    {
        fixed (byte* p = Utf8z(filePrefix))
        {
            Api.Check(Api.EnableProfiling(options.Pointer, p), "EnableProfiling");
        }
    }

    /// <summary>Sets one of ORT's session configuration keys (<c>onnxruntime_session_options_config_keys.h</c>).</summary>
    internal static void AddSessionConfigEntry(OrtSessionOptionsHandle options, string key, string value)
    {
        fixed (byte* k = Utf8z(key))
        fixed (byte* v = Utf8z(value))
        {
            Api.Check(Api.AddSessionConfigEntry(options.Pointer, k, v), "AddSessionConfigEntry");
        }
    }

    internal static void SetCpuMemArena(OrtSessionOptionsHandle options, bool enabled)
    {
        if (enabled)
        {
            Api.Check(Api.EnableCpuMemArena(options.Pointer), "EnableCpuMemArena");
        }
        else
        {
            Api.Check(Api.DisableCpuMemArena(options.Pointer), "DisableCpuMemArena");
        }
    }

    internal static OrtSessionHandle CreateSessionFromArray(OrtEnvHandle env, ReadOnlySpan<byte> model, OrtSessionOptionsHandle options)
    {
        nint session;
        fixed (byte* data = model)
        {
            Api.Check(Api.CreateSessionFromArray(env.Pointer, data, (nuint)model.Length, options.Pointer, &session), "CreateSessionFromArray");
        }
        return new OrtSessionHandle(session);
    }

    internal static int SessionGetInputCount(OrtSessionHandle session)
    {
        nuint count;
        Api.Check(Api.SessionGetInputCount(session.Pointer, &count), "SessionGetInputCount");
        return checked((int)count);
    }

    internal static int SessionGetOutputCount(OrtSessionHandle session)
    {
        nuint count;
        Api.Check(Api.SessionGetOutputCount(session.Pointer, &count), "SessionGetOutputCount");
        return checked((int)count);
    }

    internal static string SessionGetInputName(OrtSessionHandle session, int index)
    {
        nint allocator = DefaultAllocator();
        byte* name;
        Api.Check(Api.SessionGetInputName(session.Pointer, (nuint)index, allocator, &name), "SessionGetInputName");
        return TakeAllocatedString(allocator, name);
    }

    internal static string SessionGetOutputName(OrtSessionHandle session, int index)
    {
        nint allocator = DefaultAllocator();
        byte* name;
        Api.Check(Api.SessionGetOutputName(session.Pointer, (nuint)index, allocator, &name), "SessionGetOutputName");
        return TakeAllocatedString(allocator, name);
    }

    internal static OrtTensorShape SessionGetInputShape(OrtSessionHandle session, int index)
    {
        nint typeInfo;
        Api.Check(Api.SessionGetInputTypeInfo(session.Pointer, (nuint)index, &typeInfo), "SessionGetInputTypeInfo");
        using var owned = new OrtTypeInfoHandle(typeInfo);
        return ReadTypeInfoShape(owned);
    }

    internal static OrtTensorShape SessionGetOutputShape(OrtSessionHandle session, int index)
    {
        nint typeInfo;
        Api.Check(Api.SessionGetOutputTypeInfo(session.Pointer, (nuint)index, &typeInfo), "SessionGetOutputTypeInfo");
        using var owned = new OrtTypeInfoHandle(typeInfo);
        return ReadTypeInfoShape(owned);
    }

    private static OrtTensorShape ReadTypeInfoShape(OrtTypeInfoHandle typeInfo)
    {
        // The tensor info belongs to the type info: read it before the type info is released, never release it itself.
        nint tensorInfo;
        Api.Check(Api.CastTypeInfoToTensorInfo(typeInfo.Pointer, &tensorInfo), "CastTypeInfoToTensorInfo");
        if (tensorInfo == 0)
        {
            throw new NotSupportedException("The model has a non-tensor input or output; LitDsl sessions take tensors only.");
        }
        return ReadTensorInfo(tensorInfo);
    }

    private static OrtTensorShape ReadTensorInfo(nint tensorInfo)
    {
        int elementType;
        Api.Check(Api.GetTensorElementType(tensorInfo, &elementType), "GetTensorElementType");
        nuint rank;
        Api.Check(Api.GetDimensionsCount(tensorInfo, &rank), "GetDimensionsCount");
        long[] dims = new long[(int)rank];
        fixed (long* d = dims)
        {
            Api.Check(Api.GetDimensions(tensorInfo, d, rank), "GetDimensions");
        }
        return new OrtTensorShape(elementType, dims);
    }

    internal static OrtMemoryInfoHandle CreateCpuMemoryInfo()
    {
        const int OrtArenaAllocator = 1;
        const int OrtMemTypeDefault = 0;
        nint info;
        Api.Check(Api.CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &info), "CreateCpuMemoryInfo");
        return new OrtMemoryInfoHandle(info);
    }

    /// <summary>
    /// A float tensor over caller memory: no copy. The memory must stay pinned and alive until the value is released.
    /// </summary>
    internal static OrtValueHandle CreateTensorOverFloats(OrtMemoryInfoHandle memoryInfo, float* data, long elementCount, ReadOnlySpan<long> shape)
    {
        nint value;
        fixed (long* s = shape)
        {
            Api.Check(
                Api.CreateTensorWithDataAsOrtValue(memoryInfo.Pointer, data, (nuint)(elementCount * sizeof(float)), s, (nuint)shape.Length, OrtTensorShape.Float32, &value),
                "CreateTensorWithDataAsOrtValue");
        }
        return new OrtValueHandle(value);
    }

    internal static void* GetTensorMutableData(OrtValueHandle value)
    {
        void* data;
        Api.Check(Api.GetTensorMutableData(value.Pointer, &data), "GetTensorMutableData");
        return data;
    }

    internal static OrtTensorShape GetTensorTypeAndShape(OrtValueHandle value)
    {
        nint info;
        Api.Check(Api.GetTensorTypeAndShape(value.Pointer, &info), "GetTensorTypeAndShape");
        using var owned = new OrtTensorTypeAndShapeInfoHandle(info);
        return ReadTensorInfo(owned.Pointer);
    }

    /// <summary>
    /// Runs one input to one output. When <paramref name="output"/> is given ORT writes into it; otherwise ORT allocates
    /// the output value and it is returned (the caller owns it).
    /// </summary>
    internal static OrtValueHandle? Run(OrtSessionHandle session, byte* inputName, OrtValueHandle input, byte* outputName, OrtValueHandle? output)
    {
        nint inputValue = input.Pointer;
        nint outputValue = output?.Pointer ?? 0;
        Api.Check(Api.Run(session.Pointer, 0, &inputName, &inputValue, 1, &outputName, 1, &outputValue), "Run");
        return output is null ? new OrtValueHandle(outputValue) : null;
    }

    /// <summary>
    /// Runs one input to every output in <paramref name="outputNames"/> (NUL-terminated UTF-8 in native memory), each
    /// allocated by ORT at the size the run gives it; the caller owns the returned values.
    /// </summary>
    internal static OrtValueHandle[] Run(OrtSessionHandle session, byte* inputName, OrtValueHandle input, nint[] outputNames)
    {
        nint inputValue = input.Pointer;
        var values = new nint[outputNames.Length];
        fixed (nint* names = outputNames)
        fixed (nint* outputs = values)
        {
            Api.Check(Api.Run(session.Pointer, 0, &inputName, &inputValue, 1, (byte**)names, (nuint)outputNames.Length, outputs), "Run");
        }
        return [.. values.Select(v => new OrtValueHandle(v))];
    }

    internal static string[] GetAvailableProviders()
    {
        byte** names;
        int count;
        Api.Check(Api.GetAvailableProviders(&names, &count), "GetAvailableProviders");
        try
        {
            var result = new string[count];
            for (int i = 0; i < count; i++)
            {
                result[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
            }
            return result;
        }
        finally
        {
            Api.Check(Api.ReleaseAvailableProviders(names, count), "ReleaseAvailableProviders");
        }
    }

    internal static OrtIoBindingHandle CreateIoBinding(OrtSessionHandle session)
    {
        nint binding;
        Api.Check(Api.CreateIoBinding(session.Pointer, &binding), "CreateIoBinding");
        return new OrtIoBindingHandle(binding);
    }

    internal static void BindInput(OrtIoBindingHandle binding, string name, OrtValueHandle value)
    {
        fixed (byte* n = Utf8z(name))
        {
            Api.Check(Api.BindInput(binding.Pointer, n, value.Pointer), "BindInput");
        }
    }

    internal static void BindOutput(OrtIoBindingHandle binding, string name, OrtValueHandle value)
    {
        fixed (byte* n = Utf8z(name))
        {
            Api.Check(Api.BindOutput(binding.Pointer, n, value.Pointer), "BindOutput");
        }
    }

    internal static void RunWithBinding(OrtSessionHandle session, OrtIoBindingHandle binding) =>
        Api.Check(Api.RunWithBinding(session.Pointer, 0, binding.Pointer), "RunWithBinding");

    internal static OrtTensorRtProviderOptionsHandle CreateTensorRtProviderOptions()
    {
        nint options;
        Api.Check(Api.CreateTensorRTProviderOptions(&options), "CreateTensorRTProviderOptions");
        return new OrtTensorRtProviderOptionsHandle(options);
    }

    internal static void UpdateTensorRtProviderOptions(OrtTensorRtProviderOptionsHandle options, IReadOnlyList<KeyValuePair<string, string>> entries) =>
        WithKeyValueArrays(entries, (keys, values, count) =>
            Api.Check(Api.UpdateTensorRTProviderOptions(options.Pointer, keys, values, count), "UpdateTensorRTProviderOptions"));

    /// <summary>ORT's own serialization of the options ("key=value;..."): how the tests see what Update stored.</summary>
    internal static string GetTensorRtProviderOptionsAsString(OrtTensorRtProviderOptionsHandle options)
    {
        nint allocator = DefaultAllocator();
        byte* text;
        Api.Check(Api.GetTensorRTProviderOptionsAsString(options.Pointer, allocator, &text), "GetTensorRTProviderOptionsAsString");
        return TakeAllocatedString(allocator, text);
    }

    internal static void AppendTensorRt(OrtSessionOptionsHandle sessionOptions, OrtTensorRtProviderOptionsHandle options) =>
        Api.Check(Api.SessionOptionsAppendExecutionProvider_TensorRT_V2(sessionOptions.Pointer, options.Pointer), "SessionOptionsAppendExecutionProvider_TensorRT_V2");

    internal static OrtCudaProviderOptionsHandle CreateCudaProviderOptions()
    {
        nint options;
        Api.Check(Api.CreateCUDAProviderOptions(&options), "CreateCUDAProviderOptions");
        return new OrtCudaProviderOptionsHandle(options);
    }

    internal static void UpdateCudaProviderOptions(OrtCudaProviderOptionsHandle options, IReadOnlyList<KeyValuePair<string, string>> entries) =>
        WithKeyValueArrays(entries, (keys, values, count) =>
            Api.Check(Api.UpdateCUDAProviderOptions(options.Pointer, keys, values, count), "UpdateCUDAProviderOptions"));

    /// <summary>ORT's own serialization of the options ("key=value;..."): how the tests see what Update stored.</summary>
    internal static string GetCudaProviderOptionsAsString(OrtCudaProviderOptionsHandle options)
    {
        nint allocator = DefaultAllocator();
        byte* text;
        Api.Check(Api.GetCUDAProviderOptionsAsString(options.Pointer, allocator, &text), "GetCUDAProviderOptionsAsString");
        return TakeAllocatedString(allocator, text);
    }

    internal static void AppendCuda(OrtSessionOptionsHandle sessionOptions, OrtCudaProviderOptionsHandle options) =>
        Api.Check(Api.SessionOptionsAppendExecutionProvider_CUDA_V2(sessionOptions.Pointer, options.Pointer), "SessionOptionsAppendExecutionProvider_CUDA_V2");

    private delegate void KeyValueCall(byte** keys, byte** values, nuint count);

    private static void WithKeyValueArrays(IReadOnlyList<KeyValuePair<string, string>> entries, KeyValueCall call)
    {
        int count = entries.Count;
        var pins = new GCHandle[count * 2];
        byte*[] keys = new byte*[count];
        byte*[] values = new byte*[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                pins[2 * i] = GCHandle.Alloc(Utf8z(entries[i].Key), GCHandleType.Pinned);
                pins[2 * i + 1] = GCHandle.Alloc(Utf8z(entries[i].Value), GCHandleType.Pinned);
                keys[i] = (byte*)pins[2 * i].AddrOfPinnedObject();
                values[i] = (byte*)pins[2 * i + 1].AddrOfPinnedObject();
            }
            fixed (byte** k = keys)
            fixed (byte** v = values)
            {
                call(k, v, (nuint)count);
            }
        }
        finally
        {
            foreach (var pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }
        }
    }

    private static nint DefaultAllocator()
    {
        // ORT's default CPU allocator is a process-wide singleton that is never freed.
        nint allocator;
        Api.Check(Api.GetAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions");
        return allocator;
    }

    private static string TakeAllocatedString(nint allocator, byte* text)
    {
        try
        {
            return Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
        }
        finally
        {
            Api.Check(Api.AllocatorFree(allocator, text), "AllocatorFree");
        }
    }
}
