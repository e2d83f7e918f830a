using System.Threading;

namespace LitDsl.Runtime.Native;

/// <summary>
/// The process-wide <c>OrtEnv</c>. ORT expects one environment per process (it owns logging and global state), so it is
/// created on first use and kept for the life of the process; sessions hold no reference of their own.
/// </summary>
internal static class OrtEnvironment
{
    // Fatal only. Every failure ORT logs as an error also comes back to us as a status, which becomes an OrtException or
    // a recorded provider refusal; a GPU build's refused providers would otherwise print two red lines on stderr
    // ("Failed to load library …providers_cuda.so …") before the CLI's own report of the same reason. Warnings (e.g.
    // nodes placed on the CPU) would clutter CLI output as well.
    private const OrtLoggingLevel LogLevel = OrtLoggingLevel.Fatal;

    private static readonly System.Lazy<OrtEnvHandle> LazyEnv =
        new(() => Ort.CreateEnv(LogLevel, "litdsl"), LazyThreadSafetyMode.ExecutionAndPublication);

    internal static OrtEnvHandle Handle => LazyEnv.Value;
}
