namespace LitDsl.Runtime.Tensors;

/// <summary>Facts about <see cref="TensorDType"/> values that tools showing a weight file need.</summary>
public static class TensorDTypes
{
    /// <summary>The bytes one element takes in a file (8 for float64 and int64, 1 for int8, uint8 and bool).</summary>
    public static int Size(TensorDType type) => StoredElements.Size(type);

    /// <summary>torch's name for the type: <c>float32</c>, <c>bfloat16</c>, <c>int64</c>, <c>bool</c>, ….</summary>
    public static string TorchName(TensorDType type) => type.ToString().ToLowerInvariant();
}
