using System;
using System.IO;

namespace LitDsl.Runtime.Tensors;

/// <summary>
/// Writes a file so readers see either the old content or the complete new one: write a temporary file in the same
/// folder (same filesystem), flush it to disk, then rename it over the target. The target must pass
/// <see cref="PathRules.OutputProblem"/> (absent or a regular file, not a link, FIFO, device or directory); a failure
/// removes the temporary file.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with what <paramref name="writeContent"/> writes to the stream it is given.</summary>
    /// <exception cref="IOException">The target is not a path LitDsl writes to, or the write failed.</exception>
    public static void Write(string path, Action<Stream> writeContent)
    {
        using var staged = Stage(path, writeContent);
        staged.Commit();
    }

    /// <summary>
    /// The first half of <see cref="Write"/>: the content written and flushed under a temporary name beside
    /// <paramref name="path"/>, which stays as it was until <see cref="Staged.Commit"/>. A writer of several files
    /// stages them all, then commits them, so a failure on the way leaves every target as it was.
    /// </summary>
    /// <exception cref="IOException">The target is not a path LitDsl writes to, or the write failed.</exception>
    internal static Staged Stage(string path, Action<Stream> writeContent)
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
            return new Staged(temporary, fullPath);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>A complete file under a temporary name; disposing it before <see cref="Commit"/> deletes it.</summary>
    internal sealed class Staged(string temporary, string target) : IDisposable
    {
        private bool _committed;

        /// <summary>The path the file is committed to.</summary>
        internal string Target { get; } = target;

        /// <summary>Renames the file over <see cref="Target"/>.</summary>
        internal void Commit()
        {
            File.Move(temporary, Target, overwrite: true);
            _committed = true;
        }

        public void Dispose()
        {
            if (!_committed)
            {
                File.Delete(temporary);
            }
        }
    }
}
