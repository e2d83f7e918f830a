using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace LitDsl.Runtime.Tensors;

/// <summary>
/// NumPy <c>.npz</c> archives of float32 arrays, as <c>np.savez</c> writes them: a zip whose entries are
/// <c>NAME.npy</c> files (<see cref="NpyFile"/>), one per named array, in order; <c>np.load(path)[NAME]</c> reads one
/// back. Written uncompressed, with fixed timestamps (the same arrays give the same bytes) and atomically; read stored or
/// deflated (<c>np.savez_compressed</c>). Anything else — not a zip, an entry that is not a <c>.npy</c>, a name with a
/// path in it or twice, an entry larger than one array can be or than it claims — is a <see cref="LitDslFormatException"/>
/// naming the file and the entry.
/// </summary>
public static class NpzFile
{
    private const string Extension = ".npy";

    // The zip format's earliest timestamp: entries carry no build time, so equal arrays make equal files.
    private static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="arrays"/> (name, array), in order, to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty, holds a path separator or NUL, or repeats.</exception>
    public static void Write(string path, IReadOnlyList<KeyValuePair<string, FloatTensor>> arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in arrays)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            if (NameProblem(name) is { } problem) throw new ArgumentException($"Array name '{name}' {problem}.", nameof(arrays));
            if (!names.Add(name)) throw new ArgumentException($"Array name '{name}' is given twice.", nameof(arrays));
        }
        AtomicFile.Write(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, tensor) in arrays)
            {
                var entry = archive.CreateEntry(name + Extension, CompressionLevel.NoCompression);
                entry.LastWriteTime = FixedTimestamp;
                using var entryStream = entry.Open();
                NpyFile.WriteTo(entryStream, tensor);
            }
        });
    }

    /// <summary>Reads every array of <paramref name="path"/>, in the archive's order, by name (the entry name without <c>.npy</c>).</summary>
    public static IReadOnlyList<KeyValuePair<string, FloatTensor>> Read(string path)
    {
        using var file = ReadableFile.Open(path);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new LitDslFormatException(path, "not an .npz file (not a zip archive: " + e.Message + ")", e);
        }
        using (archive)
        {
            var arrays = new List<KeyValuePair<string, FloatTensor>>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries)
            {
                var entryName = entry.FullName;
                if (!entryName.EndsWith(Extension, StringComparison.Ordinal))
                    throw new LitDslFormatException(path, $"entry '{entryName}' is not an .npy array");
                var name = entryName[..^Extension.Length];
                if (NameProblem(name) is { } problem) throw new LitDslFormatException(path, $"entry '{entryName}': its name {problem}");
                if (!names.Add(name)) throw new LitDslFormatException(path, $"array '{name}' is stored twice");
                arrays.Add(new(name, NpyFile.Parse(ReadEntry(entry, path), $"{path} ({entryName})")));
            }
            return arrays;
        }
    }

    /// <summary>
    /// An entry's bytes, checked against what it claims before and while reading: no more than one array can hold, and
    /// exactly its declared length (a deflated entry cannot inflate past it).
    /// </summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, string path)
    {
        // An .npy of float32 holds at most Array.MaxLength values, plus its header.
        long limit = (long)Array.MaxLength * sizeof(float) + 65_536;
        if (entry.Length < 0 || entry.Length > limit || entry.Length > Array.MaxLength)
            throw new LitDslFormatException(path, $"entry '{entry.FullName}' claims {entry.Length:N0} bytes, more than one array can hold");
        var bytes = new byte[entry.Length];
        try
        {
            using var stream = entry.Open();
            int read = 0;
            while (read < bytes.Length)
            {
                int n = stream.Read(bytes, read, bytes.Length - read);
                if (n == 0) break;
                read += n;
            }
            if (read != bytes.Length || stream.ReadByte() != -1)
                throw new LitDslFormatException(path, $"entry '{entry.FullName}' does not hold the {entry.Length:N0} bytes it claims");
        }
        catch (InvalidDataException e)
        {
            throw new LitDslFormatException(path, $"entry '{entry.FullName}' is damaged: {e.Message}", e);
        }
        return bytes;
    }

    /// <summary>What makes <paramref name="name"/> unusable as an array name, or null: it must be a plain file name.</summary>
    private static string? NameProblem(string name) =>
        name.Length == 0 ? "is empty"
        : name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or ".." ? "is a path, not a plain name"
        : null;
}
