using System;

namespace LitDsl.Runtime;

/// <summary>What <see cref="InferenceSession.Compile"/> did: the provider, the warm-up input shape and how long the
/// first run took (for TensorRT that includes building the engine), and where the engine cache lives, if anywhere.</summary>
public sealed record CompileReport(ExecutionProvider Provider, int[] InputShape, TimeSpan FirstRunTime, string? EngineCacheDirectory);
