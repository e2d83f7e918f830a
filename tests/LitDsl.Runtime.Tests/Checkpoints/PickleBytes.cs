using System.IO.Compression;
using System.Text;

namespace LitDsl.Runtime.Tests.Checkpoints;

/// <summary>Hand-assembled pickles and torch-style zip archives around them, for the hostile-input tests.</summary>
internal static class PickleBytes
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
        using Stream stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(data);
    }
}
