using System;
using System.Collections.Generic;
using System.Linq;
using LitDsl.Runtime;

namespace LitDsl.Cli;

/// <summary>
/// What to do about refused GPU providers, told from ONNX Runtime's own reasons: a CPU build does not have them at all,
/// a GPU build has them but lacks a CUDA, cuDNN or TensorRT library on the loader path.
/// </summary>
internal static class ProviderRefusalHint
{
    public static string? For(IEnumerable<ExecutionProviderRefusal> refusals)
    {
        string[] reasons = refusals.Select(r => r.Summary).ToArray();
        if (reasons.Any(r => r.Contains("not enabled in this build", StringComparison.Ordinal)))
        {
            return "(this ONNX Runtime is a CPU build: reference the LitDsl.Runtime.Gpu package, or set LITDSL_ONNXRUNTIME to a GPU build's libonnxruntime.so; see README, \"The NVIDIA GPU build\")";
        }
        if (reasons.Any(r => r.Contains("cannot open shared object file", StringComparison.Ordinal)))
        {
            return "(the GPU build is loaded but a library its providers need is missing: CUDA 13 and cuDNN 9, and TensorRT 10 for TensorRT, on LD_LIBRARY_PATH; see README, \"The NVIDIA GPU build\")";
        }
        return null;
    }
}
