using Xunit;

namespace LitDsl.Runtime.Tests;

public sealed class ExecutionProviderRefusalTests
{
    [Fact]
    public void Summary_drops_the_source_location_preamble_and_joins_lines()
    {
        var refusal = new ExecutionProviderRefusal(ExecutionProvider.Cuda,
            "/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1988 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() " +
            "[ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_shared.so with error:\n  cannot open shared object file\n");

        Assert.Equal("Failed to load library libonnxruntime_providers_shared.so with error: cannot open shared object file", refusal.Summary);
        Assert.Equal("Cuda: " + refusal.Summary, refusal.ToString());
    }

    [Fact]
    public void Summary_keeps_a_message_without_preamble()
    {
        var refusal = new ExecutionProviderRefusal(ExecutionProvider.TensorRT, "  device_id must be 0 or more ");

        Assert.Equal("device_id must be 0 or more", refusal.Summary);
    }
}
