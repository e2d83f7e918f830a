using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LitDsl.Runtime.Checkpoints;
using LitDsl.Runtime.Tensors;

namespace LitDsl.Runtime.Weights;

/// <summary>
/// A state_dict on disk, whatever its container: a PyTorch checkpoint (the state_dict at the top level or nested under
/// <c>model</c>, <c>state_dict</c>, …) or a .safetensors file (memory-mapped). The format is recognised by content, then
/// by extension. Opening reads names, types and shapes only; values are read per tensor.
/// </summary>
public sealed class WeightFile : IDisposable
{
    private static readonly string[] PyTorchExtensions = [".pth", ".pt", ".bin", ".ckpt", ".tar"];

    private readonly IDisposable _owner;

    private WeightFile(string path, WeightFileFormat format, string location, IReadOnlyDictionary<string, IStoredTensor> tensors, IDisposable owner)
    {
        FileName = path;
        Format = format;
        StateDictLocation = location;
        Tensors = tensors;
        _owner = owner;
    }

    /// <summary>The file's path.</summary>
    public string FileName { get; }

    /// <summary>The container format.</summary>
    public WeightFileFormat Format { get; }

    /// <summary>Where the state_dict was in a checkpoint (<c>model</c>), or "" at the top level / in safetensors.</summary>
    public string StateDictLocation { get; }

    /// <summary>The state_dict's tensors by key, in the file's order.</summary>
    public IReadOnlyDictionary<string, IStoredTensor> Tensors { get; }

    /// <summary>Opens <paramref name="path"/>; every problem with it is a <see cref="LitDslFormatException"/>.</summary>
    public static WeightFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (DetectFormat(path) == WeightFileFormat.PyTorch)
        {
            var checkpoint = PyTorchCheckpoint.Open(path);
            try
            {
                var stateDict = checkpoint.FindStateDict();
                var tensors = stateDict.Tensors.ToDictionary(t => t.Key, t => (IStoredTensor)t.Value, StringComparer.Ordinal);
                return new WeightFile(path, WeightFileFormat.PyTorch, stateDict.Location, tensors, checkpoint);
            }
            catch
            {
                checkpoint.Dispose();
                throw;
            }
        }
        var safetensors = SafetensorsFile.Open(path);
        var entries = safetensors.Tensors.ToDictionary(t => t.Key, t => (IStoredTensor)t.Value, StringComparer.Ordinal);
        return new WeightFile(path, WeightFileFormat.Safetensors, "", entries, safetensors);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _owner.Dispose();

    /// <summary>
    /// The container of <paramref name="path"/>, told by its first bytes (a safetensors header length that fits the
    /// file and its '{'; a zip's 'PK'; a pickle's PROTO), else by its extension.
    /// </summary>
    /// <exception cref="LitDslFormatException">The file cannot be read, or is neither.</exception>
    public static WeightFileFormat DetectFormat(string path) =>
        IsPyTorch(path) ? WeightFileFormat.PyTorch : WeightFileFormat.Safetensors;

    private static bool IsPyTorch(string path)
    {
        Span<byte> head = stackalloc byte[9];
        int read;
        long length;
        using (var stream = ReadableFile.Open(path))
        {
            try
            {
                length = stream.Length;
                read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }
            catch (IOException e)
            {
                throw new LitDslFormatException(path, "cannot be read: " + e.Message, e);
            }
        }
        head = head[..read];
        // safetensors: an 8-byte little-endian header length that fits the file, then the JSON header's '{'. Checked
        // first: the length's low byte may be anything, 0x80 (pickle's PROTO) and 'P' included.
        if (head.Length == 9 && head[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(head) <= (ulong)(length - 8))
        {
            return false;
        }
        // Zip ('PK') or a bare/legacy pickle (PROTO 0x80): the checkpoint reader says which and what to do.
        if (head.StartsWith("PK"u8) || (head.Length > 0 && head[0] == 0x80))
        {
            return true;
        }
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (PyTorchExtensions.Contains(extension))
        {
            return true;
        }
        if (extension == ".safetensors")
        {
            return false;
        }
        throw new LitDslFormatException(path, "is neither a PyTorch checkpoint (a torch.save zip archive) nor a .safetensors file");
    }
}
