using System.Runtime.InteropServices;
using LitDsl.Runtime.Native;

namespace LitDsl.Runtime.Tests;

/// <summary>
/// Exercises every bound <c>OrtApi</c> slot and checks its effect, so a miscounted slot fails here (a wrong slot calls
/// a different function: wrong results, wrong errors, or a crash).
/// </summary>
public sealed unsafe class NativeBindingTests
{
    [Fact]
    public void Library_is_the_onnxruntime_package_file_the_host_lists_for_this_app()
    {
        // Microsoft.ML.OnnxRuntime's runtimes/<rid>/native/ files are copied by the SDK into the output of every project
        // that references LitDsl.Runtime; the deps.json it writes makes the host list that folder.
        string packageFile = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", "libonnxruntime.so");
        Assert.True(File.Exists(packageFile), $"{packageFile} should have been copied from the Microsoft.ML.OnnxRuntime package");
        _ = OrtLibrary.VersionString;
        if (Environment.GetEnvironmentVariable(OrtLibrary.EnvironmentVariable) is null)
        {
            Assert.Equal(packageFile, OrtLibrary.LoadedPath);
        }
    }

    [Fact]
    public void Version_string_is_the_package_release()
    {
        Assert.Equal("1.31.1", OrtLibrary.PackageVersion);
        Assert.Equal(OrtLibrary.PackageVersion, OrtLibrary.VersionString);
    }

    [Fact]
    public void GetApi_serves_the_requested_version_and_refuses_future_ones()
    {
        Assert.NotEqual(0, OrtApiBase.GetApi(OrtApi.RequestedApiVersion));
        // ORT 1.x serves API versions up to x and nothing newer.
        uint minor = uint.Parse(OrtLibrary.VersionString.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(0, OrtApiBase.GetApi(minor));
        Assert.Equal(0, OrtApiBase.GetApi(minor + 1));
        Assert.Equal(0, OrtApiBase.GetApi(1000));
    }

    [Fact]
    public void GetAvailableProviders_lists_the_providers_compiled_into_the_build()
    {
        // Microsoft.ML.OnnxRuntime is the CPU build alone; GpuPackageTests shows the GPU package's list.
        Assert.Equal(new[] { "CPUExecutionProvider" }, OrtLibrary.AvailableProviders());
    }

    [Fact]
    public void A_failing_call_becomes_OrtException_with_code_and_message()
    {
        // CreateSessionFromArray on bytes that are not a model: exercises GetErrorCode, GetErrorMessage, ReleaseStatus.
        using var options = Ort.CreateSessionOptions();
        var error = Assert.Throws<OrtException>(() => Ort.CreateSessionFromArray(OrtEnvironment.Handle, new byte[] { 1, 2, 3, 4, 5 }, options));
        Assert.Equal("CreateSessionFromArray", error.Operation);
        Assert.Contains(error.ErrorCode, new[] { OrtErrorCode.InvalidProtobuf, OrtErrorCode.Fail, OrtErrorCode.InvalidArgument });
        Assert.False(string.IsNullOrWhiteSpace(error.OrtMessage));
    }

    [Fact]
    public void Session_options_setters_take_effect()
    {
        string optimized = Path.Combine(Path.GetTempPath(), $"litdsl-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using var options = Ort.CreateSessionOptions();
            Ort.SetIntraOpNumThreads(options, 1);
            Ort.SetInterOpNumThreads(options, 1);
            Ort.SetCpuMemArena(options, enabled: false);
            Ort.SetCpuMemArena(options, enabled: true);
            Ort.SetSessionGraphOptimizationLevel(options, GraphOptimizationLevel.Basic);
            Ort.SetOptimizedModelFilePath(options, optimized);
            using var session = Ort.CreateSessionFromArray(OrtEnvironment.Handle, TestModels.AffineModel(), options);
            Assert.True(File.Exists(optimized), "SetOptimizedModelFilePath should make ORT write the optimized model");
            Assert.True(new FileInfo(optimized).Length > 0);
        }
        finally
        {
            File.Delete(optimized);
        }
    }

    [Fact]
    public void AddSessionConfigEntry_reaches_the_session()
    {
        // A config key with a visible effect proves the slot: the ORT-format switch makes an ONNX model unloadable.
        using (var plain = Ort.CreateSessionOptions())
        using (Ort.CreateSessionFromArray(OrtEnvironment.Handle, TestModels.AffineModel(), plain)) { }

        using var options = Ort.CreateSessionOptions();
        Ort.AddSessionConfigEntry(options, "session.load_model_format", "ORT");
        var error = Assert.Throws<OrtException>(() => Ort.CreateSessionFromArray(OrtEnvironment.Handle, TestModels.AffineModel(), options).Dispose());
        Assert.Contains("ORT model verification failed", error.OrtMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void EnableProfiling_writes_a_trace_of_the_model_nodes()
    {
        string folder = Directory.CreateTempSubdirectory("litdsl-profile-").FullName;
        try
        {
            using (var options = Ort.CreateSessionOptions())
            {
                Ort.EnableProfiling(options, Path.Combine(folder, "trace"));
                using var session = Ort.CreateSessionFromArray(OrtEnvironment.Handle, TestModels.AffineModel(), options);
                using var memory = Ort.CreateCpuMemoryInfo();
                float[] input = new float[12];
                fixed (float* p = input)
                fixed (byte* inName = Ort.Utf8z("input"))
                fixed (byte* outName = Ort.Utf8z("output"))
                {
                    using var value = Ort.CreateTensorOverFloats(memory, p, input.Length, new long[] { 1, 3, 2, 2 });
                    using var output = Ort.Run(session, inName, value, outName, output: null);
                }
            }
            string trace = Assert.Single(Directory.GetFiles(folder, "trace_*.json"));
            string text = File.ReadAllText(trace);
            // The affine model's two nodes, named in TestModels, appear as timed node events.
            Assert.Contains("\"Mul_scaled", text);
            Assert.Contains("\"Add_output", text);
            Assert.Contains("\"op_name\" : \"Mul\"", text.Replace("\"op_name\":\"", "\"op_name\" : \""));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Session_reports_input_and_output_names_counts_and_shapes()
    {
        using var options = Ort.CreateSessionOptions();
        using var session = Ort.CreateSessionFromArray(OrtEnvironment.Handle, TestModels.AffineModel(), options);
        Assert.Equal(1, Ort.SessionGetInputCount(session));
        Assert.Equal(1, Ort.SessionGetOutputCount(session));
        Assert.Equal("input", Ort.SessionGetInputName(session, 0));
        Assert.Equal("output", Ort.SessionGetOutputName(session, 0));
        var input = Ort.SessionGetInputShape(session, 0);
        var output = Ort.SessionGetOutputShape(session, 0);
        Assert.Equal(OrtTensorShape.Float32, input.ElementType);
        Assert.Equal(new long[] { -1, 3, 2, 2 }, input.Dimensions);
        Assert.Equal(new long[] { -1, 3, 2, 2 }, output.Dimensions);
    }

    [Fact]
    public void Tensor_over_pinned_memory_shares_the_memory_and_reports_its_shape()
    {
        using var memory = Ort.CreateCpuMemoryInfo();
        float[] data = [1, 2, 3, 4, 5, 6];
        fixed (float* p = data)
        {
            using var value = Ort.CreateTensorOverFloats(memory, p, data.Length, new long[] { 2, 3 });
            Assert.True(Ort.GetTensorMutableData(value) == p, "CreateTensorWithDataAsOrtValue must not copy");
            var shape = Ort.GetTensorTypeAndShape(value);
            Assert.Equal(OrtTensorShape.Float32, shape.ElementType);
            Assert.Equal(new long[] { 2, 3 }, shape.Dimensions);
        }
    }

    [Fact]
    public void Run_with_an_ort_allocated_output_computes_the_model()
    {
        using var options = Ort.CreateSessionOptions();
        using var session = Ort.CreateSessionFromArray(OrtEnvironment.Handle, TestModels.AffineModel(), options);
        using var memory = Ort.CreateCpuMemoryInfo();
        float[] input = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        fixed (float* p = input)
        fixed (byte* inName = Ort.Utf8z("input"))
        fixed (byte* outName = Ort.Utf8z("output"))
        {
            using var inValue = Ort.CreateTensorOverFloats(memory, p, input.Length, new long[] { 1, 3, 2, 2 });
            using var outValue = Ort.Run(session, inName, inValue, outName, output: null)!;
            Assert.Equal(new long[] { 1, 3, 2, 2 }, Ort.GetTensorTypeAndShape(outValue).Dimensions);
            var result = new ReadOnlySpan<float>(Ort.GetTensorMutableData(outValue), 12).ToArray();
            Assert.Equal(input.Select(TestModels.Affine), result);
        }
    }

    [Fact]
    public void Io_binding_runs_into_a_bound_output_buffer()
    {
        using var options = Ort.CreateSessionOptions();
        using var session = Ort.CreateSessionFromArray(OrtEnvironment.Handle, TestModels.AffineModel(), options);
        using var memory = Ort.CreateCpuMemoryInfo();
        float[] input = Enumerable.Range(0, 24).Select(i => i * 0.5f).ToArray();
        float[] output = new float[24];
        fixed (float* pin = input)
        fixed (float* pout = output)
        {
            using var inValue = Ort.CreateTensorOverFloats(memory, pin, input.Length, new long[] { 2, 3, 2, 2 });
            using var outValue = Ort.CreateTensorOverFloats(memory, pout, output.Length, new long[] { 2, 3, 2, 2 });
            using var binding = Ort.CreateIoBinding(session);
            Ort.BindInput(binding, "input", inValue);
            Ort.BindOutput(binding, "output", outValue);
            Ort.RunWithBinding(session, binding);
        }
        Assert.Equal(input.Select(TestModels.Affine), output);
    }

    [Fact]
    public void Io_binding_rejects_an_unknown_input_name()
    {
        using var options = Ort.CreateSessionOptions();
        using var session = Ort.CreateSessionFromArray(OrtEnvironment.Handle, TestModels.AffineModel(), options);
        using var memory = Ort.CreateCpuMemoryInfo();
        float[] input = new float[12];
        fixed (float* p = input)
        {
            using var value = Ort.CreateTensorOverFloats(memory, p, input.Length, new long[] { 1, 3, 2, 2 });
            using var binding = Ort.CreateIoBinding(session);
            var error = Assert.Throws<OrtException>(() => Ort.BindInput(binding, "no_such_input", value));
            Assert.Equal("BindInput", error.Operation);
        }
    }

    // The CPU package is built without the TensorRT and CUDA bridges, so creating their option objects is refused by
    // the entry point itself. The other provider entry points (update, serialise, append, release) need a build with
    // the bridges: GpuPackageTests runs them against the GPU package.
    [Fact]
    public void TensorRt_and_cuda_option_objects_are_refused_by_the_cpu_build()
    {
        _ = OrtEnvironment.Handle;
        var trt = Assert.Throws<OrtException>(() => Ort.CreateTensorRtProviderOptions());
        Assert.Equal("CreateTensorRTProviderOptions", trt.Operation);
        Assert.Equal("TensorRT execution provider is not enabled in this build.", trt.OrtMessage.Trim());

        var cuda = Assert.Throws<OrtException>(() => Ort.CreateCudaProviderOptions());
        Assert.Equal("CreateCUDAProviderOptions", cuda.Operation);
        Assert.Equal("CUDA execution provider is not enabled in this build.", cuda.OrtMessage.Trim());

        OrtApi.Instance.ReleaseTensorRTProviderOptions(0); // Release* accept null, as the header documents
        OrtApi.Instance.ReleaseCUDAProviderOptions(0);
    }
}
