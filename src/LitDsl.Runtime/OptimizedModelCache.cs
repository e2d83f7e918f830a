using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LitDsl.Runtime.Native;

namespace LitDsl.Runtime;

/// <summary>
/// The on-disk cache of ORT-optimised models under <see cref="InferenceOptions.CacheDirectory"/>: the first CPU session
/// for a model saves the graph ORT produced (fusions, constant folding, NCHWc layout with weights already reordered);
/// later sessions load that graph with optimisation disabled, so a start skips the optimiser.
/// <para>An entry is keyed by SHA-256 over the model bytes, the ONNX Runtime version, the provider, the optimisation
/// level and the processor (model name and feature flags): ORT's CPU layout depends on the vector width, so an entry
/// written on one machine must never be used on another kind. Entries are written to a temporary name and renamed into
/// place, so a reader sees a complete file or none.</para>
/// <para>Beside each entry a record (<c>&lt;key&gt;.onnx.sha256</c>) holds the entry's key and the SHA-256 of its bytes,
/// written when the entry is saved. An entry is loaded only from bytes that hash to what its record says, so an entry
/// whose content was swapped (another model's, a copy from elsewhere, a damaged file) or one without its own record is
/// rebuilt, never run.</para>
/// </summary>
internal static class OptimizedModelCache
{
    /// <summary>The folder TensorRT engines and timing caches go to when only the cache root is given.</summary>
    internal static string TensorRtFolder(string cacheDirectory) => Path.Combine(cacheDirectory, "tensorrt");

    /// <summary>The entry for <paramref name="onnxModel"/> under <paramref name="cacheDirectory"/> (it may not exist).</summary>
    internal static string EntryPath(string cacheDirectory, byte[] onnxModel, ExecutionProvider provider, InferenceOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(onnxModel);
        string context = string.Join('\n',
            "litdsl-startup-cache-v1",
            OrtLibrary.VersionString,
            provider.ToString(),
            ((int)options.GraphOptimizationLevel).ToString(CultureInfo.InvariantCulture),
            ProcessorFingerprint(),
            // Config entries can switch optimisers off; an entry made without them must not be reused with them.
            string.Join('\n', options.ConfigEntries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value)));
        hash.AppendData(Encoding.UTF8.GetBytes(context));
        string key = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        return Path.Combine(cacheDirectory, "ort", key + ".onnx");
    }

    /// <summary>The record of <paramref name="entryPath"/>: its key and the SHA-256 of its bytes.</summary>
    internal static string RecordPath(string entryPath) => entryPath + ".sha256";

    /// <summary>
    /// Null when <paramref name="entryBytes"/>, read from <paramref name="entryPath"/>, are what its record says was
    /// saved there; otherwise what is wrong.
    /// </summary>
    internal static string? Verify(string entryPath, byte[] entryBytes)
    {
        string recorded;
        try
        {
            recorded = File.ReadAllText(RecordPath(entryPath), Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "it has no record of what was saved there (" + Path.GetFileName(RecordPath(entryPath)) + ")";
        }
        string expected = Record(entryPath, entryBytes);
        if (recorded == expected)
        {
            return null;
        }
        return recorded.StartsWith(RecordHead(entryPath), StringComparison.Ordinal)
            ? "its content is not what was saved there (SHA-256 differs from its record)"
            : "its record belongs to another entry";
    }

    /// <summary>Puts <paramref name="record"/> beside <paramref name="entryPath"/>, atomically.</summary>
    private static void WriteRecord(string entryPath, string record)
    {
        string temporaryRecord = TemporaryPath(RecordPath(entryPath));
        File.WriteAllText(temporaryRecord, record, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporaryRecord, RecordPath(entryPath), overwrite: true);
    }

    private static string Record(string entryPath, byte[] entryBytes) =>
        RecordHead(entryPath) + Convert.ToHexString(SHA256.HashData(entryBytes)).ToLowerInvariant() + "\n";

    // The entry's file name is its key: a record moved beside another entry does not match it.
    private static string RecordHead(string entryPath) => $"litdsl-startup-cache-v1 {Path.GetFileName(entryPath)} sha256 ";

    /// <summary>A temporary name beside <paramref name="entryPath"/> for ORT to write the optimised model to.</summary>
    internal static string TemporaryPath(string entryPath) =>
        Path.Combine(Path.GetDirectoryName(entryPath)!, $".{Path.GetFileName(entryPath)}.{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Moves a completely written temporary file into place (an existing entry is replaced), then its record. A reader
    /// between the two renames sees an entry that does not match its record and rebuilds it.
    /// </summary>
    internal static void Commit(string temporaryPath, string entryPath)
    {
        if (File.Exists(temporaryPath) && new FileInfo(temporaryPath).Length > 0)
        {
            // The record is of the bytes this session saved, hashed before they go into place.
            string record = Record(entryPath, File.ReadAllBytes(temporaryPath));
            File.Move(temporaryPath, entryPath, overwrite: true);
            WriteRecord(entryPath, record);
        }
        else
        {
            Discard(temporaryPath);
        }
    }

    internal static void Discard(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless: entries are only ever read under their final name.
        }
    }

    /// <summary>The processor's model name and feature flags (Linux), or its architecture elsewhere.</summary>
    private static string ProcessorFingerprint()
    {
        const string CpuInfo = "/proc/cpuinfo";
        string architecture = RuntimeInformation.ProcessArchitecture.ToString();
        try
        {
            if (File.Exists(CpuInfo))
            {
                var lines = File.ReadLines(CpuInfo).TakeWhile(l => l.Length > 0)
                    .Where(l => l.StartsWith("model name", StringComparison.Ordinal) || l.StartsWith("flags", StringComparison.Ordinal)
                        || l.StartsWith("Features", StringComparison.Ordinal));
                return architecture + "\n" + string.Join('\n', lines);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return architecture;
    }
}
