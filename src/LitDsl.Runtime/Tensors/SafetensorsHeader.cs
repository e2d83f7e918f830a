using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace LitDsl.Runtime.Tensors;

/// <summary>One tensor's description in a .safetensors header: byte range relative to the data section.</summary>
internal sealed record SafetensorsEntry(string Name, TensorDType DType, int[] Shape, long Begin, long End);

/// <summary>
/// The .safetensors header, parsed and checked against the data size before anything is allocated: known dtypes,
/// non-negative shapes whose byte size equals the entry's range, ranges inside the data and disjoint from each other
/// (so the total of all tensors is bounded by the file size).
/// </summary>
internal static class SafetensorsHeader
{
    internal const string MetadataKey = "__metadata__";

    private static readonly Dictionary<string, TensorDType> DTypes = new(StringComparer.Ordinal)
    {
        ["F32"] = TensorDType.Float32,
        ["F16"] = TensorDType.Float16,
        ["BF16"] = TensorDType.BFloat16,
        ["F64"] = TensorDType.Float64,
        ["I64"] = TensorDType.Int64,
        ["I32"] = TensorDType.Int32,
        ["I16"] = TensorDType.Int16,
        ["I8"] = TensorDType.Int8,
        ["U8"] = TensorDType.UInt8,
        ["BOOL"] = TensorDType.Bool,
    };

    /// <summary>The header length from the first 8 bytes, checked against <paramref name="fileLength"/>.</summary>
    internal static int ReadLength(ReadOnlySpan<byte> file, long fileLength, string fileName)
    {
        if (fileLength < 8 || file.Length < 8)
        {
            throw new LitDslFormatException(fileName, $"too short for a .safetensors file ({fileLength} bytes; the header length alone takes 8)");
        }
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > (ulong)(fileLength - 8))
        {
            throw new LitDslFormatException(fileName, $"header claims {headerLength} bytes but only {fileLength - 8} follow");
        }
        if (headerLength > int.MaxValue)
        {
            throw new LitDslFormatException(fileName, $"header of {headerLength} bytes is larger than LitDsl reads (2 GiB)");
        }
        return (int)headerLength;
    }

    internal static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(
        ReadOnlySpan<byte> headerBytes, long dataLength, string fileName)
    {
        // JsonDocument accepts invalid UTF-8 inside strings and fails later, when a name is read: check it here.
        if (!System.Text.Unicode.Utf8.IsValid(headerBytes))
        {
            throw new LitDslFormatException(fileName, "header is not valid UTF-8");
        }
        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(headerBytes.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new LitDslFormatException(fileName, "header is not valid JSON: " + e.Message, e);
        }
        using (header)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new LitDslFormatException(fileName, "header is not a JSON object");
            }
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafetensorsEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                {
                    ReadMetadata(entry.Value, metadata, fileName);
                    continue;
                }
                if (!names.Add(entry.Name))
                {
                    throw new LitDslFormatException(fileName, $"tensor '{entry.Name}' appears twice in the header");
                }
                entries.Add(ReadEntry(entry, dataLength, fileName));
            }
            CheckNoOverlap(entries, fileName);
            return (entries, metadata);
        }
    }

    internal static string Name(TensorDType type) => DTypes.First(item => item.Value == type).Key;

    private static SafetensorsEntry ReadEntry(JsonProperty entry, long dataLength, string fileName)
    {
        string name = entry.Name;
        var info = entry.Value;
        if (info.ValueKind != JsonValueKind.Object)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' is not described by a JSON object");
        }
        if (!info.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' has no dtype");
        }
        string dtypeName = dtypeElement.GetString()!;
        if (!DTypes.TryGetValue(dtypeName, out var dtype))
        {
            throw new LitDslFormatException(fileName,
                $"tensor '{name}' has dtype {dtypeName}; supported: {string.Join(", ", DTypes.Keys)} (save the weights as float32)");
        }
        int[] shape = ReadIntegers(info, "shape", name, fileName, int.MaxValue).Select(v => (int)v).ToArray();
        long[] offsets = ReadIntegers(info, "data_offsets", name, fileName, long.MaxValue);
        if (offsets.Length != 2)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' data_offsets must have two entries, has {offsets.Length}");
        }
        (long begin, long end) = (offsets[0], offsets[1]);
        if (begin > end || end > dataLength)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' data_offsets [{begin}, {end}] lie outside the {dataLength} data bytes");
        }
        int size = StoredElements.Size(dtype);
        long count;
        try
        {
            count = FloatTensor.ElementCount(shape);
        }
        catch (OverflowException)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' shape [{string.Join(", ", shape)}] has more elements than can be addressed");
        }
        if (count > (end - begin) / size || count * size != end - begin)
        {
            throw new LitDslFormatException(fileName,
                $"tensor '{name}' shape [{string.Join(", ", shape)}] needs {(count > long.MaxValue / size ? "more than 2^63" : (count * size).ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes but data_offsets span {end - begin}");
        }
        if (count > Array.MaxLength)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' has {count} elements; LitDsl tensors hold at most {Array.MaxLength}");
        }
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static long[] ReadIntegers(JsonElement info, string property, string name, string fileName, long max)
    {
        if (!info.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' has no '{property}' array");
        }
        var values = new List<long>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value) || value < 0 || value > max)
            {
                throw new LitDslFormatException(fileName, $"tensor '{name}' {property} entry {item.GetRawText()} is not a non-negative integer in range");
            }
            values.Add(value);
        }
        return values.ToArray();
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string fileName)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new LitDslFormatException(fileName, $"{MetadataKey} is not a JSON object");
        }
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new LitDslFormatException(fileName, $"{MetadataKey} entry '{item.Name}' is not a string");
            }
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static void CheckNoOverlap(List<SafetensorsEntry> entries, string fileName)
    {
        var ranges = entries.Where(e => e.End > e.Begin)
            .OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        for (int i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Begin < ranges[i - 1].End)
            {
                throw new LitDslFormatException(fileName, $"tensors '{ranges[i - 1].Name}' and '{ranges[i].Name}' share data bytes");
            }
        }
    }
}
