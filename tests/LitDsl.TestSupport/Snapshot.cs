using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace LitDsl.TestSupport;

/// <summary>
/// Snapshot assertions with Verify's file conventions (Verify itself is not on our package mirror): the expected text
/// lives in <c>Snapshots/{name}.verified.txt</c> beside the calling test file and is committed; on a mismatch the
/// actual text is written to <c>{name}.received.txt</c> next to it (git-ignored) and the test fails. To accept a change,
/// review the diff and move the received file over the verified one, or run with <c>LITDSL_ACCEPT_SNAPSHOTS=1</c>.
/// </summary>
public static class Snapshot
{
    public static void Verify(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        var verifiedPath = Path.Combine(directory, name + ".verified.txt");
        var receivedPath = Path.Combine(directory, name + ".received.txt");
        var normalized = Normalize(actual);

        var accept = Environment.GetEnvironmentVariable("LITDSL_ACCEPT_SNAPSHOTS") == "1";
        if (File.Exists(verifiedPath) && Normalize(File.ReadAllText(verifiedPath)) == normalized)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        if (accept)
        {
            File.WriteAllText(verifiedPath, normalized);
            return;
        }
        File.WriteAllText(receivedPath, normalized);
        var reason = File.Exists(verifiedPath) ? "differs from" : "has no";
        throw new XunitException(
            $"Snapshot '{name}': the output {reason} {verifiedPath}. Compare it with {receivedPath}; if the change is " +
            "intended, move the received file over the verified one (or run with LITDSL_ACCEPT_SNAPSHOTS=1).");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";
}
