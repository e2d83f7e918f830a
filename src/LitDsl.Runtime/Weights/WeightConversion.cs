using System;
using System.Collections.Generic;
using System.IO;
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
    /// Writes the state_dict of <paramref name="input"/> to <paramref name="output"/> as F32 safetensors, under the same
    /// keys, atomically. Floating-point tensors (float16, bfloat16, float64 included) are converted to float32;
    /// integer and bool tensors — in LITv2 only BatchNorm's <c>num_batches_tracked</c>, which inference ignores — are
    /// left out and listed in the summary. The same input gives the same bytes.
    /// </summary>
    /// <exception cref="LitDslFormatException">The input cannot be read.</exception>
    public static WeightConversionSummary ToSafetensors(string input, string output)
    {
        using WeightFile file = WeightFile.Open(input);
        var tensors = new Dictionary<string, FloatTensor>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach ((string name, IStoredTensor tensor) in file.Tensors)
        {
            if (StoredElements.IsFloatingPoint(tensor.DType))
            {
                tensors.Add(name, tensor.ReadFloat32());
            }
            else
            {
                skipped.Add(name);
            }
        }
        SafetensorsFile.Write(output, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        return new WeightConversionSummary(tensors.Count, new FileInfo(output).Length, skipped, file.StateDictLocation);
    }
}
