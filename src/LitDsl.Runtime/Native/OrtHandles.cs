using System.Runtime.InteropServices;

namespace LitDsl.Runtime.Native;

/// <summary>
/// Ownership of one ORT object. Each subclass knows which <c>Release*</c> entry frees its kind; the SafeHandle machinery
/// guarantees exactly one release even with concurrent <c>Dispose</c> and finalization. Subclasses are created only
/// after the <c>Create*</c> call succeeded, so a handle is never zero.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(nint pointer)
        : base(0, ownsHandle: true)
    {
        SetHandle(pointer);
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer, for passing to the C API while the caller keeps this handle alive.</summary>
    internal nint Pointer => handle;

    protected sealed override bool ReleaseHandle()
    {
        Release(handle);
        return true;
    }

    protected abstract void Release(nint pointer);
}

/// <summary>Owns an <c>OrtEnv</c> (<c>ReleaseEnv</c>).</summary>
internal sealed class OrtEnvHandle(nint pointer) : OrtHandle(pointer)
{
    protected override unsafe void Release(nint pointer) => OrtApi.Instance.ReleaseEnv(pointer);
}

/// <summary>Owns an <c>OrtSessionOptions</c> (<c>ReleaseSessionOptions</c>).</summary>
internal sealed class OrtSessionOptionsHandle(nint pointer) : OrtHandle(pointer)
{
    protected override unsafe void Release(nint pointer) => OrtApi.Instance.ReleaseSessionOptions(pointer);
}

/// <summary>Owns an <c>OrtSession</c> (<c>ReleaseSession</c>).</summary>
internal sealed class OrtSessionHandle(nint pointer) : OrtHandle(pointer)
{
    protected override unsafe void Release(nint pointer) => OrtApi.Instance.ReleaseSession(pointer);
}

/// <summary>Owns an <c>OrtValue</c> (<c>ReleaseValue</c>); a value over caller memory does not free that memory.</summary>
internal sealed class OrtValueHandle(nint pointer) : OrtHandle(pointer)
{
    protected override unsafe void Release(nint pointer) => OrtApi.Instance.ReleaseValue(pointer);
}

/// <summary>Owns an <c>OrtMemoryInfo</c> (<c>ReleaseMemoryInfo</c>).</summary>
internal sealed class OrtMemoryInfoHandle(nint pointer) : OrtHandle(pointer)
{
    protected override unsafe void Release(nint pointer) => OrtApi.Instance.ReleaseMemoryInfo(pointer);
}

/// <summary>Owns an <c>OrtTypeInfo</c> (<c>ReleaseTypeInfo</c>).</summary>
internal sealed class OrtTypeInfoHandle(nint pointer) : OrtHandle(pointer)
{
    protected override unsafe void Release(nint pointer) => OrtApi.Instance.ReleaseTypeInfo(pointer);
}

/// <summary>Owns an <c>OrtTensorTypeAndShapeInfo</c> (<c>ReleaseTensorTypeAndShapeInfo</c>).</summary>
internal sealed class OrtTensorTypeAndShapeInfoHandle(nint pointer) : OrtHandle(pointer)
{
    protected override unsafe void Release(nint pointer) => OrtApi.Instance.ReleaseTensorTypeAndShapeInfo(pointer);
}

/// <summary>Owns an <c>OrtIoBinding</c> (<c>ReleaseIoBinding</c>).</summary>
internal sealed class OrtIoBindingHandle(nint pointer) : OrtHandle(pointer)
{
    protected override unsafe void Release(nint pointer) => OrtApi.Instance.ReleaseIoBinding(pointer);
}

/// <summary>Owns an <c>OrtTensorRTProviderOptionsV2</c> (<c>ReleaseTensorRTProviderOptions</c>).</summary>
internal sealed class OrtTensorRtProviderOptionsHandle(nint pointer) : OrtHandle(pointer)
{
    protected override unsafe void Release(nint pointer) => OrtApi.Instance.ReleaseTensorRTProviderOptions(pointer);
}

/// <summary>Owns an <c>OrtCUDAProviderOptionsV2</c> (<c>ReleaseCUDAProviderOptions</c>).</summary>
internal sealed class OrtCudaProviderOptionsHandle(nint pointer) : OrtHandle(pointer)
{
    protected override unsafe void Release(nint pointer) => OrtApi.Instance.ReleaseCUDAProviderOptions(pointer);
}
