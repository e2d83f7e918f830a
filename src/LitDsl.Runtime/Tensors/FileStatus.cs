using System;
using System.IO;
using System.Runtime.InteropServices;

namespace LitDsl.Runtime.Tensors;

/// <summary>
/// The kind of a path and the identity of the file it names (device and inode), read without opening it — opening a
/// FIFO for reading blocks until a writer comes. On Linux this is <c>statx(2)</c> from the C library, whose buffer has
/// the same layout on every architecture; elsewhere (or without <c>statx</c>) the .NET file APIs, which cannot tell a
/// FIFO or device from a regular file and give no identity.
/// </summary>
internal readonly record struct FileStatus(FileKind Kind, (ulong Device, ulong Inode)? Identity)
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const int NoSuchFile = 2;     // ENOENT
    private const int NotADirectory = 20; // ENOTDIR: a path component is a file
    private const int BufferSize = 256;

    private static readonly unsafe delegate* unmanaged<int, byte*, int, uint, byte*, int> Statx = FindStatx();

    /// <summary>The status of <paramref name="path"/>, following a final symbolic link when <paramref name="followLinks"/>.</summary>
    /// <exception cref="IOException">The file system refused to say (no permission to search a folder, …).</exception>
    internal static unsafe FileStatus Of(string path, bool followLinks)
    {
        string full = Path.GetFullPath(path);
        if (Statx == null)
        {
            return Managed(full, followLinks);
        }
        byte[] name = System.Text.Encoding.UTF8.GetBytes(full + "\0");
        byte* buffer = stackalloc byte[BufferSize];
        int result;
        fixed (byte* pathName = name)
        {
            result = Statx(AtCurrentDirectory, pathName, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxIno, buffer);
        }
        if (result != 0)
        {
            int error = Marshal.GetLastSystemError();
            if (error is NoSuchFile or NotADirectory)
            {
                return new FileStatus(FileKind.Missing, null);
            }
            throw new IOException(Marshal.GetPInvokeErrorMessage(error));
        }
        ushort mode = *(ushort*)(buffer + 28);
        ulong inode = *(ulong*)(buffer + 32);
        ulong device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            // 0xC000, and nothing else is defined: a socket.
            _ => FileKind.Socket,
        };
        return new FileStatus(kind, (device, inode));
    }

    private static FileStatus Managed(string full, bool followLinks)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            if (!followLinks)
            {
                return new FileStatus(FileKind.SymbolicLink, null);
            }
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            return target is null || !target.Exists ? new FileStatus(FileKind.Missing, null)
                : new FileStatus(target is DirectoryInfo ? FileKind.Directory : FileKind.Regular, null);
        }
        return info.Exists ? new FileStatus(FileKind.Regular, null)
            : Directory.Exists(full) ? new FileStatus(FileKind.Directory, null)
            : new FileStatus(FileKind.Missing, null);
    }

    private static unsafe delegate* unmanaged<int, byte*, int, uint, byte*, int> FindStatx()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        foreach (string library in new[] { "libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1" })
        {
            if (NativeLibrary.TryLoad(library, out nint handle) && NativeLibrary.TryGetExport(handle, "statx", out nint statx))
            {
                return (delegate* unmanaged<int, byte*, int, uint, byte*, int>)statx;
            }
        }
        return null;
    }
}
