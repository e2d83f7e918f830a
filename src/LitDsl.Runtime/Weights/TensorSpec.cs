namespace LitDsl.Runtime.Weights;

/// <summary>A tensor's state_dict name and shape.</summary>
public sealed record TensorSpec(string Name, int[] Shape)
{
    /// <summary><c>name [d0, d1, …]</c>.</summary>
    public override string ToString() => $"{Name} {ShapeText.Of(Shape)}";
}
