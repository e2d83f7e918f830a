using System;
using System.Text.RegularExpressions;

namespace LitDsl.Runtime;

/// <summary>An execution provider that was tried and refused, with ONNX Runtime's own reason.</summary>
public sealed partial record ExecutionProviderRefusal(ExecutionProvider Provider, string Reason)
{
    /// <summary>
    /// ORT's reason on one line without the source location and error-code preamble it prefixes (<c>/onnxruntime_src/…cc:1988
    /// … [ONNXRuntimeError] : 1 : FAIL : </c>), e.g. "Failed to load library …providers_shared.so …".
    /// </summary>
    public string Summary
    {
        get
        {
            var text = Reason;
            var preamble = OrtPreamble().Match(text);
            if (preamble.Success) text = text[(preamble.Index + preamble.Length)..];
            return Whitespace().Replace(text, " ").Trim();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Provider}: {Summary}";

    [GeneratedRegex(@"\[ONNXRuntimeError\] : \d+ : [A-Z_]+ : ")]
    private static partial Regex OrtPreamble();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
