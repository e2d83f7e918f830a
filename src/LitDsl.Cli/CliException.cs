using System;

namespace LitDsl.Cli;

/// <summary>A failure the user can fix, shown as one line (no stack trace).</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
