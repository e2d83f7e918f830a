using System;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// SkiaSharp's native library, which decodes JPEG and PNG, could not be loaded on this platform. The message names the
/// platform and the package that provides the library.
/// </summary>
public sealed class ImageLibraryNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception with the full explanation.</summary>
    public ImageLibraryNotFoundException(string message)
        : base(message)
    {
    }
}
