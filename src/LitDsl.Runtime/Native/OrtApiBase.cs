using System.Runtime.InteropServices;

namespace LitDsl.Runtime.Native;

/// <summary>
/// The library's single exported entry point. <c>OrtGetApiBase()</c> returns a pointer to <c>struct OrtApiBase</c>,
/// which holds two function pointers: <c>GetApi(uint32_t version)</c> and <c>GetVersionString(void)</c>.
/// The library name is resolved by <see cref="OrtLibrary"/> (registered as this assembly's DllImport resolver).
/// </summary>
internal static unsafe partial class OrtApiBase
{
    internal const string LibraryName = "onnxruntime";

    [StructLayout(LayoutKind.Sequential)]
    internal struct Table
    {
        public delegate* unmanaged[Cdecl]<uint, nint> GetApi;
        public delegate* unmanaged[Cdecl]<byte*> GetVersionString;
    }

    [LibraryImport(LibraryName, EntryPoint = "OrtGetApiBase")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(System.Runtime.CompilerServices.CallConvCdecl) })]
    private static partial Table* OrtGetApiBase();

    /// <summary>Loads the library (through the resolver) and returns its API base table.</summary>
    internal static Table* Get()
    {
        OrtLibrary.EnsureLoaded();
        var table = OrtGetApiBase();
        if (table == null)
        {
            throw new System.InvalidOperationException($"OrtGetApiBase() returned null in {OrtLibrary.LoadedPath}.");
        }
        return table;
    }

    /// <summary>The library's version string, e.g. "1.31.1".</summary>
    internal static string VersionString()
    {
        var table = Get();
        return Marshal.PtrToStringUTF8((nint)table->GetVersionString()) ?? string.Empty;
    }

    /// <summary>The function table for <paramref name="version"/>, or zero when the library is older than that.</summary>
    internal static nint GetApi(uint version) => Get()->GetApi(version);
}
