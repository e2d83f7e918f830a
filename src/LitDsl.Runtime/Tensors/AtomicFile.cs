using System;
using System.IO;

namespace LitDsl.Runtime.Tensors;

/// <summary>
/// Writes a file so readers see either the old content or the complete new one: write a temporary file in the same
/// folder (same filesystem), flush it to disk, then rename it over the target. The target must pass
/// <see cref="PathRules.OutputProblem"/> (absent or a regular file, not a link, FIFO, device or directory); a failure
/// removes the temporary file.
/// </summary>
internal static class AtomicFile
{
    /// <exception cref="IOException">The target is not a path LitDsl writes to, or the write failed.</exception>
    internal static void Write(string path, Action<Stream> writeContent)
    {
        if (PathRules.OutputProblem(path) is { } problem)
        {
            throw new IOException($"{path}: {problem}");
        }
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
