using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace LitDsl.Runtime.Native;

/// <summary>
/// The <c>OrtApi</c> function table, read once by slot number (<see cref="OrtApiSlot"/>) into typed unmanaged function
/// pointers. Handles are passed as <see cref="nint"/>; ownership lives in the <see cref="OrtHandle"/> subclasses.
/// Every status-returning entry goes through <see cref="Check"/>, which turns a non-null <c>OrtStatus*</c> into an
/// <see cref="OrtException"/> after releasing the status.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>
    /// The API version requested from <c>GetApi</c>: 11 (ONNX Runtime 1.11) is the lowest version whose table contains
    /// every slot bound here, the newest being the CUDA V2 entries (slots 204–208, "since Version 1.11" in the header).
    /// Asking for no more than that lets older GPU builds of ORT (1.11+) work with this binding too.
    /// </summary>
    internal const uint RequestedApiVersion = 11;

    private static readonly Lazy<OrtApi> LazyInstance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process-wide table; loading it loads the native library.</summary>
    internal static OrtApi Instance => LazyInstance.Value;

    private OrtApi(nint* table)
    {
        GetErrorCode = (delegate* unmanaged[Cdecl]<nint, OrtErrorCode>)table[(int)OrtApiSlot.GetErrorCode];
        GetErrorMessage = (delegate* unmanaged[Cdecl]<nint, byte*>)table[(int)OrtApiSlot.GetErrorMessage];
        CreateEnv = (delegate* unmanaged[Cdecl]<int, byte*, nint*, nint>)table[(int)OrtApiSlot.CreateEnv];
        CreateSessionFromArray = (delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint>)table[(int)OrtApiSlot.CreateSessionFromArray];
        Run = (delegate* unmanaged[Cdecl]<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)table[(int)OrtApiSlot.Run];
        CreateSessionOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)table[(int)OrtApiSlot.CreateSessionOptions];
        SetOptimizedModelFilePath = (delegate* unmanaged[Cdecl]<nint, byte*, nint>)table[(int)OrtApiSlot.SetOptimizedModelFilePath];
        EnableProfiling = (delegate* unmanaged[Cdecl]<nint, byte*, nint>)table[(int)OrtApiSlot.EnableProfiling];
        AddSessionConfigEntry = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint>)table[(int)OrtApiSlot.AddSessionConfigEntry];
        EnableCpuMemArena = (delegate* unmanaged[Cdecl]<nint, nint>)table[(int)OrtApiSlot.EnableCpuMemArena];
        DisableCpuMemArena = (delegate* unmanaged[Cdecl]<nint, nint>)table[(int)OrtApiSlot.DisableCpuMemArena];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged[Cdecl]<nint, int, nint>)table[(int)OrtApiSlot.SetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)table[(int)OrtApiSlot.SetIntraOpNumThreads];
        SetInterOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)table[(int)OrtApiSlot.SetInterOpNumThreads];
        SessionGetInputCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)table[(int)OrtApiSlot.SessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)table[(int)OrtApiSlot.SessionGetOutputCount];
        SessionGetInputTypeInfo = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)table[(int)OrtApiSlot.SessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)table[(int)OrtApiSlot.SessionGetOutputTypeInfo];
        SessionGetInputName = (delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)table[(int)OrtApiSlot.SessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)table[(int)OrtApiSlot.SessionGetOutputName];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint>)table[(int)OrtApiSlot.CreateTensorWithDataAsOrtValue];
        GetTensorMutableData = (delegate* unmanaged[Cdecl]<nint, void**, nint>)table[(int)OrtApiSlot.GetTensorMutableData];
        CastTypeInfoToTensorInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)table[(int)OrtApiSlot.CastTypeInfoToTensorInfo];
        GetTensorElementType = (delegate* unmanaged[Cdecl]<nint, int*, nint>)table[(int)OrtApiSlot.GetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)table[(int)OrtApiSlot.GetDimensionsCount];
        GetDimensions = (delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)table[(int)OrtApiSlot.GetDimensions];
        GetTensorTypeAndShape = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)table[(int)OrtApiSlot.GetTensorTypeAndShape];
        CreateCpuMemoryInfo = (delegate* unmanaged[Cdecl]<int, int, nint*, nint>)table[(int)OrtApiSlot.CreateCpuMemoryInfo];
        AllocatorFree = (delegate* unmanaged[Cdecl]<nint, void*, nint>)table[(int)OrtApiSlot.AllocatorFree];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)table[(int)OrtApiSlot.GetAllocatorWithDefaultOptions];
        ReleaseEnv = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseEnv];
        ReleaseStatus = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseStatus];
        ReleaseMemoryInfo = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseMemoryInfo];
        ReleaseSession = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseSession];
        ReleaseValue = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseValue];
        ReleaseTypeInfo = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseTypeInfo];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseTensorTypeAndShapeInfo];
        ReleaseSessionOptions = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseSessionOptions];
        GetAvailableProviders = (delegate* unmanaged[Cdecl]<byte***, int*, nint>)table[(int)OrtApiSlot.GetAvailableProviders];
        ReleaseAvailableProviders = (delegate* unmanaged[Cdecl]<byte**, int, nint>)table[(int)OrtApiSlot.ReleaseAvailableProviders];
        RunWithBinding = (delegate* unmanaged[Cdecl]<nint, nint, nint, nint>)table[(int)OrtApiSlot.RunWithBinding];
        CreateIoBinding = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)table[(int)OrtApiSlot.CreateIoBinding];
        ReleaseIoBinding = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseIoBinding];
        BindInput = (delegate* unmanaged[Cdecl]<nint, byte*, nint, nint>)table[(int)OrtApiSlot.BindInput];
        BindOutput = (delegate* unmanaged[Cdecl]<nint, byte*, nint, nint>)table[(int)OrtApiSlot.BindOutput];
        SessionOptionsAppendExecutionProvider_TensorRT_V2 = (delegate* unmanaged[Cdecl]<nint, nint, nint>)table[(int)OrtApiSlot.SessionOptionsAppendExecutionProvider_TensorRT_V2];
        CreateTensorRTProviderOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)table[(int)OrtApiSlot.CreateTensorRTProviderOptions];
        UpdateTensorRTProviderOptions = (delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint>)table[(int)OrtApiSlot.UpdateTensorRTProviderOptions];
        GetTensorRTProviderOptionsAsString = (delegate* unmanaged[Cdecl]<nint, nint, byte**, nint>)table[(int)OrtApiSlot.GetTensorRTProviderOptionsAsString];
        ReleaseTensorRTProviderOptions = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseTensorRTProviderOptions];
        SessionOptionsAppendExecutionProvider_CUDA_V2 = (delegate* unmanaged[Cdecl]<nint, nint, nint>)table[(int)OrtApiSlot.SessionOptionsAppendExecutionProvider_CUDA_V2];
        CreateCUDAProviderOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)table[(int)OrtApiSlot.CreateCUDAProviderOptions];
        UpdateCUDAProviderOptions = (delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint>)table[(int)OrtApiSlot.UpdateCUDAProviderOptions];
        GetCUDAProviderOptionsAsString = (delegate* unmanaged[Cdecl]<nint, nint, byte**, nint>)table[(int)OrtApiSlot.GetCUDAProviderOptionsAsString];
        ReleaseCUDAProviderOptions = (delegate* unmanaged[Cdecl]<nint, void>)table[(int)OrtApiSlot.ReleaseCUDAProviderOptions];
    }

    private static OrtApi Load()
    {
        nint table = OrtApiBase.GetApi(RequestedApiVersion);
        if (table == 0)
        {
            throw new InvalidOperationException(
                $"The ONNX Runtime library at {OrtLibrary.LoadedPath} (version {OrtApiBase.VersionString()}) does not " +
                $"provide C API version {RequestedApiVersion}; LitDsl needs ONNX Runtime 1.11 or newer.");
        }
        return new OrtApi((nint*)table);
    }

    /// <summary>Throws <see cref="OrtException"/> for a non-null status, releasing the status first.</summary>
    internal void Check(nint status, string operation)
    {
        if (status == 0)
        {
            return;
        }
        var code = GetErrorCode(status);
        string message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? string.Empty;
        ReleaseStatus(status);
        throw new OrtException(code, message, operation);
    }

    internal readonly delegate* unmanaged[Cdecl]<nint, OrtErrorCode> GetErrorCode;
    internal readonly delegate* unmanaged[Cdecl]<nint, byte*> GetErrorMessage;
    internal readonly delegate* unmanaged[Cdecl]<int, byte*, nint*, nint> CreateEnv;
    internal readonly delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint> Run;
    internal readonly delegate* unmanaged[Cdecl]<nint*, nint> CreateSessionOptions;
    internal readonly delegate* unmanaged[Cdecl]<nint, byte*, nint> SetOptimizedModelFilePath;
    internal readonly delegate* unmanaged[Cdecl]<nint, byte*, nint> EnableProfiling;
    internal readonly delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint> AddSessionConfigEntry;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint> EnableCpuMemArena;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint> DisableCpuMemArena;
    internal readonly delegate* unmanaged[Cdecl]<nint, int, nint> SetSessionGraphOptimizationLevel;
    internal readonly delegate* unmanaged[Cdecl]<nint, int, nint> SetIntraOpNumThreads;
    internal readonly delegate* unmanaged[Cdecl]<nint, int, nint> SetInterOpNumThreads;
    internal readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetInputCount;
    internal readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetOutputCount;
    internal readonly delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    internal readonly delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    internal readonly delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint> SessionGetInputName;
    internal readonly delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    internal readonly delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    internal readonly delegate* unmanaged[Cdecl]<nint, void**, nint> GetTensorMutableData;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToTensorInfo;
    internal readonly delegate* unmanaged[Cdecl]<nint, int*, nint> GetTensorElementType;
    internal readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetDimensionsCount;
    internal readonly delegate* unmanaged[Cdecl]<nint, long*, nuint, nint> GetDimensions;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> GetTensorTypeAndShape;
    internal readonly delegate* unmanaged[Cdecl]<int, int, nint*, nint> CreateCpuMemoryInfo;
    internal readonly delegate* unmanaged[Cdecl]<nint, void*, nint> AllocatorFree;
    internal readonly delegate* unmanaged[Cdecl]<nint*, nint> GetAllocatorWithDefaultOptions;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseEnv;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseStatus;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseMemoryInfo;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseSession;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseValue;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseTypeInfo;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseTensorTypeAndShapeInfo;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseSessionOptions;
    internal readonly delegate* unmanaged[Cdecl]<byte***, int*, nint> GetAvailableProviders;
    internal readonly delegate* unmanaged[Cdecl]<byte**, int, nint> ReleaseAvailableProviders;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint, nint, nint> RunWithBinding;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> CreateIoBinding;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseIoBinding;
    internal readonly delegate* unmanaged[Cdecl]<nint, byte*, nint, nint> BindInput;
    internal readonly delegate* unmanaged[Cdecl]<nint, byte*, nint, nint> BindOutput;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint, nint> SessionOptionsAppendExecutionProvider_TensorRT_V2;
    internal readonly delegate* unmanaged[Cdecl]<nint*, nint> CreateTensorRTProviderOptions;
    internal readonly delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint> UpdateTensorRTProviderOptions;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint, byte**, nint> GetTensorRTProviderOptionsAsString;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseTensorRTProviderOptions;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint, nint> SessionOptionsAppendExecutionProvider_CUDA_V2;
    internal readonly delegate* unmanaged[Cdecl]<nint*, nint> CreateCUDAProviderOptions;
    internal readonly delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint> UpdateCUDAProviderOptions;
    internal readonly delegate* unmanaged[Cdecl]<nint, nint, byte**, nint> GetCUDAProviderOptionsAsString;
    internal readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseCUDAProviderOptions;
}
