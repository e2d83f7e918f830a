using System;

namespace LitDsl.Runtime;

/// <summary>An explicitly requested execution provider (TensorRT or CUDA) could not be used; the message says why.</summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    /// <summary>Creates the exception for <paramref name="provider"/> with ORT's reason.</summary>
    public ExecutionProviderUnavailableException(ExecutionProvider provider, string reason, Exception inner)
        : base($"Execution provider {provider} is unavailable: {reason}", inner)
    {
        Provider = provider;
        Reason = reason;
    }

    /// <summary>The provider that was requested.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>Why it was refused (ORT's message).</summary>
    public string Reason { get; }
}
