using System;
using System.IO;

namespace LitDsl.Runtime.Tensors;

/// <summary>Opens or reads an input file, turning I/O failures into the format error that names the file.</summary>
internal static class ReadableFile
{
    /// <summary>The whole file.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
    }

    /// <summary>A read-only stream over the file (others may read it too); the caller owns the stream.</summary>
    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
    }

    private static LitDslFormatException Unreadable(string path, Exception e) => new(path, "cannot be read: " + e.Message, e);
}
