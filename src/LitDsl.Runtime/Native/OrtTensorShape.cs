namespace LitDsl.Runtime.Native;

/// <summary>
/// Element type (<c>ONNXTensorElementDataType</c> value; 1 is float32) and dimensions of a tensor as ORT reports them;
/// a symbolic dimension (such as the batch) is -1.
/// </summary>
internal sealed record OrtTensorShape(int ElementType, long[] Dimensions)
{
    /// <summary><c>ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT</c>.</summary>
    internal const int Float32 = 1;
}
