using LitDsl.Runtime.Serving;
using LitDsl.TestSupport.Triton;

namespace LitDsl.Runtime.Tests.Serving;

/// <summary>
/// The schema check itself: protoc with Triton's schema accepts what the writer writes and refuses a config with an
/// unknown field, a value of the wrong type, an unknown enum value or broken syntax — so a config that passes
/// the repository tests is one Triton's parser reads.
/// </summary>
public sealed class TritonSchemaTests
{
    private static readonly string Written = TritonConfigText.Write(TritonModelConfig.Create(
        "scores", LitDsl.Onnx.OnnxSignature.Read(TestModels.ScoresModel(5)), ["a", "b", "c", "d", "e"], new TritonSettings { Fp16 = true }));

    [Fact]
    public void What_the_writer_writes_encodes()
    {
        var result = TritonSchema.Encode(Written);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.NotEmpty(result.Binary);
    }

    [Theory]
    [InlineData("max_batch_size: 8", "max_batch: 8", "no field named \"max_batch\"")]
    [InlineData("max_batch_size: 8", "max_batch_size: \"8\"", "Expected integer")]
    [InlineData("max_batch_size: 8", "max_batch_size: 8.5", "Expected integer")]
    [InlineData("data_type: TYPE_FP32", "data_type: TYPE_FLOAT32", "Unknown enumeration value of \"TYPE_FLOAT32\"")]
    [InlineData("kind: KIND_AUTO", "kind: KIND_TPU", "Unknown enumeration value of \"KIND_TPU\"")]
    [InlineData("dims: [ 5 ]", "dims: [ 5 ", "Expected \",\", found \"}\"")]
    [InlineData("dynamic_batching {", "dynamic_batching", "Expected \"{\"")]
    [InlineData("backend: \"onnxruntime\"", "backend: onnxruntime", "Expected string")]
    [InlineData("label_filename: \"labels.txt\"", "label_file: \"labels.txt\"", "no field named \"label_file\"")]
    public void A_config_with_an_unknown_field_a_wrong_type_or_bad_syntax_is_refused(string original, string broken, string complaint)
    {
        Assert.Contains(original, Written, StringComparison.Ordinal);

        var result = TritonSchema.Encode(Written.Replace(original, broken, StringComparison.Ordinal));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(complaint, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_TensorRT_parameters_are_ones_Triton_s_ONNX_Runtime_backend_accepts()
    {
        var config = TritonModelConfig.Create(
            "scores", LitDsl.Onnx.OnnxSignature.Read(TestModels.ScoresModel(5)), null, new TritonSettings());

        Assert.Subset(TritonOnnxRuntimeBackend.TensorRtParameterKeys, config.TensorRtParameters.Select(parameter => parameter.Key).ToHashSet());
    }
}
