namespace LitDsl.Runtime;

/// <summary>One output tensor: float32 values in C order and the shape they have.</summary>
public sealed record InferenceOutput(float[] Data, int[] Shape);
