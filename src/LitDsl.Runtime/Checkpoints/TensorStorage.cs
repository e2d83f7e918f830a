using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// One storage of a checkpoint (<c>&lt;archive&gt;/data/&lt;key&gt;</c>): its element type and count, checked against
/// the archive entry's size when the pickle names it; the bytes are read only when a tensor over it is read.
/// </summary>
internal sealed class TensorStorage(CheckpointArchive archive, string key, TensorDType type, long elementCount)
{
    internal string Key { get; } = key;

    internal TensorDType DType { get; } = type;

    internal long ElementCount { get; } = elementCount;

    internal byte[] ReadBytes() => archive.ReadStorage(Key, ElementCount * StoredElements.Size(DType));
}
