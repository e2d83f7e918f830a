using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace LitDsl.Runtime.Tensors;

/// <summary>The tensors and free-form metadata of one <c>.safetensors</c> file.</summary>
public sealed record SafetensorsContent(
    IReadOnlyDictionary<string, FloatTensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// <c>.safetensors</c> files (https://github.com/huggingface/safetensors): an 8-byte little-endian header length, a JSON
/// header mapping tensor names to dtype, shape and byte range, then the raw data. Only F32 tensors are read or
/// written; every offset and length is checked against the file size before anything is allocated.
/// </summary>
public static class SafetensorsFile
{
    private const string MetadataKey = "__metadata__";

    // The header is padded with spaces so the data starts 8-byte aligned, as the reference writer does.
    private const int DataAlignment = 8;

    /// <summary>Reads every tensor in <paramref name="path"/>.</summary>
    public static SafetensorsContent Read(string path)
    {
        return Parse(TensorFileBytes.Read(path), path);
    }

    /// <summary>Parses .safetensors bytes; <paramref name="fileName"/> names the source in errors.</summary>
    public static SafetensorsContent Parse(ReadOnlySpan<byte> bytes, string fileName)
    {
        if (bytes.Length < 8)
        {
            throw new LitDslFormatException(fileName, $"too short for a .safetensors file ({bytes.Length} bytes; the header length alone takes 8)");
        }
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw new LitDslFormatException(fileName, $"header claims {headerLength} bytes but only {bytes.Length - 8} follow");
        }
        ReadOnlySpan<byte> headerBytes = bytes.Slice(8, (int)headerLength);
        ReadOnlySpan<byte> data = bytes[(8 + (int)headerLength)..];

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
            var entries = new Dictionary<string, (int[] Shape, long Begin, long End)>(StringComparer.Ordinal);
            foreach (JsonProperty entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                {
                    ReadMetadata(entry.Value, metadata, fileName);
                    continue;
                }
                if (!entries.TryAdd(entry.Name, ReadEntry(entry, data.Length, fileName)))
                {
                    throw new LitDslFormatException(fileName, $"tensor '{entry.Name}' appears twice in the header");
                }
            }
            // Disjoint ranges inside the data bound the total allocation by the file size; check before reading.
            CheckNoOverlap(entries.Select(e => (e.Value.Begin, e.Value.End, e.Key)).ToList(), fileName);
            var tensors = new Dictionary<string, FloatTensor>(StringComparer.Ordinal);
            foreach ((string name, (int[] shape, long begin, long end)) in entries)
            {
                tensors.Add(name, new FloatTensor(shape, LittleEndianFloats.Read(data[(int)begin..(int)end])));
            }
            return new SafetensorsContent(tensors, metadata);
        }
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (and optional metadata) deterministically: names sorted ordinally, data laid out
    /// in that order, compact JSON. The same input always gives the same bytes. The file is written atomically.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, FloatTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.ContainsKey(MetadataKey))
        {
            throw new ArgumentException($"'{MetadataKey}' is reserved and cannot be a tensor name.", nameof(tensors));
        }
        string[] names = tensors.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        byte[] header = BuildHeader(names, tensors, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (string name in names)
            {
                LittleEndianFloats.Write(stream, tensors[name].Data);
            }
        });
    }

    private static byte[] BuildHeader(string[] names, IReadOnlyDictionary<string, FloatTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (KeyValuePair<string, string> item in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    json.WriteString(item.Key, item.Value);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (string name in names)
            {
                FloatTensor tensor = tensors[name];
                long size = (long)tensor.Data.Length * sizeof(float);
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + size);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += size;
            }
            json.WriteEndObject();
        }
        int unpadded = (int)buffer.Length;
        int padded = (8 + unpadded + DataAlignment - 1) / DataAlignment * DataAlignment - 8;
        byte[] header = new byte[padded];
        buffer.GetBuffer().AsSpan(0, unpadded).CopyTo(header);
        header.AsSpan(unpadded).Fill((byte)' ');
        return header;
    }

    private static (int[] Shape, long Begin, long End) ReadEntry(JsonProperty entry, int dataLength, string fileName)
    {
        string name = entry.Name;
        JsonElement info = entry.Value;
        if (info.ValueKind != JsonValueKind.Object)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' is not described by a JSON object");
        }
        if (!info.TryGetProperty("dtype", out JsonElement dtype) || dtype.ValueKind != JsonValueKind.String)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' has no dtype");
        }
        if (dtype.GetString() != "F32")
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' has dtype {dtype.GetString()}; only F32 is supported (save the weights as float32)");
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
        long count;
        try
        {
            count = FloatTensor.ElementCount(shape);
        }
        catch (OverflowException)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' shape [{string.Join(", ", shape)}] has more elements than can be addressed");
        }
        if (count > (end - begin) / sizeof(float) || count * sizeof(float) != end - begin)
        {
            throw new LitDslFormatException(fileName,
                $"tensor '{name}' shape [{string.Join(", ", shape)}] needs {count * sizeof(float)} bytes but data_offsets span {end - begin}");
        }
        return (shape, begin, end);
    }

    private static long[] ReadIntegers(JsonElement info, string property, string name, string fileName, long max)
    {
        if (!info.TryGetProperty(property, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new LitDslFormatException(fileName, $"tensor '{name}' has no '{property}' array");
        }
        var values = new List<long>();
        foreach (JsonElement item in array.EnumerateArray())
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
        foreach (JsonProperty item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new LitDslFormatException(fileName, $"{MetadataKey} entry '{item.Name}' is not a string");
            }
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static void CheckNoOverlap(List<(long Begin, long End, string Name)> ranges, string fileName)
    {
        ranges.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        for (int i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Begin < ranges[i - 1].End)
            {
                throw new LitDslFormatException(fileName, $"tensors '{ranges[i - 1].Name}' and '{ranges[i].Name}' share data bytes");
            }
        }
    }
}
