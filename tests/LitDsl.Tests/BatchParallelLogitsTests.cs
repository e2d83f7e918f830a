using System;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Runtime;
using LitDsl.Tests.Parity;
using Xunit;

namespace LitDsl.Tests;

/// <summary>
/// A whole LITv2 (the tiny parity model: HiLo, DTM's deformable convolutions, the ConvFFN) run with the batch cut into
/// parts (<see cref="CpuParallelism.Batch"/>) gives the logits of the same batch run whole.
/// </summary>
public sealed class BatchParallelLogitsTests
{
    [Fact]
    public void Cutting_the_batch_into_parts_leaves_the_logits_as_they_are()
    {
        var builder = new GraphBuilder(TinyLitV2.Info.Name, new SeededWeights(5));
        TinyLitV2.Info.Build(builder);
        var model = OnnxWriter.Write(builder.Finish());
        const int batch = 5;
        var random = new Random(3);
        var input = Enumerable.Range(0, batch * 3 * 64 * 64).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        int[] shape = [batch, 3, 64, 64];

        using var whole = InferenceSession.Create(model, new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 2 });
        using var parts = InferenceSession.Create(model,
            new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 2, Parallelism = CpuParallelism.Batch });
        var expected = whole.Run(input, shape);
        var actual = parts.Run(input, shape);

        Assert.Equal(expected.Shape, actual.Shape);
        var scale = expected.Data.Max(Math.Abs);
        var worst = expected.Data.Zip(actual.Data, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-5 * scale, $"max |Δ| {worst} against max |logit| {scale}");
    }
}
