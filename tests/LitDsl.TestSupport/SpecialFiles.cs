using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace LitDsl.TestSupport;

/// <summary>
/// FIFOs and links for the tests of hostile paths, and a guard that turns a call blocked on a FIFO (the regression
/// these tests look for) into a failure instead of a hung test run.
/// </summary>
public static partial class SpecialFiles
{
    /// <summary>How long a call may take before it counts as blocked.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Creates a FIFO (named pipe) at <paramref name="path"/>.</summary>
    public static string Fifo(string path)
    {
        if (MakeFifo(path, Convert.ToUInt32("644", 8)) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"mkfifo {path}");
        }
        return path;
    }

    /// <summary>
    /// Creates a character device at <paramref name="path"/> with /dev/null's numbers (1, 3), so a test can hand a
    /// device to a command without risking the real one; false where the process may not create devices.
    /// </summary>
    public static bool TryCharacterDevice(string path) => MakeNode(path, 0x2000 | Convert.ToUInt32("644", 8), (1UL << 8) | 3) == 0;

    /// <summary>Creates a symbolic link at <paramref name="path"/> to <paramref name="target"/>.</summary>
    public static string Link(string path, string target)
    {
        File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>Creates a hard link at <paramref name="path"/> to the existing file <paramref name="target"/>.</summary>
    public static string HardLink(string path, string target)
    {
        if (HardLinkNative(target, path) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"link {target} {path}");
        }
        return path;
    }

    /// <summary>
    /// Runs <paramref name="call"/> on its own thread and returns its result; if it has not returned within
    /// <see cref="Patience"/> — blocked opening one of <paramref name="fifos"/>, say — the FIFOs are opened from the
    /// other side (so the blocked call can end) and <see cref="TimeoutException"/> is thrown.
    /// </summary>
    public static T Within<T>(Func<T> call, params string[] fifos)
    {
        var task = Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (task.Wait(Patience))
        {
            return task.Result;
        }
        foreach (string fifo in fifos)
        {
            // Opening both ends without blocking ourselves: O_RDWR on a FIFO never waits (Linux).
            try
            {
                using var unblock = new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite);
            }
            catch (IOException)
            {
            }
        }
        throw new TimeoutException($"the call did not return within {Patience.TotalSeconds} s (blocked on a FIFO or device?)");
    }

    [LibraryImport("libc.so.6", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeFifo(string path, uint mode);

    [LibraryImport("libc.so.6", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeNode(string path, uint mode, ulong device);

    [LibraryImport("libc.so.6", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int HardLinkNative(string existing, string path);
}
