using LitDsl.Runtime.Native;

namespace LitDsl.Runtime.Tests;

/// <summary>
/// The resolver's search order and miss message, tested through the pure search functions so no test changes the
/// process-wide library state (the real library stays loaded for the other tests).
/// </summary>
public sealed class OrtLibrarySearchTests
{
    private const string AppDir = "/opt/app";
    private const string CacheDir = "/home/u/.cache/litdsl/onnxruntime/1.30.0";

    [Fact]
    public void Default_order_is_app_folder_then_user_cache_then_system()
    {
        IReadOnlyList<OrtLibraryCandidate> candidates = OrtLibrarySearch.Candidates(null, null, AppDir, CacheDir);
        Assert.Equal(
            new[]
            {
                (OrtLibrarySource.AppFolder, "/opt/app/libonnxruntime.so.1"),
                (OrtLibrarySource.AppFolder, "/opt/app/libonnxruntime.so"),
                (OrtLibrarySource.UserCache, CacheDir + "/libonnxruntime.so.1"),
                (OrtLibrarySource.UserCache, CacheDir + "/libonnxruntime.so"),
                (OrtLibrarySource.System, "libonnxruntime.so.1"),
                (OrtLibrarySource.System, "libonnxruntime.so"),
            },
            candidates.Select(c => (c.Source, c.Path)));
    }

    [Fact]
    public void Explicit_path_wins_over_the_environment_variable_and_is_the_only_candidate()
    {
        IReadOnlyList<OrtLibraryCandidate> candidates = OrtLibrarySearch.Candidates("/gpu/libonnxruntime.so", "/env/libonnxruntime.so", AppDir, CacheDir);
        OrtLibraryCandidate only = Assert.Single(candidates);
        Assert.Equal(OrtLibrarySource.ExplicitPath, only.Source);
        Assert.Equal("/gpu/libonnxruntime.so", only.Path);
    }

    [Fact]
    public void Environment_variable_is_the_only_candidate_when_set()
    {
        OrtLibraryCandidate only = Assert.Single(OrtLibrarySearch.Candidates(null, "/env/libonnxruntime.so", AppDir, CacheDir));
        Assert.Equal(OrtLibrarySource.EnvironmentVariable, only.Source);
    }

    [Fact]
    public void A_folder_in_the_environment_variable_means_the_library_inside_it()
    {
        string folder = Path.GetTempPath();
        IReadOnlyList<OrtLibraryCandidate> candidates = OrtLibrarySearch.Candidates(null, folder, AppDir, CacheDir);
        Assert.Equal(
            new[] { Path.Combine(folder, "libonnxruntime.so.1"), Path.Combine(folder, "libonnxruntime.so") },
            candidates.Select(c => c.Path));
    }

    [Fact]
    public void User_cache_follows_xdg_cache_home_or_falls_back_to_dot_cache()
    {
        Assert.Equal("/xdg/litdsl/onnxruntime/1.30.0", OrtLibrarySearch.UserCacheDirectory("/xdg", "/home/u"));
        Assert.Equal("/home/u/.cache/litdsl/onnxruntime/1.30.0", OrtLibrarySearch.UserCacheDirectory(null, "/home/u"));
        Assert.Equal("/home/u/.cache/litdsl/onnxruntime/1.30.0", OrtLibrarySearch.UserCacheDirectory("", "/home/u"));
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
            Assert.Contains("build LitDsl.Runtime once", error.Message);
        }
        finally
        {
            File.Delete(notALibrary);
        }
    }

    [Fact]
    public void Load_takes_the_first_candidate_that_loads()
    {
        string real = Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so.1");
        var candidates = new[]
        {
            new OrtLibraryCandidate(OrtLibrarySource.AppFolder, "/nonexistent/libonnxruntime.so.1"),
            new OrtLibraryCandidate(OrtLibrarySource.UserCache, real),
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
