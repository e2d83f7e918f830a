using System;
using System.Globalization;
using System.IO;

namespace LitDsl.Runtime.Benchmarking;

/// <summary>
/// The process's resident memory as Linux reports it in <c>/proc/self/status</c>: <c>VmRSS</c> (now) and <c>VmHWM</c>
/// (the peak). <see cref="TryResetPeak"/> restarts the peak (writing 5 to <c>/proc/self/clear_refs</c>), so a phase's
/// own peak can be read. Elsewhere the values are null.
/// </summary>
public static class ProcessMemory
{
    /// <summary>Resident bytes now, or null where /proc is not available.</summary>
    public static long? ResidentBytes() => Read("VmRSS:");

    /// <summary>Peak resident bytes since the process started or the last <see cref="TryResetPeak"/>.</summary>
    public static long? PeakResidentBytes() => Read("VmHWM:");

    /// <summary>Restarts the peak at the current resident size; false where the kernel does not allow it.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? Read(string key)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
                // "VmHWM:     123456 kB"
                string[] parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
