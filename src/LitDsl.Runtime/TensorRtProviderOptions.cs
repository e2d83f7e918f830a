using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LitDsl.Runtime;

/// <summary>
/// Turns <see cref="TensorRtOptions"/> into the key/value strings of ORT's TensorRT execution provider
/// (<c>UpdateTensorRTProviderOptions</c>; key names from ORT's TensorRT EP documentation). Pure: same input, same list.
/// </summary>
public static class TensorRtProviderOptions
{
    /// <summary>The name of the symbolic dimension the batch profile applies to.</summary>
    public const string BatchDimensionName = "batch";

    /// <summary>
    /// The option list for one model input. <paramref name="inputDimensions"/> has one entry per dimension: a fixed
    /// size, or null for a symbolic one; symbolic dimensions must be named <see cref="BatchDimensionName"/> (given in
    /// <paramref name="symbolicNames"/>) and take the profile's batch sizes.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToKeyValues(
        TensorRtOptions options, int deviceId, string inputName, IReadOnlyList<long?> inputDimensions, IReadOnlyList<string?> symbolicNames)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        if (inputDimensions.Count != symbolicNames.Count)
        {
            throw new ArgumentException("inputDimensions and symbolicNames must have one entry per dimension.");
        }
        if (options.MinBatch < 1 || options.OptBatch < options.MinBatch || options.MaxBatch < options.OptBatch)
        {
            throw new ArgumentException(
                $"TensorRT batch profile must satisfy 1 <= MinBatch <= OptBatch <= MaxBatch; got {options.MinBatch}/{options.OptBatch}/{options.MaxBatch}.");
        }

        var entries = new List<KeyValuePair<string, string>>
        {
            new("device_id", deviceId.ToString(CultureInfo.InvariantCulture)),
            new("trt_fp16_enable", Flag(options.Fp16)),
            new("trt_engine_cache_enable", Flag(options.EngineCacheDirectory is not null)),
        };
        if (options.EngineCacheDirectory is not null)
        {
            entries.Add(new("trt_engine_cache_path", options.EngineCacheDirectory));
        }
        entries.Add(new("trt_timing_cache_enable", Flag(options.TimingCacheDirectory is not null)));
        if (options.TimingCacheDirectory is not null)
        {
            entries.Add(new("trt_timing_cache_path", options.TimingCacheDirectory));
        }
        if (options.WorkspaceSizeBytes is long workspace)
        {
            entries.Add(new("trt_max_workspace_size", workspace.ToString(CultureInfo.InvariantCulture)));
        }

        bool hasSymbolicDimension = inputDimensions.Any(d => d is null);
        if (hasSymbolicDimension)
        {
            entries.Add(new("trt_profile_min_shapes", ProfileShape(inputName, inputDimensions, symbolicNames, options.MinBatch)));
            entries.Add(new("trt_profile_max_shapes", ProfileShape(inputName, inputDimensions, symbolicNames, options.MaxBatch)));
            entries.Add(new("trt_profile_opt_shapes", ProfileShape(inputName, inputDimensions, symbolicNames, options.OptBatch)));
        }
        return entries;
    }

    /// <summary>ORT's profile syntax for one input: <c>name:d0xd1x...</c>, e.g. <c>input:1x3x224x224</c>.</summary>
    private static string ProfileShape(string inputName, IReadOnlyList<long?> dimensions, IReadOnlyList<string?> symbolicNames, int batch)
    {
        var parts = new string[dimensions.Count];
        for (int i = 0; i < dimensions.Count; i++)
        {
            if (dimensions[i] is long size)
            {
                parts[i] = size.ToString(CultureInfo.InvariantCulture);
                continue;
            }
            if (symbolicNames[i] != BatchDimensionName)
            {
                throw new ArgumentException(
                    $"Input '{inputName}' dimension {i} is symbolic ('{symbolicNames[i] ?? "unnamed"}'); a TensorRT profile can only vary the dimension named '{BatchDimensionName}'.");
            }
            parts[i] = batch.ToString(CultureInfo.InvariantCulture);
        }
        return inputName + ":" + string.Join('x', parts);
    }

    private static string Flag(bool value) => value ? "1" : "0";
}
