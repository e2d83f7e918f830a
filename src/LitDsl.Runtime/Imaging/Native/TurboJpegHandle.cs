using System.Runtime.InteropServices;

namespace LitDsl.Runtime.Imaging.Native;

/// <summary>Owns one TurboJPEG decompressor instance (<c>tjDestroy</c> on release).</summary>
internal sealed unsafe class TurboJpegHandle : SafeHandle
{
    private TurboJpegHandle(nint pointer)
        : base(0, ownsHandle: true)
    {
        SetHandle(pointer);
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw <c>tjhandle</c>, valid while this object is alive.</summary>
    public nint Pointer => handle;

    /// <summary>Creates a decompressor; an instance is cheap and not shared between threads.</summary>
    public static TurboJpegHandle CreateDecompressor()
    {
        nint pointer = TurboJpegApi.Instance.InitDecompress();
        if (pointer == 0)
        {
            // tjInitDecompress fails only when it cannot allocate its state.
            throw new System.OutOfMemoryException("tjInitDecompress() returned NULL.");
        }
        return new TurboJpegHandle(pointer);
    }

    protected override bool ReleaseHandle()
    {
        TurboJpegApi.Instance.Destroy(handle);
        return true;
    }
}
