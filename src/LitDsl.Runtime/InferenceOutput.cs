namespace LitDsl.Runtime;

/// <summary>One output tensor: float32 values in C order and the shape they have.</summary>
public sealed record InferenceOutput(float[] Data, int[] Shape)
{
    /// <summary>The model output's name (<c>logits</c>, a backbone's <c>out0</c> …); set by the session.</summary>
    public string Name { get; init; } = "";
}
