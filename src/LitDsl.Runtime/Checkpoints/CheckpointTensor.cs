using System;
using System.Collections.Generic;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// A tensor of a PyTorch checkpoint: a view (offset, shape, strides) of one storage, as
/// <c>torch._utils._rebuild_tensor_v2</c> describes it. The view is checked against the storage when the checkpoint is
/// opened; the storage is read only by <see cref="ReadFloat32"/>.
/// </summary>
public sealed class CheckpointTensor : IStoredTensor
{
    private readonly TensorStorage _storage;
    private readonly long[] _strides;
    private readonly string _fileName;

    private CheckpointTensor(TensorStorage storage, long offset, int[] shape, long[] strides, string fileName)
    {
        _storage = storage;
        _strides = strides;
        _fileName = fileName;
        StorageOffset = offset;
        Shape = shape;
    }

    /// <inheritdoc />
    public TensorDType DType => _storage.DType;

    /// <inheritdoc />
    public int[] Shape { get; }

    /// <summary>Element strides of the view into its storage, as PyTorch stores them.</summary>
    public IReadOnlyList<long> Strides => _strides;

    /// <summary>Index of the view's first element in its storage.</summary>
    public long StorageOffset { get; }

    /// <summary>The storage's key in the archive (<c>data/&lt;key&gt;</c>); views of one storage share it.</summary>
    public string StorageKey => _storage.Key;

    /// <inheritdoc />
    public FloatTensor ReadFloat32()
    {
        int count = (int)FloatTensor.ElementCount(Shape);
        byte[] bytes = _storage.ReadBytes();
        if (IsContiguous())
        {
            int size = StoredElements.Size(DType);
            return new FloatTensor(Shape, StoredElements.ToFloat32(bytes.AsSpan(checked((int)(StorageOffset * size))), count, DType));
        }
        var values = new float[count];
        var index = new int[Shape.Length];
        long position = StorageOffset;
        for (int i = 0; i < count; i++)
        {
            values[i] = StoredElements.ElementToFloat32(bytes, position, DType);
            // Odometer over the C-order multi-index, moving the storage position by the strides.
            for (int axis = Shape.Length - 1; axis >= 0; axis--)
            {
                position += _strides[axis];
                if (++index[axis] < Shape[axis])
                {
                    break;
                }
                position -= _strides[axis] * Shape[axis];
                index[axis] = 0;
            }
        }
        return new FloatTensor(Shape, values);
    }

    /// <summary>
    /// Builds the view after checking it, with overflow-safe arithmetic, against the storage: non-negative sizes and
    /// strides, every element inside the storage, and no more elements than the storage holds (a broadcast view, stride
    /// 0, could otherwise turn a few bytes into an unbounded allocation).
    /// </summary>
    internal static CheckpointTensor Create(TensorStorage storage, long offset, long[] size, long[] stride, string fileName, string where)
    {
        if (size.Length != stride.Length)
        {
            throw new LitDslFormatException(fileName, $"{where}: a tensor has {size.Length} sizes but {stride.Length} strides");
        }
        if (offset < 0 || offset > storage.ElementCount)
        {
            throw new LitDslFormatException(fileName, $"{where}: storage offset {offset} lies outside storage '{storage.Key}' of {storage.ElementCount} elements");
        }
        var shape = new int[size.Length];
        long count = 1;
        long last = offset;
        try
        {
            for (int axis = 0; axis < size.Length; axis++)
            {
                if (size[axis] < 0 || size[axis] > int.MaxValue || stride[axis] < 0)
                {
                    throw new LitDslFormatException(fileName, $"{where}: size {size[axis]} / stride {stride[axis]} of dimension {axis} is out of range");
                }
                shape[axis] = (int)size[axis];
                count = checked(count * size[axis]);
                if (size[axis] > 0)
                {
                    last = checked(last + (size[axis] - 1) * stride[axis]);
                }
            }
        }
        catch (OverflowException)
        {
            throw new LitDslFormatException(fileName, $"{where}: tensor of size ({string.Join(", ", size)}) and strides ({string.Join(", ", stride)}) overflows");
        }
        if (count > 0 && last >= storage.ElementCount)
        {
            throw new LitDslFormatException(fileName,
                $"{where}: tensor of size ({string.Join(", ", size)}), strides ({string.Join(", ", stride)}) and offset {offset} reaches element {last} of storage '{storage.Key}', which has {storage.ElementCount}");
        }
        if (count > storage.ElementCount || count > int.MaxValue)
        {
            throw new LitDslFormatException(fileName,
                $"{where}: tensor of size ({string.Join(", ", size)}) has more elements than its storage '{storage.Key}' ({storage.ElementCount}); broadcast views are not supported (save tensor.contiguous())");
        }
        return new CheckpointTensor(storage, offset, shape, stride, fileName);
    }

    private bool IsContiguous()
    {
        long expected = 1;
        for (int axis = Shape.Length - 1; axis >= 0; axis--)
        {
            if (Shape[axis] != 1 && _strides[axis] != expected)
            {
                return false;
            }
            expected *= Shape[axis];
        }
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{DType}[{string.Join(", ", Shape)}] in {_fileName}";
}
