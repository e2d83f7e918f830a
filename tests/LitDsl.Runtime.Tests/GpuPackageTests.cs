using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace LitDsl.Runtime.Tests;

/// <summary>
/// The binding against ONNX Runtime's GPU package (Microsoft.ML.OnnxRuntime.Gpu.Linux, what LitDsl.Runtime.Gpu brings)
/// on a machine without CUDA: every provider entry point is reached and fails with ORT's own reason, which names the
/// library the loader could not find, and <c>auto</c> falls back to the CPU inside the GPU build. A process loads one
/// ONNX Runtime, so the probe runs in a child process with <c>LITDSL_ONNXRUNTIME</c> naming the GPU package's library.
/// </summary>
public sealed partial class GpuPackageTests
{
    private static readonly Lazy<JsonElement> Probe = new(RunProbe);

    private static string Metadata(string key) =>
        typeof(GpuPackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static JsonElement RunProbe()
    {
        string library = Path.Combine(Metadata("LitDsl.Tests.GpuPackageNative"), "libonnxruntime.so");
        Assert.True(File.Exists(library), $"the GPU package should have been restored: {library}");
        var start = new ProcessStartInfo("dotnet", [Metadata("LitDsl.Tests.OrtProbe")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[OrtLibrary.EnvironmentVariable] = library;
        using var probe = Process.Start(start)!;
        var stdout = probe.StandardOutput.ReadToEndAsync();
        var stderr = probe.StandardError.ReadToEndAsync();
        Assert.True(probe.WaitForExit(TimeSpan.FromMinutes(2)), "the probe did not finish in 2 minutes");
        Assert.True(probe.ExitCode == 0, $"probe exit code {probe.ExitCode}: {stderr.Result}");
        Assert.Equal("", stderr.Result); // ORT's own error log stays quiet: refusals are reported once, by us
        return JsonDocument.Parse(stdout.Result).RootElement;
    }

    private static string? Outcome(string name) => Probe.Value.GetProperty(name).GetString();

    // What the dynamic loader says when a provider library's dependency (CUDA, cuDNN, TensorRT) is not installed.
    [GeneratedRegex(@"with error: lib[\w.+-]+\.so(\.\d+)*: cannot open shared object file")]
    private static partial Regex MissingLibrary();

    [Fact]
    public void The_gpu_build_is_loaded_and_lists_tensorrt_and_cuda()
    {
        Assert.Equal(Metadata("LitDsl.Tests.GpuPackageVersion"), Outcome("version"));
        Assert.StartsWith(Metadata("LitDsl.Tests.GpuPackageNative"), Outcome("loadedPath"));
        Assert.Equal(
            new[] { "TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider" },
            Probe.Value.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public void Auto_names_the_missing_cuda_library_for_each_gpu_provider_and_runs_on_the_cpu()
    {
        Assert.Equal("Cpu", Outcome("auto.provider"));
        Assert.True(Probe.Value.GetProperty("auto.outputIsAffine").GetBoolean());
        var refused = Probe.Value.GetProperty("auto.refused").EnumerateArray().ToArray();
        Assert.Equal(new[] { "TensorRT", "Cuda" }, refused.Select(r => r.GetProperty("provider").GetString()));
        string trt = refused[0].GetProperty("reason").GetString()!;
        string cuda = refused[1].GetProperty("reason").GetString()!;
        Assert.StartsWith("Failed to load library ", trt);
        Assert.Contains("libonnxruntime_providers_tensorrt.so", trt);
        Assert.Matches(MissingLibrary(), trt);
        Assert.Contains("libonnxruntime_providers_cuda.so", cuda);
        Assert.Matches(MissingLibrary(), cuda);
    }

    [Theory]
    [InlineData("TensorRT", "libonnxruntime_providers_tensorrt.so")]
    [InlineData("Cuda", "libonnxruntime_providers_cuda.so")]
    public void An_explicit_gpu_provider_fails_with_the_reason(string provider, string providerLibrary)
    {
        string message = Outcome($"session.{provider}")!;
        Assert.StartsWith($"Execution provider {provider} is unavailable: ", message);
        Assert.Contains(providerLibrary, message);
        Assert.Matches(MissingLibrary(), message);
    }

    [Theory]
    [InlineData("tensorRt", "TensorRT", "libonnxruntime_providers_tensorrt.so")]
    [InlineData("cuda", "CUDA", "libonnxruntime_providers_cuda.so")]
    public void Every_provider_entry_point_is_reached(string key, string api, string providerLibrary)
    {
        // Creating the option object is ORT's own code; the other entry points load the provider library, and each
        // error names the entry point that ran: a miscounted slot in the OrtApi table would call another function.
        Assert.Null(Outcome($"{key}.create"));
        Assert.StartsWith($"Update{api}ProviderOptions: ", Outcome($"{key}.update"));
        Assert.Contains(providerLibrary, Outcome($"{key}.update"));
        Assert.StartsWith($"Get{api}ProviderOptionsAsString: ", Outcome($"{key}.getAsString"));
        Assert.StartsWith($"SessionOptionsAppendExecutionProvider_{api}_V2: ", Outcome($"{key}.append"));
    }
}
