using System;
using LitDsl.Models;
using Xunit;

namespace LitDsl.Cli.Tests;

/// <summary>A batch is sized against the array limit and the process's memory before anything is allocated.</summary>
public sealed class BatchLimitTests
{
    [Fact]
    public void A_batch_whose_input_and_output_take_more_than_half_the_memory_is_a_usage_error()
    {
        var model = LitModelCatalog.Get("litv2-s");

        var error = Assert.Throws<CliException>(() => ModelSessions.BatchShape(model, 1000, memory: 1L << 30));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal("--batch 1000 is too large for litv2-s: its input and output alone take 606,112,000 bytes, more than half the 1,073,741,824 bytes this process may use", error.Message);
    }

    [Fact]
    public void A_batch_within_the_limits_gets_its_shape()
    {
        var model = LitModelCatalog.Get("litv2-s");

        Assert.Equal([800, 3, 224, 224], ModelSessions.BatchShape(model, 800, memory: 1L << 30));
    }
}
