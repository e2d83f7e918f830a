namespace LitDsl.Runtime.Tensors;

/// <summary>
/// A tensor in a weight file (PyTorch checkpoint, safetensors) whose values are read only when asked for: opening a
/// file and checking names and shapes costs no tensor data.
/// </summary>
public interface IStoredTensor
{
    /// <summary>The element type stored in the file.</summary>
    TensorDType DType { get; }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    int[] Shape { get; }

    /// <summary>Reads the values, converted to float32, in C (row-major) order.</summary>
    /// <exception cref="LitDslFormatException">The data cannot be read (the message names the file).</exception>
    FloatTensor ReadFloat32();
}
