using System.Runtime.InteropServices;

namespace LitDsl.Runtime.Imaging.Native;

/// <summary>
/// Owns a <see cref="PngImage"/> in native memory (libpng holds a pointer to it between calls, so it must not move) and
/// the libpng state hanging off it: release calls <c>png_image_free</c>, then frees the struct.
/// </summary>
internal sealed unsafe class PngImageHandle : SafeHandle
{
    private PngImageHandle(PngImage* image)
        : base(0, ownsHandle: true)
    {
        SetHandle((nint)image);
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>The struct, valid while this object is alive.</summary>
    public PngImage* Image => (PngImage*)handle;

    /// <summary>A zeroed <c>png_image</c> with <c>version = PNG_IMAGE_VERSION</c>, as the API requires.</summary>
    public static PngImageHandle Create()
    {
        // Load the library first so a missing libpng is reported before anything is allocated.
        _ = LibPngApi.Instance;
        var image = (PngImage*)NativeMemory.AllocZeroed((nuint)sizeof(PngImage));
        image->Version = PngImage.CurrentVersion;
        return new PngImageHandle(image);
    }

    protected override bool ReleaseHandle()
    {
        LibPngApi.Instance.Free(Image);
        NativeMemory.Free(Image);
        return true;
    }
}
