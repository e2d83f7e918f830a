namespace LitDsl.Runtime;

/// <summary>An execution provider that was tried and refused, with ONNX Runtime's own reason.</summary>
public sealed record ExecutionProviderRefusal(ExecutionProvider Provider, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Provider}: {Reason}";
}
