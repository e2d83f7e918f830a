using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Linq;
using System.Text;
using System.Threading;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// The zip container <c>torch.save</c> writes (PyTorch ≥ 1.6): <c>&lt;archive&gt;/data.pkl</c> (the pickle),
/// <c>&lt;archive&gt;/data/&lt;key&gt;</c> (one entry per storage, raw little-endian elements) and a few small records.
/// Entries are read whole and only on demand, and every entry read is checked against the CRC-32 its directory
/// records, so a damaged byte is an error naming the entry rather than a silently different weight. No entry may
/// claim more bytes than the file has, so a hostile directory cannot make us allocate beyond the file's size. The
/// storage read last is kept, so the views of one storage read one after another share one read. Reads are
/// serialised: <see cref="ZipArchive"/> is not thread-safe.
/// </summary>
internal sealed class CheckpointArchive : IDisposable
{
    private const string PickleName = "data.pkl";

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private readonly long _fileLength;
    private readonly string _fileName;
    private readonly object _gate = new();
    private string? _lastStorageKey;
    private byte[] _lastStorage = [];

    private CheckpointArchive(ZipArchive zip, Dictionary<string, ZipArchiveEntry> entries, string prefix, long fileLength, string fileName)
    {
        _zip = zip;
        _entries = entries;
        _fileLength = fileLength;
        _fileName = fileName;
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
            foreach (var entry in zip.Entries)
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

    /// <summary>The pickle stream, whole; one longer than <see cref="PickleLimits.MaxPickleBytes"/> is refused unread.</summary>
    internal byte[] ReadPickle()
    {
        long length = _entries[Prefix + PickleName].Length;
        if (length > PickleLimits.MaxPickleBytes)
        {
            throw new LitDslFormatException(_fileName,
                $"{Prefix}{PickleName} is a pickle of {length} bytes; LitDsl reads pickles of at most {PickleLimits.MaxPickleBytes} bytes (PickleLimits.MaxPickleBytes)");
        }
        return Read(Prefix + PickleName);
    }

    /// <summary>The size the zip directory declares for storage <paramref name="key"/>, or null when it has no entry.</summary>
    internal long? StorageLength(string key) =>
        _entries.TryGetValue(Prefix + "data/" + key, out var entry) ? entry.Length : null;

    /// <summary>
    /// The first <paramref name="byteCount"/> bytes (or more) of storage <paramref name="key"/>; callers only read the
    /// array, which the next call for the same storage hands out again without reading the entry.
    /// </summary>
    internal byte[] ReadStorage(string key, long byteCount)
    {
        lock (_gate)
        {
            if (_lastStorageKey != key || _lastStorage.Length < byteCount)
            {
                // Drop the previous storage first: only one is ever held.
                (_lastStorageKey, _lastStorage) = (null, []);
                _lastStorage = ReadEntry(Prefix + "data/" + key, byteCount);
                _lastStorageKey = key;
                StorageReads++;
            }
            return _lastStorage;
        }
    }

    /// <summary>How many times a storage entry was read (the tests check that shared storages are read once).</summary>
    internal int StorageReads { get; private set; }

    public void Dispose()
    {
        lock (_gate)
        {
            _zip.Dispose();
        }
    }

    private void CheckByteOrder()
    {
        // Written by PyTorch ≥ 2.1; older archives are little-endian by construction.
        if (_entries.ContainsKey(Prefix + "byteorder"))
        {
            string order = Encoding.ASCII.GetString(Read(Prefix + "byteorder")).Trim();
            if (order != "little")
            {
                throw new LitDslFormatException(_fileName, $"the checkpoint's byte order is '{order}'; only little-endian checkpoints are read");
            }
        }
    }

    private byte[] Read(string name)
    {
        lock (_gate)
        {
            return ReadEntry(name, expectedLength: null);
        }
    }

    /// <summary>
    /// The first <paramref name="expectedLength"/> bytes of entry <paramref name="name"/> (all of it when null),
    /// after reading the whole entry through its CRC-32. The caller holds <see cref="_gate"/>.
    /// </summary>
    private byte[] ReadEntry(string name, long? expectedLength)
    {
        if (!_entries.TryGetValue(name, out var entry))
        {
            throw new LitDslFormatException(_fileName, $"the zip archive has no entry '{name}'");
        }
        long length = entry.Length;
        if (length < 0 || length > _fileLength)
        {
            throw new LitDslFormatException(_fileName, $"entry '{name}' claims {length} bytes, more than the whole file ({_fileLength})");
        }
        if (expectedLength is { } expected && expected > length)
        {
            throw new LitDslFormatException(_fileName, $"entry '{name}' has {length} bytes but its tensor needs {expected}");
        }
        long wanted = expectedLength ?? length;
        if (wanted > Array.MaxLength)
        {
            throw new LitDslFormatException(_fileName, $"entry '{name}' has {wanted} bytes; entries over {Array.MaxLength} bytes are not supported");
        }
        var bytes = new byte[(int)wanted];
        uint crc;
        try
        {
            using var stream = entry.Open();
            stream.ReadExactly(bytes);
            var hash = new Crc32();
            hash.Append(bytes);
            // The rest of the entry (a storage may be longer than its views need) belongs to the CRC too.
            byte[] buffer = new byte[(int)Math.Min(Math.Max(length - wanted, 1), 1 << 16)];
            for (long rest = length - wanted; rest > 0;)
            {
                int read = stream.Read(buffer, 0, (int)Math.Min(rest, buffer.Length));
                if (read == 0)
                {
                    throw new LitDslFormatException(_fileName, $"entry '{name}' ends after {length - rest} of the {length} bytes its directory records");
                }
                hash.Append(buffer.AsSpan(0, read));
                rest -= read;
            }
            if (stream.Read(buffer, 0, 1) != 0)
            {
                throw new LitDslFormatException(_fileName, $"entry '{name}' holds more than the {length} bytes its directory records");
            }
            crc = hash.GetCurrentHashAsUInt32();
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            throw new LitDslFormatException(_fileName, $"entry '{name}' cannot be read: {e.Message}", e);
        }
        if (crc != entry.Crc32)
        {
            throw new LitDslFormatException(_fileName,
                $"entry '{name}' is damaged: its CRC-32 is {crc:x8} but the zip directory records {entry.Crc32:x8} (the file was altered or truncated after it was written)");
        }
        return bytes;
    }

    // What System.IO.Compression throws on damaged archives. Caught narrowly so that real bugs still surface.
    private static bool IsZipFailure(Exception e) =>
        e is InvalidDataException or IOException or NotSupportedException or ArgumentOutOfRangeException;
}
