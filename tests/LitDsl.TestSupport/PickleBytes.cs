using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace LitDsl.TestSupport;

/// <summary>Hand-assembled pickles and torch-style zip archives around them, for the hostile-input tests.</summary>
public static class PickleBytes
{
    /// <summary>GLOBAL 'module\nname\n'.</summary>
    public static byte[] Global(string module, string name) => [(byte)'c', .. Encoding.ASCII.GetBytes($"{module}\n{name}\n")];

    /// <summary>SHORT_BINUNICODE.</summary>
    public static byte[] Str(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        return [0x8c, (byte)utf8.Length, .. utf8];
    }

    /// <summary>PROTO 2, the body, STOP.</summary>
    public static byte[] Pickle(params byte[][] parts) => [0x80, 0x02, .. parts.SelectMany(p => p), (byte)'.'];

    /// <summary>
    /// {'k0': v0, 'k1': v1, …}: <paramref name="views"/> float32 views of <paramref name="length"/> elements into one
    /// storage '0' of <paramref name="storageElements"/>, view i starting at element i × <paramref name="step"/>.
    /// </summary>
    public static byte[] StorageViews(int views, int storageElements, int length, int step)
    {
        var body = new List<byte> { (byte)'}', (byte)'(' };
        for (int i = 0; i < views; i++)
        {
            body.AddRange(Str($"k{i}"));
            body.AddRange(Global("torch._utils", "_rebuild_tensor_v2"));
            body.AddRange([(byte)'(', (byte)'(']);
            body.AddRange(Str("storage"));
            body.AddRange(Global("torch", "FloatStorage"));
            body.AddRange(Str("0"));
            body.AddRange(Str("cpu"));
            body.AddRange(Int(storageElements));
            body.AddRange([(byte)'t', (byte)'Q']);
            body.AddRange(Int(i * step));
            body.AddRange([.. Int(length), 0x85, .. Int(1), 0x85, 0x89]);
            body.AddRange(Global("collections", "OrderedDict"));
            body.AddRange(")RtR"u8.ToArray());
        }
        body.Add((byte)'u');
        return Pickle(body.ToArray());
    }

    /// <summary>Float32 elements 0, 1, 2, … as little-endian bytes.</summary>
    public static byte[] Counting(int elements) =>
        Enumerable.Range(0, elements).SelectMany(i => BitConverter.GetBytes((float)i)).ToArray();

    /// <summary>BININT.</summary>
    public static byte[] Int(int value) => [(byte)'J', .. BitConverter.GetBytes(value)];

    /// <summary>A zip laid out as torch.save lays it out: archive/data.pkl plus the given storages, uncompressed.</summary>
    public static MemoryStream Archive(byte[] pickle, params (string Key, byte[] Data)[] storages)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "archive/data.pkl", pickle);
            foreach ((string key, byte[] data) in storages)
            {
                Add(zip, "archive/data/" + key, data);
            }
            Add(zip, "archive/version", "3\n"u8.ToArray());
        }
        buffer.Position = 0;
        return buffer;
    }

    private static void Add(ZipArchive zip, string name, byte[] data)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(data);
    }
}
