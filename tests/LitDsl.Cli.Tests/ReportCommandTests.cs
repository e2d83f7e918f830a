using System.Linq;
using System.Text.Json;
using Xunit;

namespace LitDsl.Cli.Tests;

/// <summary><c>report --json --graph</c>: the graph's own count beside the reference FLOPs, per model and layer.</summary>
public sealed class ReportCommandTests
{
    [Fact]
    public void The_graph_count_stands_beside_the_flops_for_every_model_and_layer()
    {
        var result = CliResult.Of("report", "--json", "--layers", "--graph");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.NotEmpty(models);
        foreach (var model in models)
        {
            var layers = model.GetProperty("layers").EnumerateArray().ToList();
            var macs = model.GetProperty("graph").GetProperty("multiplyAccumulates").GetInt64();
            // The model's count is its layers' (the graph output's Identity does no work).
            Assert.Equal(macs, layers.Sum(l => l.GetProperty("graph").GetProperty("multiplyAccumulates").GetInt64()));
            Assert.True(macs > 0);
        }
        // MSA as one layer: every FLOP the reference counts is a multiply-accumulate the graph executes, and no more.
        var msa = models.Single(m => m.GetProperty("name").GetString() == "attn-msa");
        Assert.Equal(msa.GetProperty("flops").GetInt64(), msa.GetProperty("graph").GetProperty("multiplyAccumulates").GetInt64());
    }

    [Fact]
    public void Without_graph_the_report_builds_nothing()
    {
        var result = CliResult.Of("report", "--json");
        using var json = JsonDocument.Parse(result.Output);
        Assert.All(json.RootElement.GetProperty("models").EnumerateArray(), m => Assert.False(m.TryGetProperty("graph", out _)));
    }
}
