using LitDsl.Graph;

namespace LitDsl.Blocks;

/// <summary>An <c>nn.Linear</c>'s declared parameters: weight [out, in] and, when it has one, bias [out].</summary>
public readonly record struct LinearParameters(TensorValue Weight, TensorValue? Bias);
