using System;
using System.Threading;

namespace LitDsl.Runtime.Imaging.Native;

/// <summary>
/// libpng 1.6's simplified read API (<c>png.h</c> section 5; Debian package <c>libpng16-16</c>), bound by function
/// pointer. libpng reports errors through its own setjmp/longjmp inside these calls and returns 0, with the reason in
/// <see cref="PngImage.Message"/>; nothing unwinds through managed frames.
/// </summary>
internal sealed unsafe class LibPngApi
{
    private static readonly Lazy<LibPngApi> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private LibPngApi(SystemLibrary library)
    {
        Library = library;
        BeginReadFromMemory = (delegate* unmanaged[Cdecl]<PngImage*, void*, nuint, int>)library.Export("png_image_begin_read_from_memory");
        FinishRead = (delegate* unmanaged[Cdecl]<PngImage*, void*, void*, int, void*, int>)library.Export("png_image_finish_read");
        Free = (delegate* unmanaged[Cdecl]<PngImage*, void>)library.Export("png_image_free");
    }

    /// <summary>The loaded library (throws <see cref="ImageLibraryNotFoundException"/> when it is not installed).</summary>
    public static LibPngApi Instance => Loaded.Value;

    public SystemLibrary Library { get; }

    /// <summary>
    /// <c>int png_image_begin_read_from_memory(png_imagep, png_const_voidp memory, size_t size)</c>: reads the header.
    /// libpng keeps <c>memory</c> and reads the rest from it in <see cref="FinishRead"/>: it must stay pinned until then.
    /// </summary>
    public delegate* unmanaged[Cdecl]<PngImage*, void*, nuint, int> BeginReadFromMemory { get; }

    /// <summary>
    /// <c>int png_image_finish_read(png_imagep, png_const_colorp background, void *buffer, png_int_32 row_stride,
    /// void *colormap)</c>: decodes into <c>buffer</c> in the format set in <see cref="PngImage.Format"/>.
    /// </summary>
    public delegate* unmanaged[Cdecl]<PngImage*, void*, void*, int, void*, int> FinishRead { get; }

    /// <summary><c>void png_image_free(png_imagep)</c>: frees libpng's state; safe to call more than once.</summary>
    public delegate* unmanaged[Cdecl]<PngImage*, void> Free { get; }

    private static LibPngApi Load() => new(SystemLibrary.Load(
        "libpng 1.6", "libpng16-16",
        ["libpng16.so.16", "libpng16.so", "libpng16.16.dylib", "libpng16.dylib", "libpng16.dll"]));
}
