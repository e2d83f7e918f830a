using System;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace LitDsl.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public void Json_reports_the_provider_the_runs_and_why_earlier_providers_were_refused()
    {
        var result = CliResult.Of("bench", "hilo-demo", "--batch", "2", "--threads", "2", "--json", "--seconds", "0", "--min-runs", "3");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("batch").GetInt32());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        var run = Assert.Single(root.GetProperty("results").EnumerateArray());
        Assert.Equal("hilo-demo", run.GetProperty("model").GetString());
        Assert.Equal(516_480, run.GetProperty("parameters").GetInt64());
        Assert.True(run.GetProperty("runs").GetInt32() >= 3);
        var median = run.GetProperty("medianLatencyMs").GetDouble();
        Assert.True(median > 0);
        Assert.Equal(2 * 1000 / median, run.GetProperty("imagesPerSecond").GetDouble(), 6);

        // Auto asks for TensorRT, then CUDA: whatever the session got, every provider before it has a reason.
        var chain = new[] { "tensorrt", "cuda", "cpu" };
        var got = Array.IndexOf(chain, run.GetProperty("provider").GetString());
        Assert.True(got >= 0);
        var refused = run.GetProperty("refusedProviders").EnumerateArray().ToArray();
        Assert.Equal(chain[..got], refused.Select(r => r.GetProperty("provider").GetString()));
        Assert.All(refused, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString())));
    }

    [Fact]
    public void The_table_names_each_refused_provider_and_that_the_cpu_package_has_no_gpu_providers()
    {
        var result = CliResult.Of("bench", "hilo-demo", "--seconds", "0", "--min-runs", "1", "--warmup", "1");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n');
        Assert.Contains("tensorrt refused: TensorRT execution provider is not enabled in this build.", lines);
        Assert.Contains("cuda refused: CUDA execution provider is not enabled in this build.", lines);
        Assert.Contains("(this ONNX Runtime is a CPU build: reference the LitDsl.Runtime.Gpu package, or set LITDSL_ONNXRUNTIME to a GPU build's libonnxruntime.so; see README, \"The NVIDIA GPU build\")", lines);
    }

    [Fact]
    public void Several_models_give_one_table_row_each()
    {
        var result = CliResult.Of("bench", "hilo-demo", "hilo-demo", "--provider", "cpu", "--seconds", "0", "--min-runs", "1", "--warmup", "1");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(2, result.Output.Split('\n').Count(line => line.Contains("hilo-demo", StringComparison.Ordinal)));
        Assert.Contains("images/s", result.Output, StringComparison.Ordinal);
        Assert.Contains("hilo-demo: batch 1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Interleaved_models_get_the_same_number_of_runs_and_one_row_each()
    {
        var result = CliResult.Of("bench", "attn-hilo", "hilo-demo", "--interleave", "--provider", "cpu", "--json",
            "--seconds", "0", "--min-runs", "3", "--max-runs", "3", "--warmup", "1");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("during-runs", json.RootElement.GetProperty("threadSpinning").GetString());
        var rows = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(new[] { "attn-hilo", "hilo-demo" }, rows.Select(r => r.GetProperty("model").GetString()));
        Assert.All(rows, r => Assert.Equal(3, r.GetProperty("runs").GetInt32()));
        Assert.Contains("interleaved", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--batch", "0")]
    [InlineData("--threads", "-1")]
    [InlineData("--provider", "tpu")]
    [InlineData("--seconds", "-5")]
    [InlineData("--batch", "many")]
    public void A_bad_option_exits_2_with_one_line(string option, string value)
    {
        var result = CliResult.Of("bench", "hilo-demo", option, value);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains(option.TrimStart('-'), line, StringComparison.Ordinal);
    }
}
