using System;
using System.IO;

namespace LitDsl.Runtime.Tensors;

/// <summary>
/// Opens or reads an input file after checking it by <see cref="PathRules.InputProblem"/> (a regular file, never a
/// FIFO, device or directory), turning every problem and I/O failure into the format error that names the file.
/// </summary>
internal static class ReadableFile
{
    /// <summary>The whole file.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        Check(path);
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
        Check(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
    }

    private static void Check(string path)
    {
        if (PathRules.InputProblem(path) is { } problem)
        {
            throw new LitDslFormatException(path, problem);
        }
    }

    private static LitDslFormatException Unreadable(string path, Exception e) => new(path, "cannot be read: " + e.Message, e);
}
