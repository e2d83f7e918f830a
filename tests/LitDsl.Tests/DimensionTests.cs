using System;
using System.Linq;
using LitDsl.Graph;
using LitDsl.Onnx;
using LitDsl.Runtime;
using Xunit;

namespace LitDsl.Tests;

/// <summary>
/// Symbolic dimensions: their arithmetic (constants folded, one formula per size however it is reached, the value at
/// the traced size carried along), and what the builder emits for them — a reshape copies, infers or computes each
/// size, a pad and a crop computed from the input's Shape — checked by running one graph at several sizes.
/// </summary>
public sealed class DimensionTests
{
    private static readonly Dimension Height = Dimension.Symbol("height", 50);
    private static readonly Dimension Width = Dimension.Symbol("width", 87);

    [Fact]
    public void Arithmetic_folds_constants_and_gives_one_formula_per_size()
    {
        Assert.True(((Dimension)6 * 7).IsFixed);
        Assert.Equal(42, ((Dimension)6 * 7).Value);
        Assert.Equal("floor((height+3)/4)", Height.CeilDivide(4).ToString());
        Assert.Equal(13, Height.CeilDivide(4).Value);
        // A pyramid's map: ⌊⌊(h + 3) / 4⌋ / 2⌋ = ⌊(h + 3) / 8⌋, the same dimension as the formula written directly.
        Assert.Equal((Height + 3).FloorDivide(8), Height.CeilDivide(4).FloorDivide(2));
        // A patch or merging convolution (kernel = stride, no padding) floors: the DTM's output is ⌊h / 2⌋.
        Assert.Equal(Height.FloorDivide(2), Height.ConvolutionOutput(2, 2, 0));
        // A map padded to whole windows, cut into its windows, is ⌈h / s⌉ windows.
        Assert.Equal(Height.CeilDivide(4), Height.RoundUp(4).FloorDivide(4));
        Assert.Equal(Height * Width, Width * Height);
        Assert.Equal(Height, Height.RoundUp(1));
        Assert.Equal(Dimension.Fixed(0), Height - Height);
        Assert.Equal(52 - 50, (Height.RoundUp(4) - Height).Value);
        Assert.Equal(GraphBuilder.Batch, (Dimension.Batch * 6).Value);
        Assert.True((Dimension.Batch * 6).DependsOnBatch);
        Assert.Throws<ArgumentOutOfRangeException>(() => Dimension.Fixed(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Height.FloorDivide(0));
        Assert.Same(Dimension.Batch, Dimension.Symbol("batch", 1));
    }

    [Fact]
    public void A_reshape_copies_infers_or_computes_each_symbolic_size()
    {
        var graph = new GraphBuilder("reshape", new SeededWeights());
        var x = graph.Input("input", Height, Width, 2);
        // [B, h, w, 2] → [B, h·w, 2]: batch copied, h·w inferred; then back to [B, h, w, 2]: w computed from the input.
        var tokens = graph.Reshape(x, GraphBuilder.Batch, Height * Width, 2);
        var map = graph.Reshape(graph.Transpose(tokens, 0, 2, 1), GraphBuilder.Batch, 2, Height, Width);
        graph.Output(map, "output");
        var finished = graph.Finish();

        Assert.Equal([0L, -1L, 2L], ConstantOf(finished, finished.Nodes.First(n => n.OpType == "Reshape").Inputs[1]));
        var shape = finished.Nodes.Single(n => n.OpType == "Shape");
        Assert.Equal(["input"], shape.Inputs);
        using var session = InferenceSession.Create(OnnxWriter.Write(finished), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        foreach (var (h, w) in new[] { (3, 5), (1, 7), (4, 4) })
        {
            var input = Enumerable.Range(0, 2 * h * w * 2).Select(i => (float)i).ToArray();
            var output = Assert.Single(session.RunAll(input, [2, h, w, 2]));
            Assert.Equal([2, 2, h, w], output.Shape);
            // Channel c of position (i, j) of sample b is input[b, i, j, c].
            Assert.Equal(input[(1 * h * w + (h - 1) * w + (w - 1)) * 2 + 1], output.Data[((1 * 2 + 1) * h + (h - 1)) * w + (w - 1)]);
        }
    }

    [Fact]
    public void A_pad_to_whole_windows_and_the_crop_back_follow_the_input_size()
    {
        var graph = new GraphBuilder("pad", new SeededWeights());
        var x = graph.Input("input", Height, Width, 1);
        var padded = graph.PadEnd(x, 0, Height.RoundUp(4) - Height, Width.RoundUp(4) - Width, 0);
        graph.Output(graph.SliceStart(padded, [1, 2], [Height, Width]), "cropped");
        graph.Output(padded, "padded");
        var finished = graph.Finish();

        Assert.Equal(["batch", "floor((height+3)/4)*4", "floor((width+3)/4)*4", "1"], finished.Outputs[1].Dimensions.Select(d => d.ToString()));
        using var session = InferenceSession.Create(OnnxWriter.Write(finished), new InferenceOptions { Provider = ExecutionProvider.Cpu });
        foreach (var (h, w) in new[] { (5, 7), (8, 4), (1, 1) })
        {
            var input = Enumerable.Range(1, h * w).Select(i => (float)i).ToArray();
            var outputs = session.RunAll(input, [1, h, w, 1]);
            Assert.Equal([1, h, w, 1], outputs[0].Shape);
            Assert.Equal(input, outputs[0].Data);
            var (ph, pw) = ((h + 3) / 4 * 4, (w + 3) / 4 * 4);
            Assert.Equal([1, ph, pw, 1], outputs[1].Shape);
            Assert.Equal(input.Sum(), outputs[1].Data.Sum());
            Assert.Equal(0f, outputs[1].Data[ph * pw - 1] * (ph > h || pw > w ? 1 : 0));
        }
    }

    [Fact]
    public void A_graph_of_fixed_sizes_computes_none()
    {
        var graph = new GraphBuilder("fixed", new SeededWeights());
        var (h, w) = (Dimension.Fixed(50), Dimension.Fixed(87));
        var x = graph.Input("input", h, w, 1);
        graph.Output(graph.SliceStart(graph.PadEnd(x, 0, h.RoundUp(4) - h, w.RoundUp(4) - w, 0), [1, 2], [h, w]), "output");
        var finished = graph.Finish();

        Assert.DoesNotContain(finished.Nodes, n => n.OpType is "Shape" or "Concat" or "Div");
        Assert.Equal([0L, 0L, 0L, 0L, 0L, 2L, 1L, 0L], ConstantOf(finished, finished.Nodes.Single(n => n.OpType == "Pad").Inputs[1]));
    }

    private static long[] ConstantOf(ModelGraph graph, string name) => graph.Initializers.Single(i => i.Name == name).Int64Data!;
}
