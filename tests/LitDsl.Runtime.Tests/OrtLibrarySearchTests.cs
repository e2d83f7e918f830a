using LitDsl.Runtime.Native;

namespace LitDsl.Runtime.Tests;

/// <summary>
/// The resolver's search order and miss message, tested through the pure search functions so no test changes the
/// process-wide library state (the real library stays loaded for the other tests).
/// </summary>
public sealed class OrtLibrarySearchTests
{
    private const string AppDir = "/opt/app";
    private const string Rid = "linux-x64";

    // What the .NET host sets for a portable app that references Microsoft.ML.OnnxRuntime: the package's native folder
    // in the app, then the shared framework's own folder.
    private const string HostDirectories = "/opt/app/runtimes/linux-x64/native/:/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/:";

    [Fact]
    public void Default_order_is_the_package_folder_then_the_app_folder_then_the_system()
    {
        var candidates = OrtLibrarySearch.Candidates(null, null, HostDirectories, AppDir, Rid);
        Assert.Equal(
            new[]
            {
                (OrtLibrarySource.Package, "/opt/app/runtimes/linux-x64/native/libonnxruntime.so"),
                (OrtLibrarySource.AppFolder, "/opt/app/libonnxruntime.so"),
                (OrtLibrarySource.AppFolder, "/opt/app/libonnxruntime.so.1"),
                (OrtLibrarySource.AppFolder, "/opt/app/runtimes/linux-x64/native/libonnxruntime.so.1"),
                (OrtLibrarySource.System, "libonnxruntime.so"),
                (OrtLibrarySource.System, "libonnxruntime.so.1"),
            },
            candidates.Select(c => (c.Source, c.Path)));
    }

    [Fact]
    public void Without_a_deps_json_the_app_folder_and_its_runtimes_folder_are_searched()
    {
        var candidates = OrtLibrarySearch.Candidates(null, null, null, AppDir, "linux-arm64");
        Assert.Equal(
            new[]
            {
                "/opt/app/libonnxruntime.so", "/opt/app/libonnxruntime.so.1",
                "/opt/app/runtimes/linux-arm64/native/libonnxruntime.so", "/opt/app/runtimes/linux-arm64/native/libonnxruntime.so.1",
                "libonnxruntime.so", "libonnxruntime.so.1",
            },
            candidates.Select(c => c.Path));
    }

    [Fact]
    public void Explicit_path_wins_over_the_environment_variable_and_is_the_only_candidate()
    {
        var candidates = OrtLibrarySearch.Candidates("/gpu/libonnxruntime.so", "/env/libonnxruntime.so", HostDirectories, AppDir, Rid);
        var only = Assert.Single(candidates);
        Assert.Equal(OrtLibrarySource.ExplicitPath, only.Source);
        Assert.Equal("/gpu/libonnxruntime.so", only.Path);
    }

    [Fact]
    public void Environment_variable_is_the_only_candidate_when_set()
    {
        var only = Assert.Single(OrtLibrarySearch.Candidates(null, "/env/libonnxruntime.so", HostDirectories, AppDir, Rid));
        Assert.Equal(OrtLibrarySource.EnvironmentVariable, only.Source);
    }

    [Fact]
    public void A_folder_in_the_environment_variable_means_the_library_inside_it()
    {
        string folder = Path.GetTempPath();
        var candidates = OrtLibrarySearch.Candidates(null, folder, HostDirectories, AppDir, Rid);
        Assert.Equal(
            new[] { Path.Combine(folder, "libonnxruntime.so"), Path.Combine(folder, "libonnxruntime.so.1") },
            candidates.Select(c => c.Path));
    }

    [Fact]
    public void A_miss_is_one_exception_listing_every_path_and_the_fix()
    {
        string bogus = Path.Combine(Path.GetTempPath(), $"litdsl-no-such-{Guid.NewGuid():N}", "libonnxruntime.so");
        string notALibrary = Path.Combine(Path.GetTempPath(), $"litdsl-not-a-library-{Guid.NewGuid():N}.so");
        File.WriteAllText(notALibrary, "this is text, not an ELF file");
        try
        {
            var candidates = new[]
            {
                new OrtLibraryCandidate(OrtLibrarySource.EnvironmentVariable, bogus),
                new OrtLibraryCandidate(OrtLibrarySource.AppFolder, notALibrary),
                new OrtLibraryCandidate(OrtLibrarySource.System, $"libonnxruntime-missing-{Guid.NewGuid():N}.so"),
            };
            var error = Assert.Throws<OrtLibraryNotFoundException>(() => OrtLibrary.Load(candidates));
            Assert.IsAssignableFrom<DllNotFoundException>(error);
            Assert.Contains($"LITDSL_ONNXRUNTIME: {bogus} (no such file)", error.Message);
            Assert.Contains($"app folder: {notALibrary} (failed to load", error.Message);
            Assert.Contains("(not found by the system loader)", error.Message);
            Assert.Contains("To fix: set LITDSL_ONNXRUNTIME", error.Message);
            Assert.Contains("reference the LitDsl.Runtime package, whose dependency Microsoft.ML.OnnxRuntime 1.31.1", error.Message);
        }
        finally
        {
            File.Delete(notALibrary);
        }
    }

    [Fact]
    public void Load_takes_the_first_candidate_that_loads()
    {
        string real = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so");
        var candidates = new[]
        {
            new OrtLibraryCandidate(OrtLibrarySource.AppFolder, "/nonexistent/libonnxruntime.so"),
            new OrtLibraryCandidate(OrtLibrarySource.Package, real),
        };
        (nint handle, string path) = OrtLibrary.Load(candidates);
        Assert.NotEqual(0, handle);
        Assert.Equal(real, path);
    }

    [Fact]
    public void Configure_after_load_is_refused()
    {
        _ = OrtLibrary.VersionString;
        Assert.Throws<InvalidOperationException>(() => OrtLibrary.Configure("/somewhere/else/libonnxruntime.so"));
    }
}
