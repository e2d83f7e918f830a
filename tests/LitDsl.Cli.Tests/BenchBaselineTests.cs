using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace LitDsl.Cli.Tests;

/// <summary><c>bench --baseline</c>, <c>--ceiling</c> and <c>--cache</c>.</summary>
public sealed class BenchBaselineTests
{
    private static readonly string[] Quick = ["--provider", "cpu", "--threads", "1", "--seconds", "0", "--min-runs", "3", "--warmup", "1"];

    [Fact]
    public void Baseline_and_ceiling_are_timed_in_the_same_run_and_reported_in_json()
    {
        using var temp = new TempDirectory();
        var baseline = temp.File("hilo-demo.other.onnx");
        Assert.Equal(0, CliResult.Of("export", "hilo-demo", "-o", baseline, "--seed", "7").ExitCode);

        var result = CliResult.Of(["bench", "hilo-demo", "--baseline", baseline, "--ceiling", "--json", .. Quick]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var ceiling = json.RootElement.GetProperty("ceilingGflopsPerSecond").GetDouble();
        Assert.True(ceiling > 0);
        var run = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray());
        var other = Assert.Single(run.GetProperty("baselines").EnumerateArray());
        Assert.Equal(baseline, other.GetProperty("file").GetString());
        Assert.Equal(run.GetProperty("runs").GetInt32(), other.GetProperty("runs").GetInt32());
        // The ceiling's MatMul ran once in every round the model and the baseline ran in.
        Assert.Equal(run.GetProperty("runs").GetInt32(), json.RootElement.GetProperty("ceilingRuns").GetInt32());
        var (ours, theirs) = (run.GetProperty("imagesPerSecond").GetDouble(), other.GetProperty("imagesPerSecond").GetDouble());
        Assert.Equal(ours / theirs, other.GetProperty("modelSpeedup").GetDouble(), 9);
        // Paired by round: the median of baseline ÷ model latency over the rounds (3 here, so the middle ratio).
        double[] Latencies(JsonElement e) => [.. e.GetProperty("latenciesMs").EnumerateArray().Select(l => l.GetDouble())];
        var ratios = Latencies(other).Zip(Latencies(run), (b, m) => b / m).Order().ToArray();
        Assert.Equal(3, ratios.Length);
        Assert.Equal(ratios[1], other.GetProperty("modelSpeedupPaired").GetDouble(), 12);
        // Fraction of the ceiling = MACs × 2 × images/s ÷ ceiling, for the model and the baseline (charged the same MACs).
        Assert.Equal(run.GetProperty("flops").GetInt64() * 2.0 * ours / 1e9 / ceiling,
            run.GetProperty("fractionOfCeiling").GetDouble(), 9);
        Assert.Equal(run.GetProperty("flops").GetInt64() * 2.0 * theirs / 1e9 / ceiling,
            other.GetProperty("fractionOfCeiling").GetDouble(), 9);
        Assert.True(other.GetProperty("sessionCreationMs").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("peakMemoryBytes").GetInt64() > 0);
    }

    [Fact]
    public void A_ceiling_timed_beside_a_model_has_the_pools_spin_during_runs_only()
    {
        string Spinning(params string[] extra)
        {
            var result = CliResult.Of(["bench", "hilo-demo", "--json", .. Quick, .. extra]);
            Assert.True(result.ExitCode == 0, result.Error);
            using var json = JsonDocument.Parse(result.Output);
            return json.RootElement.GetProperty("threadSpinning").GetString()!;
        }

        Assert.Equal("always", Spinning());
        Assert.Equal("during-runs", Spinning("--ceiling"));
        // Asking for less spinning than that is kept.
        Assert.Equal("never", Spinning("--ceiling", "--spin", "never"));
        Assert.Equal("during-runs", Spinning("--spin", "during-runs"));
    }

    [Fact]
    public void Batch_parallelism_is_reported_and_the_ceiling_is_timed_in_the_same_rounds()
    {
        var result = CliResult.Of("bench", "hilo-demo", "--json", "--ceiling", "--parallel", "batch", "--batch", "3",
            "--provider", "cpu", "--threads", "2", "--seconds", "0", "--min-runs", "3", "--max-runs", "3", "--warmup", "1");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("batch", root.GetProperty("parallelism").GetString());
        // Two forms of the MatMul share the rounds, so no pool may spin into the other's run.
        Assert.Equal("during-runs", root.GetProperty("threadSpinning").GetString());
        var run = root.GetProperty("results")[0];
        Assert.Equal(3, run.GetProperty("runs").GetInt32());
        Assert.Equal(3, root.GetProperty("ceilingRuns").GetInt32());
        Assert.True(root.GetProperty("ceilingGflopsPerSecond").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--parallel", "lanes", "operators")]
    [InlineData("--spin", "sometimes", "during-runs")]
    public void An_unknown_choice_is_refused_with_the_choices(string option, string value, string aChoice)
    {
        var result = CliResult.Of("bench", "hilo-demo", option, value, "--provider", "cpu");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(value, result.Error, System.StringComparison.Ordinal);
        Assert.Contains(aChoice, result.Error, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Ceiling_alone_prints_the_matmul_rate()
    {
        var result = CliResult.Of(["bench", "--ceiling", .. Quick]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("GFLOP/s", result.Output, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Second_start_with_a_cache_loads_the_saved_optimised_model()
    {
        using var temp = new TempDirectory();
        string[] args = ["bench", "hilo-demo", "--cache", temp.Path, "--json", .. Quick];
        string State(CliResult r)
        {
            Assert.True(r.ExitCode == 0, r.Error);
            using var json = JsonDocument.Parse(r.Output);
            return json.RootElement.GetProperty("results")[0].GetProperty("startupCache").GetString()!;
        }
        Assert.Equal("saved", State(CliResult.Of(args)));
        Assert.Equal("loaded", State(CliResult.Of(args)));
        Assert.Single(Directory.GetFiles(Path.Combine(temp.Path, "ort"), "*.onnx"));
    }

    [Fact]
    public void Baseline_errors_are_one_line()
    {
        using var temp = new TempDirectory();
        var missing = CliResult.Of(["bench", "hilo-demo", "--baseline", temp.File("none.onnx"), .. Quick]);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith($"error: --baseline {temp.File("none.onnx")}: does not exist", missing.Error, System.StringComparison.Ordinal);

        var two = CliResult.Of(["bench", "hilo-demo", "litv2-s", "--baseline", temp.File("none.onnx"), .. Quick]);
        Assert.Equal(2, two.ExitCode);
        Assert.Contains("exactly one model", two.Error, System.StringComparison.Ordinal);

        // A file that is not a model, and a model with another input shape.
        var garbage = temp.File("garbage.onnx");
        File.WriteAllBytes(garbage, [1, 2, 3]);
        var bad = CliResult.Of(["bench", "hilo-demo", "--baseline", garbage, .. Quick]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Single(bad.Error.TrimEnd().Split('\n'));

        var other = temp.File("other.onnx");
        var graph = new LitDsl.Graph.GraphBuilder("other", new LitDsl.Graph.SeededWeights(0));
        graph.Output(graph.Gelu(graph.Input("input", 3, 4)), "output");
        File.WriteAllBytes(other, LitDsl.Onnx.OnnxWriter.Write(graph.Finish()));
        var shape = CliResult.Of(["bench", "hilo-demo", "--baseline", other, .. Quick]);
        Assert.Equal(1, shape.ExitCode);
        Assert.Contains("takes input", shape.Error, System.StringComparison.Ordinal);
    }
}
