using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// The zip container <c>torch.save</c> writes (PyTorch ≥ 1.6): <c>&lt;archive&gt;/data.pkl</c> (the pickle),
/// <c>&lt;archive&gt;/data/&lt;key&gt;</c> (one entry per storage, raw little-endian elements) and a few small records.
/// Entries are read whole and only on demand; no entry may claim more bytes than the file has, so a hostile
/// directory cannot make us allocate beyond the file's size. Reads are serialised: <see cref="ZipArchive"/> is not
/// thread-safe.
/// </summary>
internal sealed class CheckpointArchive : IDisposable
{
    private const string PickleName = "data.pkl";

    private readonly ZipArchive zip;
    private readonly Dictionary<string, ZipArchiveEntry> entries;
    private readonly long fileLength;
    private readonly string fileName;
    private readonly Lock gate = new();

    private CheckpointArchive(ZipArchive zip, Dictionary<string, ZipArchiveEntry> entries, string prefix, long fileLength, string fileName)
    {
        this.zip = zip;
        this.entries = entries;
        this.fileLength = fileLength;
        this.fileName = fileName;
        Prefix = prefix;
    }

    /// <summary>The archive's top folder (torch names it after the file, or <c>archive</c>).</summary>
    internal string Prefix { get; }

    /// <summary>Opens the zip directory of <paramref name="stream"/> (seekable; left open on failure, owned after success).</summary>
    internal static CheckpointArchive Open(Stream stream, string fileName)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            throw new LitDslFormatException(fileName, "is not a readable zip archive (a torch.save checkpoint is one): " + e.Message, e);
        }
        try
        {
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (!entries.TryAdd(entry.FullName, entry))
                {
                    throw new LitDslFormatException(fileName, $"the zip archive has two entries named '{entry.FullName}'");
                }
            }
            string[] pickles = entries.Keys
                .Where(n => n.EndsWith("/" + PickleName, StringComparison.Ordinal) && n.IndexOf('/') == n.Length - PickleName.Length - 1)
                .ToArray();
            if (pickles.Length != 1)
            {
                throw new LitDslFormatException(fileName, pickles.Length == 0
                    ? "the zip archive has no <archive>/data.pkl: it is not a torch.save checkpoint"
                    : $"the zip archive has {pickles.Length} <archive>/data.pkl entries");
            }
            var archive = new CheckpointArchive(zip, entries, pickles[0][..^PickleName.Length], stream.Length, fileName);
            archive.CheckByteOrder();
            return archive;
        }
        catch (Exception e) when (e is LitDslFormatException || IsZipFailure(e))
        {
            zip.Dispose();
            throw e as LitDslFormatException ?? new LitDslFormatException(fileName, "the zip archive is corrupt: " + e.Message, e);
        }
    }

    /// <summary>The pickle stream, whole.</summary>
    internal byte[] ReadPickle() => Read(Prefix + PickleName, expectedLength: null);

    /// <summary>The size the zip directory declares for storage <paramref name="key"/>, or null when it has no entry.</summary>
    internal long? StorageLength(string key) =>
        entries.TryGetValue(Prefix + "data/" + key, out ZipArchiveEntry? entry) ? entry.Length : null;

    /// <summary>The first <paramref name="byteCount"/> bytes of storage <paramref name="key"/>.</summary>
    internal byte[] ReadStorage(string key, long byteCount) => Read(Prefix + "data/" + key, byteCount);

    public void Dispose()
    {
        lock (gate)
        {
            zip.Dispose();
        }
    }

    private void CheckByteOrder()
    {
        // Written by PyTorch ≥ 2.1; older archives are little-endian by construction.
        if (entries.ContainsKey(Prefix + "byteorder"))
        {
            string order = Encoding.ASCII.GetString(Read(Prefix + "byteorder", expectedLength: null)).Trim();
            if (order != "little")
            {
                throw new LitDslFormatException(fileName, $"the checkpoint's byte order is '{order}'; only little-endian checkpoints are read");
            }
        }
    }

    private byte[] Read(string name, long? expectedLength)
    {
        if (!entries.TryGetValue(name, out ZipArchiveEntry? entry))
        {
            throw new LitDslFormatException(fileName, $"the zip archive has no entry '{name}'");
        }
        long length = entry.Length;
        if (length < 0 || length > fileLength)
        {
            throw new LitDslFormatException(fileName, $"entry '{name}' claims {length} bytes, more than the whole file ({fileLength})");
        }
        if (expectedLength is { } expected && expected > length)
        {
            throw new LitDslFormatException(fileName, $"entry '{name}' has {length} bytes but its tensor needs {expected}");
        }
        long wanted = expectedLength ?? length;
        if (wanted > Array.MaxLength)
        {
            throw new LitDslFormatException(fileName, $"entry '{name}' has {wanted} bytes; entries over {Array.MaxLength} bytes are not supported");
        }
        int count = (int)wanted;
        var bytes = new byte[count];
        lock (gate)
        {
            try
            {
                using Stream stream = entry.Open();
                stream.ReadExactly(bytes);
            }
            catch (Exception e) when (IsZipFailure(e))
            {
                throw new LitDslFormatException(fileName, $"entry '{name}' cannot be read: {e.Message}", e);
            }
        }
        return bytes;
    }

    // What System.IO.Compression throws on damaged archives. Caught narrowly so that real bugs still surface.
    private static bool IsZipFailure(Exception e) =>
        e is InvalidDataException or IOException or NotSupportedException or ArgumentOutOfRangeException;
}
