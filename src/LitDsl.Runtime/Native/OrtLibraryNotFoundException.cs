using System;

namespace LitDsl.Runtime;

/// <summary>
/// The ONNX Runtime native library could not be loaded from any searched place. The message lists every path tried,
/// why it failed, and how to fix it.
/// </summary>
public sealed class OrtLibraryNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception with the full search report.</summary>
    public OrtLibraryNotFoundException(string message)
        : base(message)
    {
    }
}
