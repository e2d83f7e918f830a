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
/// header mapping tensor names to dtype, shape and byte range, then the raw data. Tensors of every dtype in
/// <see cref="TensorDType"/> are read (converted to float32); F32 is written. Every offset and length is checked against
/// the file size before anything is allocated.
/// </summary>
public static class SafetensorsFile
{
    private const string MetadataKey = SafetensorsHeader.MetadataKey;

    // The header is padded with spaces so the data starts 8-byte aligned, as the reference writer does.
    private const int DataAlignment = 8;

    // Above this size, Read maps the file instead of loading it whole: the file's bytes and the converted tensors are
    // then not both in memory, and files over 2 GiB (the limit of one byte array) can be read.
    private const long MappingThreshold = 64L * 1024 * 1024;

    /// <summary>Reads every tensor in <paramref name="path"/> (memory-mapped when the file is large).</summary>
    public static SafetensorsContent Read(string path)
    {
        long length = 0;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // ReadableFile.ReadAllBytes below reports it, naming the file.
        }
        if (length < MappingThreshold)
        {
            return Parse(ReadableFile.ReadAllBytes(path), path);
        }
        using var file = Open(path);
        var tensors = file.Tensors.ToDictionary(t => t.Key, t => t.Value.ReadFloat32(), StringComparer.Ordinal);
        return new SafetensorsContent(tensors, file.Metadata.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal));
    }

    /// <summary>Parses .safetensors bytes; <paramref name="fileName"/> names the source in errors.</summary>
    public static SafetensorsContent Parse(ReadOnlySpan<byte> bytes, string fileName)
    {
        int headerLength = SafetensorsHeader.ReadLength(bytes, bytes.Length, fileName);
        var data = bytes[(8 + headerLength)..];
        (var entries, var metadata) =
            SafetensorsHeader.Parse(bytes.Slice(8, headerLength), data.Length, fileName);
        var tensors = new Dictionary<string, FloatTensor>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            int count = (int)FloatTensor.ElementCount(entry.Shape);
            float[] values = StoredElements.ToFloat32(data[(int)entry.Begin..(int)entry.End], count, entry.DType);
            tensors.Add(entry.Name, new FloatTensor(entry.Shape, values));
        }
        return new SafetensorsContent(tensors, metadata);
    }

    /// <summary>
    /// Opens <paramref name="path"/> memory-mapped: the header is read and checked now, each tensor's bytes only when it
    /// is read, so a large file costs no memory up front. Dispose the result to unmap the file.
    /// </summary>
    public static MappedSafetensorsFile Open(string path) => MappedSafetensorsFile.Open(path);

    /// <summary>
    /// Writes <paramref name="tensors"/> (and optional metadata) deterministically: names sorted ordinally, data laid out
    /// in that order, compact JSON. The same input always gives the same bytes. The file is written atomically.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, FloatTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var layout = tensors.Keys.OrderBy(n => n, StringComparer.Ordinal)
            .Select(name => new SafetensorsLayout(name, tensors[name].Shape)).ToArray();
        Write(path, layout, i => tensors[layout[i].Name], metadata);
    }

    /// <summary>
    /// Writes F32 tensors one at a time, in the data order of <paramref name="layout"/>: <paramref name="read"/> is
    /// asked for tensor i only when its bytes are written, so memory holds one tensor, not all of them. The header lists
    /// the tensors sorted by name (offsets follow the layout). Written atomically.
    /// </summary>
    internal static void Write(string path, IReadOnlyList<SafetensorsLayout> layout, Func<int, FloatTensor> read,
        IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.Any(t => t.Name == MetadataKey))
        {
            throw new ArgumentException($"'{MetadataKey}' is reserved and cannot be a tensor name.", nameof(layout));
        }
        byte[] header = BuildHeader(layout, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            for (int i = 0; i < layout.Count; i++)
            {
                var tensor = read(i);
                if (!tensor.Shape.AsSpan().SequenceEqual(layout[i].Shape))
                {
                    throw new InvalidOperationException($"Tensor '{layout[i].Name}' was laid out as [{string.Join(", ", layout[i].Shape)}] but read as [{string.Join(", ", tensor.Shape)}].");
                }
                LittleEndianFloats.Write(stream, tensor.Data);
            }
        });
    }

    /// <summary>The bytes the F32 data of <paramref name="layout"/> takes.</summary>
    internal static long DataBytes(IEnumerable<SafetensorsLayout> layout) =>
        layout.Sum(t => FloatTensor.ElementCount(t.Shape) * sizeof(float));

    private static byte[] BuildHeader(IReadOnlyList<SafetensorsLayout> layout, IReadOnlyDictionary<string, string>? metadata)
    {
        var offsets = new Dictionary<string, (long Begin, long End)>(StringComparer.Ordinal);
        long offset = 0;
        foreach (var tensor in layout)
        {
            long size = FloatTensor.ElementCount(tensor.Shape) * sizeof(float);
            if (!offsets.TryAdd(tensor.Name, (offset, offset + size)))
            {
                throw new ArgumentException($"Tensor '{tensor.Name}' is laid out twice.", nameof(layout));
            }
            offset += size;
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var item in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    json.WriteString(item.Key, item.Value);
                }
                json.WriteEndObject();
            }
            foreach (var tensor in layout.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offsets[tensor.Name].Begin);
                json.WriteNumberValue(offsets[tensor.Name].End);
                json.WriteEndArray();
                json.WriteEndObject();
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
}
