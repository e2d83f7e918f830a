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

    /// <summary>The name of a backbone input's symbolic height, which the height profile applies to.</summary>
    public const string HeightDimensionName = "height";

    /// <summary>The name of a backbone input's symbolic width, which the width profile applies to.</summary>
    public const string WidthDimensionName = "width";

    /// <summary>
    /// The option list for one model input. <paramref name="inputDimensions"/> has one entry per dimension: a fixed
    /// size, or null for a symbolic one; symbolic dimensions must be named <see cref="BatchDimensionName"/>,
    /// <see cref="HeightDimensionName"/> or <see cref="WidthDimensionName"/> (given in <paramref name="symbolicNames"/>)
    /// and take the profile's batch, height or width sizes; a symbolic height or width needs its sizes set.
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
        var profiles = new Dictionary<string, (int Min, int Opt, int Max)?>(StringComparer.Ordinal)
        {
            [BatchDimensionName] = (options.MinBatch, options.OptBatch, options.MaxBatch),
            [HeightDimensionName] = SizeProfile("Height", options.MinHeight, options.OptHeight, options.MaxHeight),
            [WidthDimensionName] = SizeProfile("Width", options.MinWidth, options.OptWidth, options.MaxWidth),
        };

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
            entries.Add(new("trt_profile_min_shapes", ProfileShape(inputName, inputDimensions, symbolicNames, profiles, p => p.Min)));
            entries.Add(new("trt_profile_max_shapes", ProfileShape(inputName, inputDimensions, symbolicNames, profiles, p => p.Max)));
            entries.Add(new("trt_profile_opt_shapes", ProfileShape(inputName, inputDimensions, symbolicNames, profiles, p => p.Opt)));
        }
        return entries;
    }

    /// <summary>A height or width profile: unset (null), or ordered sizes from 1.</summary>
    private static (int Min, int Opt, int Max)? SizeProfile(string what, int? min, int? opt, int? max)
    {
        if (min is null && opt is null && max is null)
        {
            return null;
        }
        if (min is not int low || opt is not int tuned || max is not int high || low < 1 || tuned < low || high < tuned)
        {
            throw new ArgumentException(
                $"TensorRT {what.ToLowerInvariant()} profile must set 1 <= Min{what} <= Opt{what} <= Max{what}; got {Text(min)}/{Text(opt)}/{Text(max)}.");
        }
        return (low, tuned, high);
    }

    /// <summary>ORT's profile syntax for one input: <c>name:d0xd1x...</c>, e.g. <c>input:1x3x224x224</c>.</summary>
    private static string ProfileShape(string inputName, IReadOnlyList<long?> dimensions, IReadOnlyList<string?> symbolicNames,
        Dictionary<string, (int Min, int Opt, int Max)?> profiles, Func<(int Min, int Opt, int Max), int> pick)
    {
        var parts = new string[dimensions.Count];
        for (int i = 0; i < dimensions.Count; i++)
        {
            if (dimensions[i] is long size)
            {
                parts[i] = size.ToString(CultureInfo.InvariantCulture);
                continue;
            }
            string? name = symbolicNames[i];
            if (name is null || !profiles.TryGetValue(name, out var profile))
            {
                throw new ArgumentException(
                    $"Input '{inputName}' dimension {i} is symbolic ('{name ?? "unnamed"}'); a TensorRT profile can only vary the dimensions named '{BatchDimensionName}', '{HeightDimensionName}' and '{WidthDimensionName}'.");
            }
            if (profile is not { } sizes)
            {
                throw new ArgumentException(
                    $"Input '{inputName}' has a symbolic {name}; set the TensorRT profile's Min, Opt and Max{(name == HeightDimensionName ? "Height" : "Width")} (the sizes the engine accepts).");
            }
            parts[i] = pick(sizes).ToString(CultureInfo.InvariantCulture);
        }
        return inputName + ":" + string.Join('x', parts);
    }

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "unset";

    private static string Flag(bool value) => value ? "1" : "0";
}
