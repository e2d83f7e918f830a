using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using LitDsl.Models;
using LitDsl.Runtime.Checkpoints;
using LitDsl.Runtime.Tensors;
using LitDsl.Runtime.Weights;

namespace LitDsl.Cli.Inspecting;

/// <summary>One top-level entry of a weight file: a checkpoint's key, or a safetensors metadata string.</summary>
/// <param name="Key">The key, as text.</param>
/// <param name="Type">Its Python type (<c>dict</c>, <c>float</c>, <c>tensor</c>), or a recorded object's class.</param>
/// <param name="Recorded">What the pickle did with a class LitDsl recorded (<c>instance</c>, <c>call</c>, <c>global</c>), else null.</param>
/// <param name="Count">Entries of a dict (or a recorded dict subclass), items of a list, tuple or set, bytes of a bytes
/// object; else null.</param>
/// <param name="Value">A scalar's value or a tensor's dtype and shape, shortened, else null.</param>
internal sealed record WeightFileEntry(string Key, string Type, string? Recorded, int? Count, string? Value)
{
    /// <summary>What <see cref="Count"/> counts: "entries", "items" or "bytes".</summary>
    public string CountOf => Type == "dict" || (Recorded is not null && Keyed) ? "entries" : Type == "bytes" ? "bytes" : "items";

    /// <summary>A recorded object whose count is of its entries (a dict subclass) rather than its items.</summary>
    public bool Keyed { get; init; }
}

/// <summary>One tensor of the state_dict: name, stored dtype, shape and stored bytes.</summary>
internal sealed record StateDictTensor(string Name, string DType, int[] Shape, long Bytes);

/// <summary>
/// What <c>inspect</c> tells about a .pth or .safetensors file: its top-level entries with their types (an object
/// LitDsl records rather than instantiates shows its class), the state_dict's tensors, their total parameter count,
/// and the declared models the state_dict binds to.
/// </summary>
internal sealed record WeightFileReport(
    string File, WeightFileFormat Format, long Bytes, IReadOnlyList<WeightFileEntry> Entries, string? StateDictLocation,
    IReadOnlyList<StateDictTensor> Tensors, string? StateDictProblem, IReadOnlyList<string> BindsTo)
{
    private const int ValueWidth = 60;

    /// <summary>Every element of the state_dict's tensors (buffers such as BatchNorm statistics included).</summary>
    public long Parameters => Tensors.Sum(t => FloatTensor.ElementCount(t.Shape));

    /// <summary>Reads <paramref name="path"/> (checked as an input already) and tries it against every model in <paramref name="models"/>.</summary>
    public static WeightFileReport Read(string path, IReadOnlyList<LitModelInfo> models)
    {
        long bytes = new FileInfo(path).Length;
        var format = WeightFile.DetectFormat(path);
        var entries = format == WeightFileFormat.PyTorch ? CheckpointEntries(path) : MetadataEntries(path);
        WeightFile file;
        try
        {
            file = WeightFile.Open(path);
        }
        catch (LitDslFormatException missing) when (format == WeightFileFormat.PyTorch && entries.Count > 0)
        {
            // The checkpoint reads but holds no state_dict: its entries are still worth showing.
            return new WeightFileReport(path, format, bytes, entries, null, [], missing.Problem, []);
        }
        using (file)
        {
            var tensors = file.Tensors.Select(t => new StateDictTensor(t.Key, TensorDTypes.TorchName(t.Value.DType), t.Value.Shape,
                FloatTensor.ElementCount(t.Value.Shape) * TensorDTypes.Size(t.Value.DType))).ToArray();
            var binds = models.Where(model => Binds(file, model)).Select(model => model.Name).ToArray();
            return new WeightFileReport(path, format, bytes, entries, file.StateDictLocation, tensors, null, binds);
        }
    }

    private static bool Binds(WeightFile file, LitModelInfo model)
    {
        try
        {
            ModelWeights.Bind(file, model);
            return true;
        }
        catch (WeightBindingException)
        {
            return false;
        }
    }

    private static IReadOnlyList<WeightFileEntry> CheckpointEntries(string path)
    {
        using var checkpoint = PyTorchCheckpoint.Open(path);
        object? root = checkpoint.Root;
        var top = root switch
        {
            PickleDictionary dict => dict,
            PickledObject { Entries.Count: > 0 } record => record.Entries,
            _ => null,
        };
        if (top is null)
        {
            return [Entry("", root)];
        }
        return top.Select(item => Entry(Convert.ToString(item.Key, CultureInfo.InvariantCulture) ?? "", item.Value)).ToArray();
    }

    private static IReadOnlyList<WeightFileEntry> MetadataEntries(string path)
    {
        using var file = SafetensorsFile.Open(path);
        return file.Metadata.Select(item => new WeightFileEntry(item.Key, "str", null, null, Shorten(item.Value))).ToArray();
    }

    private static WeightFileEntry Entry(string key, object? value) => value switch
    {
        PickleDictionary dict => new(key, "dict", null, dict.Count, null),
        List<object?> list => new(key, "list", null, list.Count, null),
        object?[] tuple => new(key, "tuple", null, tuple.Length, Shorten(Scalars(tuple))),
        PickledObject record => new(key, record.ClassName, record.Kind switch
        {
            PickledObjectKind.Reference => "global",
            PickledObjectKind.Call => "call",
            _ => "instance",
        }, record.Entries.Count > 0 ? record.Entries.Count : record.Items.Count > 0 ? record.Items.Count : null, null)
        {
            Keyed = record.Entries.Count > 0,
        },
        CheckpointTensor tensor => new(key, "tensor", null, null, $"{TensorDTypes.TorchName(tensor.DType)} [{string.Join(", ", tensor.Shape)}]"),
        byte[] data => new(key, "bytes", null, data.Length, null),
        _ => new(key, PyTorchCheckpoint.TypeName(value), null, null, Shorten(Scalar(value))),
    };

    // A tuple of scalars (betas, a size) is shown whole; anything else by its length only.
    private static string? Scalars(object?[] tuple) =>
        tuple.All(v => v is null or bool or long or BigInteger or double or string)
            ? "(" + string.Join(", ", tuple.Select(Scalar)) + (tuple.Length == 1 ? ",)" : ")")
            : null;

    private static string Scalar(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string text => "'" + text + "'",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string? Shorten(string? text) =>
        text is null ? null : text.Length <= ValueWidth ? text : text[..(ValueWidth - 1)] + "…";

}
