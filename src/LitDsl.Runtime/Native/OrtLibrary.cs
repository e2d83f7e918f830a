using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using LitDsl.Runtime.Native;

namespace LitDsl.Runtime;

/// <summary>
/// Finds and loads the ONNX Runtime native library for this assembly's P/Invoke calls. Resolution order:
/// <list type="number">
/// <item>the path given to <see cref="Configure"/>, else the <c>LITDSL_ONNXRUNTIME</c> environment variable (a file, or
/// a folder holding it); when either is set it is the only candidate;</item>
/// <item>the native library of the ONNX Runtime package the app references (Microsoft.ML.OnnxRuntime, a dependency of
/// this package, or the GPU build LitDsl.Runtime.Gpu selects), where the .NET host's deps.json says it was copied
/// (<c>runtimes/&lt;rid&gt;/native/</c> for a portable app);</item>
/// <item>the app folder (<see cref="AppContext.BaseDirectory"/>) and its <c>runtimes/&lt;rid&gt;/native/</c>;</item>
/// <item>the system loader (<c>libonnxruntime.so</c>, <c>libonnxruntime.so.1</c>).</item>
/// </list>
/// Any build of ORT from 1.11 on works (the binding asks for C API version 11): point <c>LITDSL_ONNXRUNTIME</c> at your
/// own GPU build's <c>libonnxruntime.so</c>, and ORT loads its TensorRT and CUDA provider libraries from its folder. A
/// miss throws one <see cref="OrtLibraryNotFoundException"/>.
/// </summary>
public static class OrtLibrary
{
    /// <summary>The environment variable naming the library to load.</summary>
    public const string EnvironmentVariable = "LITDSL_ONNXRUNTIME";

    /// <summary>
    /// The version of the Microsoft.ML.OnnxRuntime package this assembly was built against (its native library is what
    /// apps get unless they choose another build), from Directory.Packages.props through an assembly attribute.
    /// </summary>
    public static string PackageVersion { get; } =
        typeof(OrtLibrary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "LitDsl.OnnxRuntimePackageVersion").Value!;

    private static readonly object Gate = new();
    private static string? _configuredPath;
    private static nint _loadedHandle;
    private static string? _loadedPath;

    static OrtLibrary()
    {
        NativeLibrary.SetDllImportResolver(typeof(OrtLibrary).Assembly, Resolve);
    }

    /// <summary>
    /// Names the library file (or its folder) to load, overriding the environment variable and every other place.
    /// Call before the first session; once a library is loaded it cannot be swapped within the process.
    /// </summary>
    public static void Configure(string libraryPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryPath);
        lock (Gate)
        {
            if (_loadedHandle != 0)
            {
                throw new InvalidOperationException(
                    $"ONNX Runtime is already loaded from {_loadedPath}; OrtLibrary.Configure must be called before the first session.");
            }
            _configuredPath = libraryPath;
        }
    }

    /// <summary>The file the library was loaded from, or null before the first load.</summary>
    public static string? LoadedPath
    {
        get
        {
            lock (Gate)
            {
                return _loadedPath;
            }
        }
    }

    /// <summary>The loaded library's own version string (<c>GetVersionString</c>), e.g. "1.31.1"; loads the library.</summary>
    public static string VersionString => OrtApiBase.VersionString();

    /// <summary>
    /// Execution providers compiled into the loaded library (<c>GetAvailableProviders</c>), e.g.
    /// "CPUExecutionProvider". Being listed does not mean a provider can start (its CUDA/TensorRT libraries may be missing).
    /// </summary>
    public static IReadOnlyList<string> AvailableProviders() => Ort.GetAvailableProviders();

    /// <summary>Loads the library if needed (runs the search) and returns its handle.</summary>
    internal static nint EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loadedHandle != 0)
            {
                return _loadedHandle;
            }
            var candidates = OrtLibrarySearch.Candidates(
                _configuredPath,
                Environment.GetEnvironmentVariable(EnvironmentVariable),
                AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string,
                AppContext.BaseDirectory,
                RuntimeInformation.RuntimeIdentifier);
            (nint handle, string path) = Load(candidates);
            _loadedHandle = handle;
            _loadedPath = path;
            return handle;
        }
    }

    /// <summary>Tries each candidate in order; the first that loads wins, otherwise one exception lists them all.</summary>
    internal static (nint Handle, string Path) Load(IReadOnlyList<OrtLibraryCandidate> candidates)
    {
        var attempts = new List<(OrtLibraryCandidate, string)>();
        foreach (var candidate in candidates)
        {
            if (!candidate.IsSystemName && !File.Exists(candidate.Path))
            {
                attempts.Add((candidate, "no such file"));
                continue;
            }
            try
            {
                return (NativeLibrary.Load(candidate.Path), candidate.Path);
            }
            catch (DllNotFoundException e)
            {
                attempts.Add((candidate, candidate.IsSystemName ? "not found by the system loader" : "failed to load: " + FirstLine(e.Message)));
            }
            catch (BadImageFormatException e)
            {
                attempts.Add((candidate, "not a loadable library for this process: " + FirstLine(e.Message)));
            }
        }
        throw new OrtLibraryNotFoundException(OrtLibrarySearch.MissMessage(attempts));
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == OrtApiBase.LibraryName ? EnsureLoaded() : 0;

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n');
        return newline < 0 ? text : text[..newline];
    }
}
