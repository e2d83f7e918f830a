using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace LitDsl.Runtime.Imaging.Native;

/// <summary>
/// One shared library of the operating system, loaded by name through the system loader (no bundled copy: the codecs
/// are the distribution's, kept up to date by its security updates). A miss says which package to install.
/// </summary>
internal sealed class SystemLibrary
{
    private readonly nint handle;

    private SystemLibrary(nint handle, string loadedName, string package)
    {
        this.handle = handle;
        LoadedName = loadedName;
        Package = package;
    }

    /// <summary>The file name the loader accepted.</summary>
    public string LoadedName { get; }

    /// <summary>The Debian package that provides the library.</summary>
    public string Package { get; }

    /// <summary>Loads the first of <paramref name="names"/> the system loader finds.</summary>
    /// <param name="what">What the library is, for the message (e.g. "TurboJPEG (libjpeg-turbo)").</param>
    /// <param name="package">The Debian package that provides it.</param>
    /// <param name="names">File names to try, the ABI-versioned Linux name first.</param>
    public static SystemLibrary Load(string what, string package, IReadOnlyList<string> names)
    {
        foreach (string name in names)
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                return new SystemLibrary(handle, name, package);
            }
        }
        throw new ImageLibraryNotFoundException(
            $"{what} is not installed: none of {string.Join(", ", names)} could be loaded. " +
            $"Install the Debian/Ubuntu package {package} (sudo apt-get install -y {package}).");
    }

    /// <summary>The address of <paramref name="symbol"/>; a missing one means an incompatible (too old) library.</summary>
    public nint Export(string symbol)
    {
        if (NativeLibrary.TryGetExport(handle, symbol, out nint address))
        {
            return address;
        }
        throw new ImageLibraryNotFoundException(
            $"{LoadedName} has no '{symbol}': the library is too old or not the expected one. " +
            $"Install a current {Package} (sudo apt-get install -y {Package}).");
    }
}
