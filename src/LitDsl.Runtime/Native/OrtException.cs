using System;

namespace LitDsl.Runtime;

/// <summary>An error reported by ONNX Runtime through a non-null <c>OrtStatus</c>: its code and message, unchanged.</summary>
public sealed class OrtException : Exception
{
    /// <summary>Creates the exception for an ORT error.</summary>
    public OrtException(OrtErrorCode errorCode, string ortMessage, string operation)
        : base($"ONNX Runtime {operation} failed ({errorCode}): {ortMessage}")
    {
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
        Operation = operation;
    }

    /// <summary>The error code ORT reported.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>ORT's own message, without the operation prefix.</summary>
    public string OrtMessage { get; }

    /// <summary>The C API entry that failed, e.g. <c>CreateSessionFromArray</c>.</summary>
    public string Operation { get; }
}
