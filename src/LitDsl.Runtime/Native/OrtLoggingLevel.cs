namespace LitDsl.Runtime.Native;

/// <summary><c>OrtLoggingLevel</c>: the minimum severity ORT writes to stderr.</summary>
internal enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
