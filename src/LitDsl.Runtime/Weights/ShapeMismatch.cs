namespace LitDsl.Runtime.Weights;

/// <summary>A tensor the model and the file both have, with different shapes.</summary>
public sealed record ShapeMismatch(string Name, int[] FileShape, int[] ModelShape)
{
    /// <summary><c>name (file [..], model [..])</c>.</summary>
    public override string ToString() => $"{Name} (file {ShapeText.Of(FileShape)}, model {ShapeText.Of(ModelShape)})";
}
