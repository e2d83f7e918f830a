using System;
using System.IO;

namespace LitDsl.TestSupport;

/// <summary>Locates the repository from a test's output folder (the folder that holds LitDsl.sln).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "LitDsl.sln"))) return directory.FullName;
        throw new InvalidOperationException($"No LitDsl.sln above {AppContext.BaseDirectory}.");
    }
}
