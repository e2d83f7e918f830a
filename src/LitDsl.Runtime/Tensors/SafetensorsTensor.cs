namespace LitDsl.Runtime.Tensors;

/// <summary>A tensor of a memory-mapped .safetensors file; its bytes are converted when read.</summary>
public sealed class SafetensorsTensor : IStoredTensor
{
    private readonly MappedSafetensorsFile file;
    private readonly SafetensorsEntry entry;

    internal SafetensorsTensor(MappedSafetensorsFile file, SafetensorsEntry entry)
    {
        this.file = file;
        this.entry = entry;
    }

    /// <summary>The tensor's name in the header.</summary>
    public string Name => entry.Name;

    /// <inheritdoc />
    public TensorDType DType => entry.DType;

    /// <inheritdoc />
    public int[] Shape => entry.Shape;

    /// <inheritdoc />
    public FloatTensor ReadFloat32() => file.Read(entry);
}
