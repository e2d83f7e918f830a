using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Checkpoints;

/// <summary>
/// A checkpoint written by <c>torch.save</c> (PyTorch ≥ 1.6 zip format), read without Python and without executing
/// anything: the pickle is interpreted by a machine that knows dicts, lists, tuples, sets, numbers, strings, bytes and
/// tensors, and records every other object (a training script's config, optimizer companions, numpy scalars) as an
/// inert <see cref="PickledObject"/> — nothing is imported, instantiated or called. Opening reads the zip directory and
/// the pickle; tensor data is read only by <see cref="CheckpointTensor.ReadFloat32"/>. Every entry read is checked
/// against the CRC-32 the zip directory records. Every problem is a <see cref="LitDslFormatException"/> naming the file.
/// </summary>
public sealed class PyTorchCheckpoint : IDisposable
{
    // The magic number the legacy (pre-1.6) serializer pickles first: PROTO 2, LONG1 0x1950a86a20f9469cfc6c.
    private static readonly byte[] LegacyMagic = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

    /// <summary>Keys under which training scripts nest the state_dict, tried in this order.</summary>
    public static IReadOnlyList<string> NestedStateDictKeys { get; } = ["model", "state_dict", "model_state", "model_state_dict", "module", "net"];

    private readonly CheckpointArchive _archive;
    private readonly Dictionary<string, TensorStorage> _storages = new(StringComparer.Ordinal);

    private PyTorchCheckpoint(CheckpointArchive archive, string fileName)
    {
        _archive = archive;
        FileName = fileName;
        byte[] pickle = archive.ReadPickle();
        Root = new RestrictedUnpickler(pickle, fileName, archive.Prefix + "data.pkl", LoadStorage).Load();
    }

    /// <summary>The file (or stream name) the checkpoint was read from.</summary>
    public string FileName { get; }

    /// <summary>
    /// The saved object: null, bool, long, <see cref="System.Numerics.BigInteger"/>, double, string, byte[],
    /// <see cref="List{T}"/> (list), object?[] (tuple), <see cref="PickleDictionary"/> (dict,
    /// OrderedDict), <see cref="CheckpointTensor"/> or <see cref="PickledObject"/> (anything else, sets included),
    /// nested at most <see cref="PickleLimits.MaxDepth"/> deep and free of cycles.
    /// </summary>
    public object? Root { get; }

    /// <summary>Opens the checkpoint at <paramref name="path"/>.</summary>
    public static PyTorchCheckpoint Open(string path) => Open(ReadableFile.Open(path), path);

    /// <summary>Opens a checkpoint from a seekable <paramref name="stream"/>, which the checkpoint then owns.</summary>
    public static PyTorchCheckpoint Open(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            CheckFormat(stream, fileName);
            var archive = CheckpointArchive.Open(stream, fileName);
            try
            {
                return new PyTorchCheckpoint(archive, fileName);
            }
            catch
            {
                archive.Dispose();
                throw;
            }
        }
        catch (LitDslFormatException)
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Finds the state_dict: the top-level object when it is a dict of tensors, else the first of
    /// <see cref="NestedStateDictKeys"/> (searched two levels deep) that holds one. A dict subclass recorded as a
    /// <see cref="PickledObject"/> (its entries) is searched like a dict.
    /// </summary>
    public CheckpointStateDict FindStateDict()
    {
        if (Find(Root, "", depth: 0) is { } found)
        {
            return found;
        }
        throw new LitDslFormatException(FileName,
            $"no state_dict found: {Describe()} (expected a dict of tensors at the top level or under {string.Join(", ", NestedStateDictKeys.Select(k => $"'{k}'"))})");
    }

    /// <summary>A short description of a value of <see cref="Root"/>: its Python type, or a recorded object's class.</summary>
    public static string TypeName(object? value) => RestrictedUnpickler.TypeName(value);

    /// <summary>Closes the file.</summary>
    public void Dispose() => _archive.Dispose();

    /// <summary>How many storage entries were read so far (each shared storage should be read once).</summary>
    internal int StorageReads => _archive.StorageReads;

    private static CheckpointStateDict? Find(object? value, string location, int depth)
    {
        if (AsDict(value) is not { } dict)
        {
            return null;
        }
        if (dict.Count > 0 && dict.All(item => item.Key is string && item.Value is CheckpointTensor))
        {
            return new CheckpointStateDict(location, dict.ToDictionary(item => (string)item.Key, item => (CheckpointTensor)item.Value!, StringComparer.Ordinal));
        }
        if (depth >= 2)
        {
            return null;
        }
        foreach (string key in NestedStateDictKeys)
        {
            if (dict.TryGetValue(key, out object? inner)
                && Find(inner, location.Length == 0 ? key : location + "." + key, depth + 1) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static PickleDictionary? AsDict(object? value) => value switch
    {
        PickleDictionary dict => dict,
        PickledObject { Entries.Count: > 0 } record => record.Entries,
        _ => null,
    };

    /// <summary>
    /// Why no state_dict was found: the top level's keys and, for the first dict that looks like a state_dict (under a
    /// known key, or the top level when it holds a tensor), the first value that is not a tensor.
    /// </summary>
    private string Describe()
    {
        if (AsDict(Root) is not { } top)
        {
            return "it holds a " + TypeName(Root);
        }
        string keys = "its top level has the keys " + string.Join(", ", top.Keys.Take(20).Select(k => $"'{k}'"));
        var candidates = NestedStateDictKeys.Where(top.ContainsKey).Select(key => (Where: $"under '{key}', ", Dict: AsDict(top[key])));
        if (top.Values.Any(v => v is CheckpointTensor))
        {
            candidates = candidates.Prepend(("", top));
        }
        foreach ((string where, var dict) in candidates)
        {
            if (dict?.FirstOrDefault(item => item.Value is not CheckpointTensor) is { Key: not null } odd)
            {
                return $"{keys}; {where}'{odd.Key}' is a {TypeName(odd.Value)}, not a tensor";
            }
        }
        return keys;
    }

    private static void CheckFormat(Stream stream, string fileName)
    {
        Span<byte> head = stackalloc byte[LegacyMagic.Length];
        int read;
        try
        {
            stream.Position = 0;
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            stream.Position = 0;
        }
        catch (IOException e)
        {
            throw new LitDslFormatException(fileName, "cannot be read: " + e.Message, e);
        }
        head = head[..read];
        if (head.StartsWith("PK"u8))
        {
            return;
        }
        if (head.SequenceEqual(LegacyMagic))
        {
            throw new LitDslFormatException(fileName,
                "is in PyTorch's legacy (pre-1.6, non-zip) checkpoint format, which LitDsl does not read; re-save it with " +
                "PyTorch >= 1.6: torch.save(torch.load('old.pth'), 'new.pth')");
        }
        if (head.Length > 0 && head[0] == 0x80)
        {
            throw new LitDslFormatException(fileName,
                "is a bare pickle, not a torch.save zip archive; re-save it with torch.save (PyTorch >= 1.6)");
        }
        throw new LitDslFormatException(fileName, "is not a PyTorch checkpoint (no zip signature 'PK' at the start)");
    }

    private TensorStorage LoadStorage(object?[] id, string where)
    {
        // ('storage', storage_type, key, location, numel): the location (cpu, cuda:0) does not matter for the bytes.
        if (id.Length != 5 || id[0] is not "storage" || id[1] is not PickledObject { Kind: PickledObjectKind.Reference } type
            || type.Global.StorageType is not { } dtype
            || id[2] is not string key || id[4] is not long count)
        {
            throw new LitDslFormatException(FileName, $"{where}: persistent id is not ('storage', <torch storage type>, key, location, numel)");
        }
        if (_storages.TryGetValue(key, out var known))
        {
            if (known.DType != dtype || known.ElementCount != count)
            {
                throw new LitDslFormatException(FileName, $"{where}: storage '{key}' is described twice, differently");
            }
            return known;
        }
        long? available = _archive.StorageLength(key);
        if (available is null)
        {
            throw new LitDslFormatException(FileName, $"{where}: storage '{key}' has no entry {_archive.Prefix}data/{key} in the zip archive");
        }
        int size = StoredElements.Size(dtype);
        if (count < 0 || count > available / size)
        {
            throw new LitDslFormatException(FileName,
                $"{where}: storage '{key}' claims {count} {dtype} elements but its entry has {available} bytes");
        }
        var storage = new TensorStorage(_archive, key, dtype, count);
        _storages.Add(key, storage);
        return storage;
    }
}
