using System;

namespace LitDsl.Runtime.Imaging;

/// <summary>
/// A system image library (TurboJPEG or libpng) could not be loaded, or lacks an entry point LitDsl needs. The message
/// names the library, the package that provides it (Debian names) and the install command.
/// </summary>
public sealed class ImageLibraryNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception with the full explanation.</summary>
    public ImageLibraryNotFoundException(string message)
        : base(message)
    {
    }
}
