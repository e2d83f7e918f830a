using System;
using System.IO;

namespace LitDsl.Runtime.Tensors;

/// <summary>
/// The rules for the files LitDsl reads and writes, in one place. Every reader of a tensor or weight file
/// (<see cref="NpyFile"/>, <see cref="SafetensorsFile"/>, checkpoints, <see cref="Weights.WeightFile"/>) checks its
/// input and every writer (<see cref="NpyFile.Write"/>, <see cref="SafetensorsFile.Write(string, System.Collections.Generic.IReadOnlyDictionary{string, FloatTensor}, System.Collections.Generic.IReadOnlyDictionary{string, string}?)"/>,
/// <c>convert</c>) its output by these rules before opening anything; the command line applies them to every file
/// argument, and also refuses an output that is one of the command's inputs (<see cref="SameFile"/>).
/// <list type="bullet">
/// <item>An input must be a regular file; a symbolic link to one is followed. A directory, a FIFO (which would block
/// the reader until some writer came), a device (<c>/dev/zero</c> never ends) or a socket is refused before it is
/// opened.</item>
/// <item>An output must be absent or a regular file. A directory, FIFO, device or socket is refused: writing replaces
/// the path by renaming a new file over it, which would turn <c>/dev/null</c> into a regular file. A symbolic link is
/// refused too, whatever it points to: the rename would replace the link itself, not write to its target, so the
/// caller names the target (or removes the link). A folder on the way may be a link.</item>
/// <item>A folder outputs are written into (a model repository) must be a folder, a link to one, or a new name under
/// a folder (<see cref="OutputFolderProblem"/>).</item>
/// </list>
/// Outputs are written atomically (a temporary file in the same folder, flushed, then renamed into place), so a
/// failure leaves the old file or none, never half a file. The check and the open are two steps: a path swapped
/// between them by another process is not caught.
/// </summary>
public static class PathRules
{
    /// <summary>Null when <paramref name="path"/> can be read as an input, else what is wrong with it (without the path).</summary>
    public static string? InputProblem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStatus status;
        try
        {
            status = FileStatus.Of(path, followLinks: true);
        }
        catch (IOException e)
        {
            return "cannot be read: " + e.Message;
        }
        return status.Kind switch
        {
            FileKind.Regular => null,
            FileKind.Missing => "does not exist",
            _ => $"is {Describe(status.Kind)}, not a regular file (LitDsl reads only regular files)",
        };
    }

    /// <summary>Null when <paramref name="path"/> can be written as an output, else what is wrong with it (without the path).</summary>
    public static string? OutputProblem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStatus status;
        try
        {
            status = FileStatus.Of(path, followLinks: false);
        }
        catch (IOException e)
        {
            return "cannot be written: " + e.Message;
        }
        return status.Kind switch
        {
            FileKind.Missing or FileKind.Regular => null,
            FileKind.SymbolicLink =>
                $"is a symbolic link (to {new FileInfo(path).LinkTarget}); outputs are written by renaming a new file over the path, which would replace the link, not write to what it points to: name the target itself, or remove the link",
            _ => $"is {Describe(status.Kind)}; an output must be a regular file or a new name (writing would replace it with a regular file)",
        };
    }

    /// <summary>
    /// Null when <paramref name="path"/> can be a folder that outputs are written into, else what is wrong with it
    /// (without the path): it must be a folder (a symbolic link to one is followed: the files are written inside it,
    /// the link is not replaced) or a new name whose nearest existing ancestor is a folder. A regular file, FIFO,
    /// device or socket is refused, and so is a link to nothing.
    /// </summary>
    public static string? OutputFolderProblem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        try
        {
            var status = FileStatus.Of(full, followLinks: true);
            if (status.Kind == FileKind.Directory)
            {
                return null;
            }
            if (status.Kind != FileKind.Missing)
            {
                return $"is {Describe(status.Kind)}; an output folder must be a folder or a new name";
            }
            if (FileStatus.Of(full, followLinks: false).Kind == FileKind.SymbolicLink)
            {
                return $"is a symbolic link to {new FileInfo(full).LinkTarget}, which does not exist";
            }
            // A missing folder is created with its missing ancestors; the first existing one must be a folder.
            for (string? ancestor = Path.GetDirectoryName(full); ancestor is not null; ancestor = Path.GetDirectoryName(ancestor))
            {
                var kind = FileStatus.Of(ancestor, followLinks: true).Kind;
                if (kind != FileKind.Missing)
                {
                    return kind == FileKind.Directory ? null : $"cannot be created: {ancestor} is {Describe(kind)}";
                }
            }
            return null;
        }
        catch (IOException e)
        {
            return "cannot be written: " + e.Message;
        }
    }

    /// <summary>
    /// Whether <paramref name="first"/> and <paramref name="second"/> name the same existing file — through a symbolic
    /// link, a hard link or another spelling of the path included.
    /// </summary>
    public static bool SameFile(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        try
        {
            FileStatus a = FileStatus.Of(first, followLinks: true), b = FileStatus.Of(second, followLinks: true);
            if (a.Kind == FileKind.Missing || b.Kind == FileKind.Missing)
            {
                return false;
            }
            if (a.Identity is { } ida && b.Identity is { } idb)
            {
                return ida == idb;
            }
        }
        catch (IOException)
        {
            // Fall back to comparing the paths.
        }
        return string.Equals(Resolved(first), Resolved(second), StringComparison.Ordinal);
    }

    private static string Resolved(string path)
    {
        var info = new FileInfo(Path.GetFullPath(path));
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
    }

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.SymbolicLink => "a symbolic link",
        _ => kind.ToString(),
    };
}
