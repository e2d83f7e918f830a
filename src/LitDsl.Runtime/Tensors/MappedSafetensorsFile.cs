using System;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Linq;
using System.Threading;

namespace LitDsl.Runtime.Tensors;

/// <summary>
/// A .safetensors file mapped into memory (<see cref="SafetensorsFile.Open"/>): the header is checked when it is
/// opened, and a tensor's bytes are touched only when <see cref="SafetensorsTensor.ReadFloat32"/> asks for them.
/// Reads may run on many threads at once; dispose to unmap.
/// </summary>
public sealed unsafe class MappedSafetensorsFile : IDisposable
{
    private readonly MemoryMappedFile _mapping;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private readonly long _dataStart;
    private int _disposed;

    private MappedSafetensorsFile(string path, MemoryMappedFile mapping, MemoryMappedViewAccessor view, long length)
    {
        FileName = path;
        _mapping = mapping;
        _view = view;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _start = pointer + view.PointerOffset;
        try
        {
            var file = new ReadOnlySpan<byte>(_start, (int)Math.Min(length, 8));
            int headerLength = SafetensorsHeader.ReadLength(file, length, path);
            _dataStart = 8 + headerLength;
            (var entries, var metadata) =
                SafetensorsHeader.Parse(new ReadOnlySpan<byte>(_start + 8, headerLength), length - _dataStart, path);
            Tensors = entries.ToDictionary(e => e.Name, e => new SafetensorsTensor(this, e), StringComparer.Ordinal);
            Metadata = metadata;
        }
        catch
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            throw;
        }
    }

    /// <summary>The file that is mapped.</summary>
    public string FileName { get; }

    /// <summary>The tensors by name, in the header's order.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> strings (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    internal static MappedSafetensorsFile Open(string path)
    {
        var stream = ReadableFile.Open(path);
        long length = stream.Length;
        if (length < 8)
        {
            // An empty file cannot be mapped at all; the header check gives the clear message.
            stream.Dispose();
            SafetensorsHeader.ReadLength([], length, path);
        }
        MemoryMappedFile? mapping = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            mapping = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = mapping.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new MappedSafetensorsFile(path, mapping, view, length);
        }
        catch (Exception e)
        {
            view?.Dispose();
            mapping?.Dispose();
            stream.Dispose();
            if (e is IOException or UnauthorizedAccessException)
            {
                throw new LitDslFormatException(path, "cannot be mapped: " + e.Message, e);
            }
            throw;
        }
    }

    internal FloatTensor Read(SafetensorsEntry entry)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Hold a reference on the view for the copy, so a concurrent Dispose cannot unmap it underneath us (SafeHandle
        // unmaps when the last reference goes; DangerousAddRef throws once it is closed).
        bool added = false;
        try
        {
            _view.SafeMemoryMappedViewHandle.DangerousAddRef(ref added);
            int count = (int)FloatTensor.ElementCount(entry.Shape);
            var bytes = new ReadOnlySpan<byte>(_start + _dataStart + entry.Begin, checked((int)(entry.End - entry.Begin)));
            return new FloatTensor(entry.Shape, StoredElements.ToFloat32(bytes, count, entry.DType));
        }
        finally
        {
            if (added)
            {
                _view.SafeMemoryMappedViewHandle.DangerousRelease();
            }
        }
    }

    /// <summary>Unmaps the file; tensors read before stay valid.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _mapping.Dispose();
    }
}
