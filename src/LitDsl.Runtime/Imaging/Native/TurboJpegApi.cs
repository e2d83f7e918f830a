using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace LitDsl.Runtime.Imaging.Native;

/// <summary>
/// The TurboJPEG 2.x decompression API of libjpeg-turbo (<c>turbojpeg.h</c>; Debian package <c>libturbojpeg0</c>),
/// bound by function pointer. <c>unsigned long</c> sizes are <see cref="CULong"/>, which is the C type on every ABI.
/// Errors inside the library are caught by its own setjmp/longjmp and come back as a -1 return code, so no native
/// error unwinds through managed frames.
/// </summary>
internal sealed unsafe class TurboJpegApi
{
    /// <summary><c>TJPF_RGB</c>: packed 8-bit R, G, B.</summary>
    public const int PixelFormatRgb = 0;

    /// <summary><c>TJCS_CMYK</c>.</summary>
    public const int ColorspaceCmyk = 3;

    /// <summary><c>TJCS_YCCK</c>.</summary>
    public const int ColorspaceYcck = 4;

    /// <summary><c>TJFLAG_ACCURATEDCT</c>: the accurate integer IDCT (what PIL's libjpeg uses: JDCT_ISLOW).</summary>
    public const int FlagAccurateDct = 4096;

    /// <summary><c>TJFLAG_STOPONWARNING</c>: stop at the first warning (damaged data) instead of guessing on.</summary>
    public const int FlagStopOnWarning = 8192;

    /// <summary><c>TJFLAG_LIMITSCANS</c>: refuse progressive files with an absurd number of scans (a CPU bomb).</summary>
    public const int FlagLimitScans = 32768;

    private static readonly Lazy<TurboJpegApi> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private TurboJpegApi(SystemLibrary library)
    {
        Library = library;
        InitDecompress = (delegate* unmanaged[Cdecl]<nint>)library.Export("tjInitDecompress");
        DecompressHeader3 = (delegate* unmanaged[Cdecl]<nint, byte*, CULong, int*, int*, int*, int*, int>)library.Export("tjDecompressHeader3");
        Decompress2 = (delegate* unmanaged[Cdecl]<nint, byte*, CULong, byte*, int, int, int, int, int, int>)library.Export("tjDecompress2");
        GetErrorStr2 = (delegate* unmanaged[Cdecl]<nint, byte*>)library.Export("tjGetErrorStr2");
        Destroy = (delegate* unmanaged[Cdecl]<nint, int>)library.Export("tjDestroy");
    }

    /// <summary>The loaded library (throws <see cref="ImageLibraryNotFoundException"/> when it is not installed).</summary>
    public static TurboJpegApi Instance => Loaded.Value;

    public SystemLibrary Library { get; }

    /// <summary><c>tjhandle tjInitDecompress(void)</c>; NULL on failure.</summary>
    public delegate* unmanaged[Cdecl]<nint> InitDecompress { get; }

    /// <summary><c>int tjDecompressHeader3(handle, jpegBuf, jpegSize, *width, *height, *jpegSubsamp, *jpegColorspace)</c>.</summary>
    public delegate* unmanaged[Cdecl]<nint, byte*, CULong, int*, int*, int*, int*, int> DecompressHeader3 { get; }

    /// <summary><c>int tjDecompress2(handle, jpegBuf, jpegSize, dstBuf, width, pitch, height, pixelFormat, flags)</c>.</summary>
    public delegate* unmanaged[Cdecl]<nint, byte*, CULong, byte*, int, int, int, int, int, int> Decompress2 { get; }

    /// <summary><c>char *tjGetErrorStr2(handle)</c>: the last error of that handle (library-owned, do not free).</summary>
    public delegate* unmanaged[Cdecl]<nint, byte*> GetErrorStr2 { get; }

    /// <summary><c>int tjDestroy(handle)</c>.</summary>
    public delegate* unmanaged[Cdecl]<nint, int> Destroy { get; }

    /// <summary>The last error message of <paramref name="handle"/>.</summary>
    public string LastError(TurboJpegHandle handle) =>
        Marshal.PtrToStringUTF8((nint)GetErrorStr2(handle.Pointer)) ?? "unknown TurboJPEG error";

    private static TurboJpegApi Load() => new(SystemLibrary.Load(
        "TurboJPEG (libjpeg-turbo)", "libturbojpeg0",
        ["libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "libturbojpeg.dylib", "turbojpeg.dll"]));
}
