using System;
using Xunit;

namespace LitDsl.Cli.Tests;

/// <summary>Bad arguments give exit code 2 and exactly one error line, whatever the command.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("no-such-command")]
    [InlineData("report", "--no-such-option")]
    [InlineData("export", "litv2-s")]
    [InlineData("export", "no-such-model", "-o", "x.onnx")]
    public void Bad_arguments_exit_2_with_one_error_line(params string[] args)
    {
        var result = CliResult.Of(args);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Error.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Unknown_model_error_lists_the_known_names()
    {
        var result = CliResult.Of("export", "litv2-xl", "-o", "x.onnx");

        Assert.Contains("'litv2-xl'", result.Error, StringComparison.Ordinal);
        Assert.Contains("litv2-s", result.Error, StringComparison.Ordinal);
    }
}
