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
    AppFolder,
    UserCache,
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
        OrtLibrarySource.AppFolder => $"app folder: {Path}",
        OrtLibrarySource.UserCache => $"user cache: {Path}",
        _ => $"system loader: {Path}",
    };
}

/// <summary>
/// The pure part of library resolution: which paths to try, in order. Kept free of I/O and process state so it can be
/// tested without loading anything.
/// </summary>
internal static class OrtLibrarySearch
{
    /// <summary>File names ORT ships under on this OS, most specific first.</summary>
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
        return ["libonnxruntime.so.1", "libonnxruntime.so"];
    }

    /// <summary>The per-user cache folder the fetch script fills: $XDG_CACHE_HOME or ~/.cache, then litdsl/onnxruntime/VERSION.</summary>
    internal static string UserCacheDirectory(string? xdgCacheHome, string homeDirectory)
    {
        string root = string.IsNullOrEmpty(xdgCacheHome) ? Path.Combine(homeDirectory, ".cache") : xdgCacheHome;
        return Path.Combine(root, "litdsl", "onnxruntime", OrtLibrary.PinnedVersion);
    }

    /// <summary>
    /// Candidates in resolution order. An explicit path (from <see cref="OrtLibrary.Configure"/>) or the environment
    /// variable, when set, is the only candidate: the user named a library and silently loading another one (say, the
    /// CPU build instead of their GPU build) would hide the mistake. A directory there means "the library inside it".
    /// </summary>
    internal static IReadOnlyList<OrtLibraryCandidate> Candidates(
        string? explicitPath, string? environmentValue, string appDirectory, string userCacheDirectory)
    {
        IReadOnlyList<string> names = LibraryFileNames();
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Named(OrtLibrarySource.ExplicitPath, explicitPath, names);
        }
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return Named(OrtLibrarySource.EnvironmentVariable, environmentValue, names);
        }

        var candidates = new List<OrtLibraryCandidate>();
        foreach (string name in names)
        {
            candidates.Add(new OrtLibraryCandidate(OrtLibrarySource.AppFolder, Path.Combine(appDirectory, name)));
        }
        foreach (string name in names)
        {
            candidates.Add(new OrtLibraryCandidate(OrtLibrarySource.UserCache, Path.Combine(userCacheDirectory, name)));
        }
        foreach (string name in names)
        {
            candidates.Add(new OrtLibraryCandidate(OrtLibrarySource.System, name));
        }
        return candidates;
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
        foreach ((OrtLibraryCandidate candidate, string reason) in attempts)
        {
            text.Append("\n  - ").Append(candidate).Append(" (").Append(reason).Append(')');
        }
        text.Append("\nTo fix: set ").Append(OrtLibrary.EnvironmentVariable)
            .Append(" to the full path of libonnxruntime.so (a GPU build's, for TensorRT/CUDA; its provider libraries must sit beside it),")
            .Append(" or build LitDsl.Runtime once on Linux x64 so the build fetches ONNX Runtime ").Append(OrtLibrary.PinnedVersion)
            .Append(" into the user cache (tools/onnxruntime/fetch-onnxruntime.sh does the same by hand).");
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            text.Append(" Automatic fetching is Linux x64 only; on this OS set the variable.");
        }
        return text.ToString();
    }
}
