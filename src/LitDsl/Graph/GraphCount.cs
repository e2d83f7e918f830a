namespace LitDsl.Graph;

/// <summary>
/// The work a built graph's operators do, counted from each node and the shapes of its operands when the builder
/// adds it, per sample: the second count beside the generator's reference-convention FLOPs, independent of the cost
/// formulas because it reads only the operators the blocks actually emitted. <c>docs/graph-count.md</c> lists where
/// the two conventions count different work.
/// </summary>
/// <param name="MultiplyAccumulates">Multiply-accumulates of MatMul, Gemm, Conv and DeformConv: M·K·N of a product,
/// output elements × (input channels / groups) × kernel² of a convolution. What actually executes as matrix work.</param>
/// <param name="NormalizedElements">Elements that LayerNormalization and BatchNormalization normalise.</param>
/// <param name="BiasAdditions">Bias additions of Gemm, Conv and DeformConv: one per output element.</param>
public readonly record struct GraphCount(long MultiplyAccumulates, long NormalizedElements, long BiasAdditions)
{
    public static GraphCount operator +(GraphCount a, GraphCount b) =>
        new(checked(a.MultiplyAccumulates + b.MultiplyAccumulates), checked(a.NormalizedElements + b.NormalizedElements),
            checked(a.BiasAdditions + b.BiasAdditions));
}
