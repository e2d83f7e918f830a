using System.Threading;

namespace LitDsl.Runtime.Native;

/// <summary>
/// The process-wide <c>OrtEnv</c>. ORT expects one environment per process (it owns logging and global state), so it is
/// created on first use and kept for the life of the process; sessions hold no reference of their own.
/// </summary>
internal static class OrtEnvironment
{
    // Errors only: the session reports provider refusals itself, and ORT's warnings (e.g. nodes placed on CPU) would
    // clutter CLI output.
    private const OrtLoggingLevel LogLevel = OrtLoggingLevel.Error;

    private static readonly System.Lazy<OrtEnvHandle> LazyEnv =
        new(() => Ort.CreateEnv(LogLevel, "litdsl"), LazyThreadSafetyMode.ExecutionAndPublication);

    internal static OrtEnvHandle Handle => LazyEnv.Value;
}
