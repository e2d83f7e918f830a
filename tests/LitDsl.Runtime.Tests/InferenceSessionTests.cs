using System.Threading;
using System.Threading.Tasks;

namespace LitDsl.Runtime.Tests;

public sealed class InferenceSessionTests
{
    private static float[] Ramp(int count, float scale = 0.25f) => Enumerable.Range(0, count).Select(i => i * scale - 3f).ToArray();

    [Fact]
    public void Auto_falls_back_to_cpu_and_records_why_tensorrt_and_cuda_were_refused()
    {
        using var session = InferenceSession.Create(TestModels.AffineModel());
        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.Equal(new[] { ExecutionProvider.TensorRT, ExecutionProvider.Cuda }, session.RefusedProviders.Select(r => r.Provider));
        Assert.All(session.RefusedProviders, r => Assert.EndsWith("execution provider is not enabled in this build.", r.Summary));
    }

    [Fact]
    public void Refused_tensorrt_leaves_no_cache_folders_behind()
    {
        string root = Path.Combine(Path.GetTempPath(), $"litdsl-trt-{Guid.NewGuid():N}");
        var options = new InferenceOptions
        {
            TensorRt = new TensorRtOptions { Fp16 = true, EngineCacheDirectory = Path.Combine(root, "engines"), TimingCacheDirectory = Path.Combine(root, "timing") },
        };
        using var session = InferenceSession.Create(TestModels.AffineModel(), options);
        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Explicit_cpu_has_no_refusals()
    {
        using var session = InferenceSession.Create(TestModels.AffineModel(), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.Empty(session.RefusedProviders);
        Assert.Equal("input", session.InputName);
        Assert.Equal("output", session.OutputName);
        Assert.Equal(new long[] { -1, 3, 2, 2 }, session.InputDimensions);
    }

    [Theory]
    [InlineData(ExecutionProvider.TensorRT)]
    [InlineData(ExecutionProvider.Cuda)]
    public void Explicit_gpu_provider_that_is_unavailable_throws_with_the_reason(ExecutionProvider provider)
    {
        var error = Assert.Throws<ExecutionProviderUnavailableException>(
            () => InferenceSession.Create(TestModels.AffineModel(), new InferenceOptions { Provider = provider }));
        Assert.Equal(provider, error.Provider);
        Assert.Contains("execution provider is not enabled in this build", error.Message);
        Assert.IsType<OrtException>(error.InnerException);
    }

    [Fact]
    public void RunAll_returns_every_output_named_at_the_size_each_input_gives_it()
    {
        using var session = InferenceSession.Create(TestModels.TwoOutputModel(),
            new InferenceOptions { Provider = ExecutionProvider.Cpu, Parallelism = CpuParallelism.Batch, IntraOpThreads = 2 });
        Assert.Equal(["scaled", "flat"], session.OutputNames);
        Assert.Equal(1, session.BatchParts);
        Assert.Equal(new long[] { -1, 3, -1, -1 }, session.InputDimensions);

        // One session, two input sizes.
        foreach (var (height, width) in new[] { (5, 7), (2, 3) })
        {
            var input = Ramp(2 * 3 * height * width);
            var outputs = session.RunAll(input, [2, 3, height, width]);
            Assert.Equal(["scaled", "flat"], outputs.Select(o => o.Name));
            Assert.Equal([2, 3, height, width], outputs[0].Shape);
            Assert.Equal(input.Select(x => x * 2), outputs[0].Data);
            Assert.Equal([2, 3 * height * width], outputs[1].Shape);
            Assert.Equal(input, outputs[1].Data);
        }

        var error = Assert.Throws<NotSupportedException>(() => session.Run(new float[12], [1, 3, 2, 2]));
        Assert.Contains("2 outputs (scaled, flat); run it with RunAll", error.Message);
        Assert.Equal([1, 3, 4, 4], session.Compile([1, 3, 4, 4]).InputShape);
        Assert.Throws<InvalidOperationException>(() => session.Compile());
    }

    [Fact]
    public void RunAll_on_a_model_of_one_output_returns_it_named()
    {
        using var session = InferenceSession.Create(TestModels.AffineModel(), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        var input = Ramp(12);
        var output = Assert.Single(session.RunAll(input, [1, 3, 2, 2]));
        Assert.Equal("output", output.Name);
        var single = session.Run(input, [1, 3, 2, 2]);
        Assert.Equal(single.Name, output.Name);
        Assert.Equal(single.Shape, output.Shape);
        Assert.Equal(single.Data, output.Data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Run_computes_the_model_for_any_batch(int batch)
    {
        using var session = InferenceSession.Create(TestModels.AffineModel(), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        float[] input = Ramp(batch * 12);
        var output = session.Run(input, [batch, 3, 2, 2]);
        Assert.Equal(new[] { batch, 3, 2, 2 }, output.Shape);
        Assert.Equal(input.Select(TestModels.Affine), output.Data);
    }

    [Fact]
    public void Run_into_a_caller_buffer_writes_in_place_and_returns_the_shape()
    {
        using var session = InferenceSession.Create(TestModels.AffineModel(), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        float[] input = Ramp(24);
        float[] buffer = Enumerable.Repeat(float.NaN, 30).ToArray();
        int[] shape = session.Run(input, [2, 3, 2, 2], buffer);
        Assert.Equal(new[] { 2, 3, 2, 2 }, shape);
        Assert.Equal(input.Select(TestModels.Affine), buffer.Take(24));
        Assert.All(buffer.Skip(24), v => Assert.True(float.IsNaN(v), "only the output's elements are written"));
    }

    [Fact]
    public void Output_with_unknown_size_is_allocated_after_running()
    {
        using var session = InferenceSession.Create(TestModels.FlattenModelWithSymbolicFeatures(), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        Assert.Equal(new long[] { -1, -1 }, session.OutputDimensions);
        float[] input = Ramp(3 * 3 * 2 * 5);
        var output = session.Run(input, [3, 3, 2, 5]);
        Assert.Equal(new[] { 3, 30 }, output.Shape);
        Assert.Equal(input, output.Data);
        Assert.Throws<NotSupportedException>(() => session.Run(input, [3, 3, 2, 5], new float[90]));
    }

    [Fact]
    public void Wrong_input_shape_or_length_is_a_clear_error_naming_the_input()
    {
        using var session = InferenceSession.Create(TestModels.AffineModel(), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        var rank = Assert.Throws<ArgumentException>(() => session.Run(new float[12], [1, 12]));
        Assert.Contains("'input'", rank.Message);
        Assert.Contains("rank 4 [batchx3x2x2]", rank.Message);

        var dim = Assert.Throws<ArgumentException>(() => session.Run(new float[16], [1, 4, 2, 2]));
        Assert.Contains("dimension 1", dim.Message);

        var length = Assert.Throws<ArgumentException>(() => session.Run(new float[11], [1, 3, 2, 2]));
        Assert.Contains("11 floats", length.Message);
        Assert.Contains("needs 12", length.Message);

        var small = Assert.Throws<ArgumentException>(() => session.Run(new float[12], [1, 3, 2, 2], new float[5]));
        Assert.Contains("'output'", small.Message);
    }

    [Fact]
    public void Concurrent_runs_from_eight_threads_give_identical_results()
    {
        using var session = InferenceSession.Create(TestModels.AffineModel(), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        const int Threads = 8;
        const int RunsPerThread = 50;
        float[][] inputs = Enumerable.Range(0, Threads).Select(t => Ramp((t + 1) * 12, 0.1f * (t + 1))).ToArray();
        float[][] expected = inputs.Select(i => i.Select(TestModels.Affine).ToArray()).ToArray();
        using var start = new Barrier(Threads);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            start.SignalAndWait();
            var buffer = new float[inputs[t].Length];
            for (int run = 0; run < RunsPerThread; run++)
            {
                float[] result = run % 2 == 0
                    ? session.Run(inputs[t], [t + 1, 3, 2, 2]).Data
                    : RunInto(session, inputs[t], t + 1, buffer);
                if (!result.SequenceEqual(expected[t]))
                {
                    failures.Add($"thread {t} run {run}");
                }
            }
        });
        Assert.Empty(failures);
    }

    private static float[] RunInto(InferenceSession session, float[] input, int batch, float[] buffer)
    {
        session.Run(input, [batch, 3, 2, 2], buffer);
        return buffer;
    }

    [Fact]
    public void Compile_on_cpu_warms_up_and_reports_no_engine_cache()
    {
        using var session = InferenceSession.Create(TestModels.AffineModel(), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        var report = session.Compile();
        Assert.Equal(ExecutionProvider.Cpu, report.Provider);
        Assert.Equal(new[] { 1, 3, 2, 2 }, report.InputShape);
        Assert.Null(report.EngineCacheDirectory);
    }

    [Fact]
    public void Session_options_are_applied()
    {
        string optimized = Path.Combine(Path.GetTempPath(), $"litdsl-session-{Guid.NewGuid():N}.onnx");
        try
        {
            var options = new InferenceOptions
            {
                Provider = ExecutionProvider.Cpu,
                IntraOpThreads = 1,
                InterOpThreads = 1,
                CpuMemoryArena = false,
                GraphOptimizationLevel = GraphOptimizationLevel.Extended,
                OptimizedModelPath = optimized,
            };
            using var session = InferenceSession.Create(TestModels.AffineModel(), options);
            Assert.True(File.Exists(optimized));
            Assert.Equal(new[] { 3f }, session.Run([1f, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 3, 2, 2]).Data.Distinct());
        }
        finally
        {
            File.Delete(optimized);
        }
    }

    [Fact]
    public void Invalid_model_bytes_fail_with_ort_error()
    {
        var error = Assert.Throws<OrtException>(() => InferenceSession.Create([0x0a, 0xff, 0x01], new InferenceOptions { Provider = ExecutionProvider.Cpu }));
        Assert.Equal("CreateSessionFromArray", error.Operation);
    }

    [Fact]
    public void Run_after_dispose_throws_ObjectDisposedException()
    {
        var session = InferenceSession.Create(TestModels.AffineModel(), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(new float[12], [1, 3, 2, 2]));
    }
}
