using System.Collections.Generic;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// A global (module.name) that a checkpoint pickle names. The known ones are everything <c>torch.save</c> emits to
/// rebuild dicts of tensors, plus the containers and bytes of pickle protocol 2 (sets, <c>_codecs.encode</c>); the
/// unpickler interprets those itself. Any other global is only ever a name: it becomes an inert
/// <see cref="PickledObject"/>, so no class is instantiated and no function is called on the file's behalf.
/// </summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    internal static readonly PickleGlobal OrderedDict = new("collections", "OrderedDict");
    internal static readonly PickleGlobal RebuildTensorV2 = new("torch._utils", "_rebuild_tensor_v2");
    internal static readonly PickleGlobal RebuildParameter = new("torch._utils", "_rebuild_parameter");
    internal static readonly PickleGlobal RebuildParameterWithState = new("torch._utils", "_rebuild_parameter_with_state");
    internal static readonly PickleGlobal Set = new("builtins", "set");
    internal static readonly PickleGlobal FrozenSet = new("builtins", "frozenset");
    internal static readonly PickleGlobal CodecsEncode = new("_codecs", "encode");

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

    // Python 2 module names that protocol 2 writes (pickle's fix_imports); Python 3 reads them under these names.
    private static readonly Dictionary<string, string> Python3Modules = new()
    {
        ["__builtin__"] = "builtins",
        ["copy_reg"] = "copyreg",
    };

    internal string FullName => Module + "." + Name;

    /// <summary>The element type when this global is one of torch's typed storage classes.</summary>
    internal TensorDType? StorageType =>
        Module == "torch" && StorageTypes.TryGetValue(Name, out var type) ? type : null;

    /// <summary>Whether the unpickler interprets this global itself (every other one is recorded, inert).</summary>
    internal bool IsKnown =>
        this == OrderedDict || this == RebuildTensorV2 || this == RebuildParameter || this == RebuildParameterWithState
        || this == Set || this == FrozenSet || this == CodecsEncode || StorageType is not null;

    /// <summary>The global a pickle names, under its Python 3 module name.</summary>
    internal static PickleGlobal Named(string module, string name) =>
        new(Python3Modules.GetValueOrDefault(module, module), name);
}
