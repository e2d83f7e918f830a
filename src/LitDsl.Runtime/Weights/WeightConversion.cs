using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LitDsl.Runtime.Checkpoints;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Weights;

/// <summary>What <see cref="WeightConversion.ToSafetensors"/> wrote.</summary>
/// <param name="Tensors">Tensors written (float32).</param>
/// <param name="Bytes">Size of the written file.</param>
/// <param name="Skipped">Integer and bool tensors left out (BatchNorm's <c>num_batches_tracked</c>), by name.</param>
/// <param name="StateDictLocation">Where the state_dict was in the source (<c>model</c>), or "" at the top level.</param>
public sealed record WeightConversionSummary(int Tensors, long Bytes, IReadOnlyList<string> Skipped, string StateDictLocation);

/// <summary>Converts a state_dict (.pth or .safetensors) to a float32 .safetensors file, without Python.</summary>
public static class WeightConversion
{
    /// <summary>
    /// How much larger than its input the float32 data may be: 16-bit floats double in size, and a storage may be viewed
    /// by more than one tensor (tied weights), each written whole.
    /// </summary>
    public const int MaxGrowth = 4;

    /// <summary>What the float32 data may exceed <see cref="MaxGrowth"/> × the input by, so small files are never refused.</summary>
    public const long GrowthAllowanceBytes = 64L << 20;

    /// <summary>
    /// Writes the state_dict of <paramref name="input"/> to <paramref name="output"/> as F32 safetensors, under the same
    /// keys, atomically. Floating-point tensors (float16, bfloat16, float64 included) are converted to float32;
    /// integer and bool tensors — in LITv2 only BatchNorm's <c>num_batches_tracked</c>, which inference ignores — are
    /// left out and listed in the summary. The same input gives the same bytes.
    /// <para>Tensors are read and written one at a time, the views of one storage one after another (so the storage is
    /// read once), so memory holds about the largest tensor. Before anything is read or written, the float32 data is
    /// sized from the shapes: more than <see cref="MaxGrowth"/> × the input's size + <see cref="GrowthAllowanceBytes"/>
    /// is refused with the figures (a few bytes of storage viewed by thousands of keys would otherwise fill the disk).</para>
    /// </summary>
    /// <exception cref="LitDslFormatException">The input cannot be read, or would convert to far more than its size.</exception>
    public static WeightConversionSummary ToSafetensors(string input, string output)
    {
        using var file = WeightFile.Open(input);
        var written = new List<(string Name, IStoredTensor Tensor)>();
        var skipped = new List<string>();
        foreach ((string name, var tensor) in file.Tensors)
        {
            if (StoredElements.IsFloatingPoint(tensor.DType))
            {
                written.Add((name, tensor));
            }
            else
            {
                skipped.Add(name);
            }
        }
        written.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        // Views of one storage in a row, storages in the order their first view's name comes, each group by name.
        var storageRank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((string name, var tensor) in written)
        {
            storageRank.TryAdd(StorageOf(name, tensor), storageRank.Count);
        }
        var order = written
            .OrderBy(t => storageRank[StorageOf(t.Name, t.Tensor)]).ThenBy(t => t.Name, StringComparer.Ordinal).ToArray();
        var layout = order.Select(t => new SafetensorsLayout(t.Name, t.Tensor.Shape)).ToArray();

        CheckGrowth(input, layout, storageRank.Count);
        SafetensorsFile.Write(output, layout, i => order[i].Tensor.ReadFloat32(), new Dictionary<string, string> { ["format"] = "pt" });
        return new WeightConversionSummary(layout.Length, new FileInfo(output).Length, skipped, file.StateDictLocation);
    }

    /// <summary>The most float32 data bytes an input of <paramref name="inputBytes"/> bytes may convert to.</summary>
    public static long MaxOutputBytes(long inputBytes) => MaxGrowth * inputBytes + GrowthAllowanceBytes;

    private static void CheckGrowth(string input, SafetensorsLayout[] layout, int storages)
    {
        long inputBytes = new FileInfo(input).Length;
        long outputBytes = SafetensorsFile.DataBytes(layout);
        if (outputBytes > MaxOutputBytes(inputBytes))
        {
            throw new LitDslFormatException(input, string.Create(CultureInfo.InvariantCulture,
                $"its {layout.Length:N0} floating-point tensors (views of {storages:N0} storage{(storages == 1 ? "" : "s")}) would convert to {outputBytes:N0} bytes of float32 from a file of {inputBytes:N0} bytes, more than the {MaxOutputBytes(inputBytes):N0} LitDsl writes for it ({MaxGrowth} × its size + {GrowthAllowanceBytes >> 20} MiB; many tensors viewing the same storage are each written whole)"));
        }
    }

    // Tensors of a PyTorch checkpoint may share a storage; a safetensors tensor is its own.
    private static string StorageOf(string name, IStoredTensor tensor) =>
        tensor is CheckpointTensor view ? "storage:" + view.StorageKey : "tensor:" + name;
}
