namespace LitDsl.Runtime.Weights;

/// <summary>Shapes as messages write them: <c>[96, 3, 4, 4]</c>, <c>[]</c> for a scalar.</summary>
internal static class ShapeText
{
    internal static string Of(int[] shape) => "[" + string.Join(", ", shape) + "]";
}
