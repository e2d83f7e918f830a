using System;
using System.Globalization;
using System.IO;

namespace LitDsl.Cli.Benchmarking;

/// <summary>The process's peak resident memory, native allocations (ORT's arenas) included.</summary>
internal static class PeakMemory
{
    /// <summary>Bytes of peak resident set (Linux <c>VmHWM</c>), or null where the kernel does not report it.</summary>
    public static long? Bytes()
    {
        const string StatusFile = "/proc/self/status";
        if (!File.Exists(StatusFile)) return null;
        foreach (var line in File.ReadLines(StatusFile))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
                return kib * 1024;
        }
        return null;
    }
}
