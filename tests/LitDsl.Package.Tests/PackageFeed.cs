using System.Reflection;
using LitDsl.TestSupport;

namespace LitDsl.Package.Tests;

/// <summary>
/// The packages as `dotnet pack` makes them, in a folder feed, and NuGet caches that start empty: every package a
/// consumer restores, ours and their dependencies, comes through its own nuget.config. Made once per test class.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    /// <summary>The packable projects, in dependency order.</summary>
    private static readonly string[] PackableProjects =
    [
        "src/LitDsl/LitDsl.csproj",
        "src/LitDsl.Runtime/LitDsl.Runtime.csproj",
        "src/LitDsl.Runtime.Gpu/LitDsl.Runtime.Gpu.csproj",
        "src/LitDsl.Cli/LitDsl.Cli.csproj",
    ];

    public PackageFeed()
    {
        Root = Directory.CreateTempSubdirectory("litdsl-packages-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        Environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Directory.CreateDirectory(Path.Combine(Root, "packages")).FullName,
            ["NUGET_HTTP_CACHE_PATH"] = Directory.CreateDirectory(Path.Combine(Root, "http-cache")).FullName,
        };
        foreach (string project in PackableProjects)
        {
            // Builds what is not built yet (incrementally: the solution build has usually made everything), then packs.
            ChildProcess.Run(RepositoryPaths.Root, new Dictionary<string, string>(), "dotnet",
                "pack", RepositoryPaths.Combine(project), "-c", Configuration, "-o", Feed, "--disable-build-servers", "-nodeReuse:false").Succeeded();
        }
    }

    /// <summary>The one version every package has.</summary>
    public static string Version => Metadata("LitDsl.Tests.PackageVersion");

    private static string Configuration => Metadata("LitDsl.Tests.Configuration");

    public string Root { get; }

    public string Feed { get; }

    /// <summary>NUGET_PACKAGES and NUGET_HTTP_CACHE_PATH: this run's own, empty at first.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }

    private static string Metadata(string key) =>
        typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
