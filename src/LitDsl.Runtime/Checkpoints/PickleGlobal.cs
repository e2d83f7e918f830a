using System.Collections.Generic;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// A global (module.name) that a checkpoint pickle may reference. The allow-list is everything <c>torch.save</c> emits
/// for dicts of CPU or CUDA tensors; any other global is refused before anything is built, so no class is instantiated
/// and no function is called on the file's behalf.
/// </summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    internal static readonly PickleGlobal OrderedDict = new("collections", "OrderedDict");
    internal static readonly PickleGlobal RebuildTensorV2 = new("torch._utils", "_rebuild_tensor_v2");
    internal static readonly PickleGlobal RebuildParameter = new("torch._utils", "_rebuild_parameter");
    internal static readonly PickleGlobal RebuildParameterWithState = new("torch._utils", "_rebuild_parameter_with_state");

    // The storage classes name the element type of a persistent storage; they are never called.
    private static readonly Dictionary<string, TensorDType> StorageTypes = new()
    {
        ["FloatStorage"] = TensorDType.Float32,
        ["HalfStorage"] = TensorDType.Float16,
        ["BFloat16Storage"] = TensorDType.BFloat16,
        ["DoubleStorage"] = TensorDType.Float64,
        ["LongStorage"] = TensorDType.Int64,
        ["IntStorage"] = TensorDType.Int32,
        ["ShortStorage"] = TensorDType.Int16,
        ["CharStorage"] = TensorDType.Int8,
        ["ByteStorage"] = TensorDType.UInt8,
        ["BoolStorage"] = TensorDType.Bool,
    };

    internal string FullName => Module + "." + Name;

    /// <summary>The element type when this global is one of torch's typed storage classes.</summary>
    internal TensorDType? StorageType =>
        Module == "torch" && StorageTypes.TryGetValue(Name, out TensorDType type) ? type : null;

    internal bool IsAllowed =>
        this == OrderedDict || this == RebuildTensorV2 || this == RebuildParameter || this == RebuildParameterWithState
        || StorageType is not null;
}
