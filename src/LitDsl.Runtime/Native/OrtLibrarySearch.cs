using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace LitDsl.Runtime.Native;

/// <summary>Where a candidate library path came from; printed in the miss message.</summary>
internal enum OrtLibrarySource
{
    ExplicitPath,
    EnvironmentVariable,
    Package,
    AppFolder,
    System,
}

/// <summary>One place the resolver tries: a file path, or a bare file name left to the system loader.</summary>
internal sealed record OrtLibraryCandidate(OrtLibrarySource Source, string Path)
{
    /// <summary>True for a bare name (system search); false for a path that must exist as a file.</summary>
    internal bool IsSystemName => Source == OrtLibrarySource.System;

    public override string ToString() => Source switch
    {
        OrtLibrarySource.ExplicitPath => $"OrtLibrary.Configure path: {Path}",
        OrtLibrarySource.EnvironmentVariable => $"{OrtLibrary.EnvironmentVariable}: {Path}",
        OrtLibrarySource.Package => $"ONNX Runtime package (the app's deps.json): {Path}",
        OrtLibrarySource.AppFolder => $"app folder: {Path}",
        _ => $"system loader: {Path}",
    };
}

/// <summary>
/// The pure part of library resolution: which paths to try, in order. Kept free of I/O and process state so it can be
/// tested without loading anything.
/// </summary>
internal static class OrtLibrarySearch
{
    /// <summary>File names ORT ships under on this OS, the NuGet package's name first.</summary>
    internal static IReadOnlyList<string> LibraryFileNames()
    {
        if (OperatingSystem.IsWindows())
        {
            return ["onnxruntime.dll"];
        }
        if (OperatingSystem.IsMacOS())
        {
            return ["libonnxruntime.dylib"];
        }
        return ["libonnxruntime.so", "libonnxruntime.so.1"];
    }

    /// <summary>
    /// Candidates in resolution order. An explicit path (from <see cref="OrtLibrary.Configure"/>) or the environment
    /// variable, when set, is the only candidate: the user named a library and silently loading another one (say, the
    /// CPU build instead of their GPU build) would hide the mistake. A directory there means "the library inside it".
    /// Otherwise: the folders the .NET host lists for the app's native assets (<paramref name="hostNativeDirectories"/>,
    /// the <c>NATIVE_DLL_SEARCH_DIRECTORIES</c> it derives from deps.json: where the Microsoft.ML.OnnxRuntime package's
    /// <c>runtimes/&lt;rid&gt;/native/</c> files were copied), then the app folder and its
    /// <c>runtimes/<paramref name="runtimeIdentifier"/>/native/</c> (hosts without a deps.json), then the system loader.
    /// </summary>
    internal static IReadOnlyList<OrtLibraryCandidate> Candidates(
        string? explicitPath, string? environmentValue, string? hostNativeDirectories, string appDirectory,
        string runtimeIdentifier)
    {
        var names = LibraryFileNames();
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Named(OrtLibrarySource.ExplicitPath, explicitPath, names);
        }
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return Named(OrtLibrarySource.EnvironmentVariable, environmentValue, names);
        }

        var candidates = new List<OrtLibraryCandidate>();
        foreach (string directory in PackageDirectories(hostNativeDirectories))
        {
            candidates.Add(new OrtLibraryCandidate(OrtLibrarySource.Package, Path.Combine(directory, names[0])));
        }
        foreach (string directory in new[] { appDirectory, Path.Combine(appDirectory, "runtimes", runtimeIdentifier, "native") })
        {
            foreach (string name in names)
            {
                string path = Path.Combine(directory, name);
                if (!candidates.Exists(c => c.Path == path))
                {
                    candidates.Add(new OrtLibraryCandidate(OrtLibrarySource.AppFolder, path));
                }
            }
        }
        foreach (string name in names)
        {
            candidates.Add(new OrtLibraryCandidate(OrtLibrarySource.System, name));
        }
        return candidates;
    }

    /// <summary>
    /// The host's native search folders without the shared framework's own (it never holds ONNX Runtime), in order.
    /// </summary>
    private static IEnumerable<string> PackageDirectories(string? hostNativeDirectories)
    {
        if (string.IsNullOrEmpty(hostNativeDirectories))
        {
            yield break;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string entry in hostNativeDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string directory = Path.TrimEndingDirectorySeparator(entry);
            bool isFramework = directory.Contains($"{Path.DirectorySeparatorChar}shared{Path.DirectorySeparatorChar}Microsoft.", StringComparison.Ordinal);
            if (!isFramework && seen.Add(directory))
            {
                yield return directory;
            }
        }
    }

    private static IReadOnlyList<OrtLibraryCandidate> Named(OrtLibrarySource source, string path, IReadOnlyList<string> names)
    {
        if (Directory.Exists(path))
        {
            var inside = new List<OrtLibraryCandidate>();
            foreach (string name in names)
            {
                inside.Add(new OrtLibraryCandidate(source, System.IO.Path.Combine(path, name)));
            }
            return inside;
        }
        return [new OrtLibraryCandidate(source, path)];
    }

    /// <summary>The one message for a miss: every place searched, why each failed, and how to fix it.</summary>
    internal static string MissMessage(IReadOnlyList<(OrtLibraryCandidate Candidate, string Reason)> attempts)
    {
        var text = new System.Text.StringBuilder();
        text.Append("ONNX Runtime native library not found. Searched, in order:");
        foreach ((var candidate, string reason) in attempts)
        {
            text.Append("\n  - ").Append(candidate).Append(" (").Append(reason).Append(')');
        }
        text.Append("\nTo fix: set ").Append(OrtLibrary.EnvironmentVariable)
            .Append(" to the full path of libonnxruntime.so (a GPU build's, for TensorRT/CUDA; its provider libraries must sit beside it),")
            .Append(" or reference the LitDsl.Runtime package, whose dependency Microsoft.ML.OnnxRuntime ").Append(OrtLibrary.PackageVersion)
            .Append(" puts the library into the app's output (runtimes/").Append(RuntimeInformation.RuntimeIdentifier)
            .Append("/native/); that package has no build for this platform if it is not there.");
        return text.ToString();
    }
}
