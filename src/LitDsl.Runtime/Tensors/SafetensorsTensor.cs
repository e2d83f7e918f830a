namespace LitDsl.Runtime.Tensors;

/// <summary>A tensor of a memory-mapped .safetensors file; its bytes are converted when read.</summary>
public sealed class SafetensorsTensor : IStoredTensor
{
    private readonly MappedSafetensorsFile _file;
    private readonly SafetensorsEntry _entry;

    internal SafetensorsTensor(MappedSafetensorsFile file, SafetensorsEntry entry)
    {
        _file = file;
        _entry = entry;
    }

    /// <summary>The tensor's name in the header.</summary>
    public string Name => _entry.Name;

    /// <inheritdoc />
    public TensorDType DType => _entry.DType;

    /// <inheritdoc />
    public int[] Shape => _entry.Shape;

    /// <inheritdoc />
    public FloatTensor ReadFloat32() => _file.Read(_entry);
}
