using System;
using System.IO;
using System.Linq;
using System.Text;
using LitDsl.Runtime;
using LitDsl.Runtime.Imaging;
using LitDsl.TestSupport;
using LitDsl.TestSupport.Triton;
using Xunit;

namespace LitDsl.Cli.Tests;

/// <summary>
/// <c>triton</c>: the repository it writes for declared models — every config.pbtxt read through protoc against
/// Triton's schema, every model.onnx loaded by ONNX Runtime with the names and dims its config states, the same bytes
/// from the same inputs.
/// </summary>
public sealed class TritonCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "checkpoints", name);

    [Fact]
    public void LITv2_S_and_HiLo_demo_are_served_by_ONNX_Runtime_batched_dynamically_with_TensorRT_in_FP16()
    {
        using var temp = new TempDirectory();
        string repo = temp.File("repo");

        var result = CliResult.Of("triton", "litv2-s", "hilo-demo", "-o", repo, "--fp16");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        string[] lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"wrote {Path.Combine(repo, "litv2-s")}: config.pbtxt, 1/model.onnx (", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("labels.txt (1,000 labels); input input [3, 224, 224], output logits [1000]; max batch 8, 1 × KIND_AUTO, TensorRT FP16, profile batch 1–8", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("; input input [196, 384], output output [196, 384]; max batch 8, 1 × KIND_AUTO, TensorRT FP16, profile batch 1–8", lines[1], StringComparison.Ordinal);

        foreach (string model in new[] { "litv2-s", "hilo-demo" })
        {
            var config = CheckAgainstSchemaAndOrt(repo, model);
            Assert.Equal(model, config.Name);
            Assert.Equal("onnxruntime", config.Backend);
            Assert.Equal(8, config.MaxBatchSize);
            Assert.Equal([8], config.DynamicBatching.PreferredBatchSize);
            Assert.Equal(100UL, config.DynamicBatching.MaxQueueDelayMicroseconds);
            Assert.Equal(ModelInstanceGroup.Types.Kind.Auto, Assert.Single(config.InstanceGroup).Kind);
            var tensorRt = Assert.Single(config.Optimization.ExecutionAccelerators.GpuExecutionAccelerator);
            Assert.Equal("tensorrt", tensorRt.Name);
            Assert.Equal("FP16", tensorRt.Parameters["precision_mode"]);
            Assert.Equal("1", tensorRt.Parameters["trt_engine_cache_enable"]);
            Assert.Equal($"/trt-cache/{model}", tensorRt.Parameters["trt_engine_cache_path"]);
            Assert.Subset(TritonOnnxRuntimeBackend.TensorRtParameterKeys, tensorRt.Parameters.Keys.ToHashSet());
        }

        Snapshot.Verify(File.ReadAllText(Path.Combine(repo, "litv2-s", "config.pbtxt")), "triton-fp16.litv2-s.config.pbtxt");
        Snapshot.Verify(File.ReadAllText(Path.Combine(repo, "hilo-demo", "config.pbtxt")), "triton-fp16.hilo-demo.config.pbtxt");
        Assert.Equal(File.ReadAllText(Path.Combine(repo, "litv2-s", "config.pbtxt")), ReadmeBlockAfter("`repo/litv2-s/config.pbtxt`:"));
        var litv2 = TritonSchema.Parse(File.ReadAllText(Path.Combine(repo, "litv2-s", "config.pbtxt")));
        Assert.Equal([3L, 224, 224], Assert.Single(litv2.Input).Dims);
        var logits = Assert.Single(litv2.Output);
        Assert.Equal([1000L], logits.Dims);
        Assert.Equal("labels.txt", logits.LabelFilename);
        Assert.Equal(ImageNetLabels.ImageNet1k, File.ReadAllText(Path.Combine(repo, "litv2-s", "labels.txt")).TrimEnd('\n').Split('\n'));
        Assert.Equal("input:1x3x224x224", litv2.Optimization.ExecutionAccelerators.GpuExecutionAccelerator[0].Parameters["trt_profile_min_shapes"]);
        Assert.Equal("input:8x3x224x224", litv2.Optimization.ExecutionAccelerators.GpuExecutionAccelerator[0].Parameters["trt_profile_max_shapes"]);
        Assert.False(File.Exists(Path.Combine(repo, "hilo-demo", "labels.txt")));
        Assert.Equal(
            ["hilo-demo/1/model.onnx", "hilo-demo/config.pbtxt", "litv2-s/1/model.onnx", "litv2-s/config.pbtxt", "litv2-s/labels.txt"],
            Files(repo));
    }

    [Fact]
    public void The_same_models_weights_and_options_give_the_same_bytes_and_the_model_file_is_export_s()
    {
        using var temp = new TempDirectory();
        string[] options = ["--max-batch", "4", "--instances", "2", "--kind", "gpu", "--weights", Fixture("checkpoint-litv2.pth")];

        var first = CliResult.Of(["triton", "checkpoint-litv2", "-o", temp.File("first"), .. options]);
        var second = CliResult.Of(["triton", "checkpoint-litv2", "-o", temp.File("second"), .. options]);
        var export = CliResult.Of("export", "checkpoint-litv2", "-o", temp.File("export.onnx"), "--weights", Fixture("checkpoint-litv2.pth"));

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0 && export.ExitCode == 0, first.Error + second.Error + export.Error);
        Assert.Equal(["checkpoint-litv2/1/model.onnx", "checkpoint-litv2/config.pbtxt"], Files(temp.File("first")));
        Assert.Equal(Files(temp.File("first")), Files(temp.File("second")));
        foreach (string file in Files(temp.File("first")))
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.File("first"), file)), File.ReadAllBytes(Path.Combine(temp.File("second"), file)));
        Assert.Equal(File.ReadAllBytes(temp.File("export.onnx")), File.ReadAllBytes(Path.Combine(temp.File("first"), "checkpoint-litv2", "1", "model.onnx")));

        var config = CheckAgainstSchemaAndOrt(temp.File("first"), "checkpoint-litv2");
        var group = Assert.Single(config.InstanceGroup);
        Assert.Equal((ModelInstanceGroup.Types.Kind.Gpu, 2), (group.Kind, group.Count));
        Assert.Equal("FP32", config.Optimization.ExecutionAccelerators.GpuExecutionAccelerator[0].Parameters["precision_mode"]);
        Assert.Equal([4], config.DynamicBatching.PreferredBatchSize);
    }

    [Fact]
    public void CPU_instances_get_no_TensorRT_accelerator()
    {
        using var temp = new TempDirectory();

        var result = CliResult.Of("triton", "hilo-demo", "-o", temp.File("repo"), "--kind", "cpu", "--instances", "3", "--max-batch", "32",
            "--max-queue-delay-us", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.EndsWith("max batch 32, 3 × KIND_CPU, no TensorRT (CPU instances)\n", result.Output, StringComparison.Ordinal);
        var config = CheckAgainstSchemaAndOrt(temp.File("repo"), "hilo-demo");
        Assert.Equal((ModelInstanceGroup.Types.Kind.Cpu, 3), (Assert.Single(config.InstanceGroup).Kind, config.InstanceGroup[0].Count));
        Assert.Null(config.Optimization);
        Assert.Equal(32, config.MaxBatchSize);
        Assert.Equal(0UL, config.DynamicBatching.MaxQueueDelayMicroseconds);
    }

    [Fact]
    public void A_backbone_is_served_at_any_size_with_every_output_and_a_height_and_width_profile_when_given()
    {
        using var temp = new TempDirectory();

        var result = CliResult.Of("triton", "tiny-backbone", "-o", temp.File("repo"), "--max-batch", "4",
            "--profile-size", "64x64:96x128:256x320");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.EndsWith("max batch 4, 1 × KIND_AUTO, TensorRT FP32, profile batch 1–4\n", result.Output, StringComparison.Ordinal);
        var config = TritonSchema.Parse(File.ReadAllText(Path.Combine(temp.File("repo"), "tiny-backbone", "config.pbtxt"), Encoding.UTF8));
        Assert.Equal([3L, -1, -1], Assert.Single(config.Input).Dims);
        Assert.Equal(["out0", "out1", "out2", "out3"], config.Output.Select(o => o.Name));
        Assert.Equal([[8L, -1, -1], [16L, -1, -1], [32L, -1, -1], [64L, -1, -1]], config.Output.Select(o => o.Dims.ToArray()));
        var tensorRt = config.Optimization.ExecutionAccelerators.GpuExecutionAccelerator[0].Parameters;
        Assert.Equal("input:1x3x64x64", tensorRt["trt_profile_min_shapes"]);
        Assert.Equal("input:4x3x96x128", tensorRt["trt_profile_opt_shapes"]);
        Assert.Equal("input:4x3x256x320", tensorRt["trt_profile_max_shapes"]);

        byte[] onnx = File.ReadAllBytes(Path.Combine(temp.File("repo"), "tiny-backbone", "1", "model.onnx"));
        using var session = InferenceSession.Create(onnx, new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 });
        Assert.Equal(config.Output.Select(o => o.Name), session.OutputNames);
        Assert.Equal(Assert.Single(config.Input).Dims.Prepend(-1), session.InputDimensions);

        // Without a profile the config says why it has none; a profile on a model of one size, or out of order, is refused.
        var plain = CliResult.Of("triton", "tiny-backbone", "-o", temp.File("plain"));
        Assert.Contains("no shape profile: the input 'input' takes any height and width and no image profile was given (--profile-size)", plain.Output, StringComparison.Ordinal);
        var classifier = CliResult.Of("triton", "hilo-demo", "-o", temp.File("c"), "--profile-size", "64x64:96x96:128x128");
        Assert.Equal((2, "error: --profile-size applies to models that take any height and width (backbones); these take one input size each"),
            (classifier.ExitCode, classifier.Error.TrimEnd()));
        var backwards = CliResult.Of("triton", "tiny-backbone", "-o", temp.File("b"), "--profile-size", "96x96:64x64:128x128");
        Assert.Equal(2, backwards.ExitCode);
        Assert.Contains("the profile's sizes must grow from min to opt to max on each side, not 96x96:64x64:128x128", backwards.Error, StringComparison.Ordinal);
        var tooSmall = CliResult.Of("triton", "tiny-backbone", "-o", temp.File("s"), "--profile-size", "8x8:64x64:128x128");
        Assert.Equal(2, tooSmall.ExitCode);
        Assert.Contains("the backbones take", tooSmall.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("c")) || Directory.Exists(temp.File("b")) || Directory.Exists(temp.File("s")));
    }

    // The README shows this command's litv2-s config in full; it must stay what the command writes.
    private static string ReadmeBlockAfter(string caption)
    {
        string readme = File.ReadAllText(RepositoryPaths.Combine("README.md")).ReplaceLineEndings("\n");
        int start = readme.IndexOf("```\n", readme.IndexOf(caption, StringComparison.Ordinal), StringComparison.Ordinal) + 4;
        return readme[start..readme.IndexOf("```\n", start, StringComparison.Ordinal)];
    }

    private static string[] Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The model's config read through protoc against Triton's schema, and its model file loaded by ONNX Runtime: one
    /// float32 input and one float32 output, named and shaped as the config says, with the batch (-1) in front.
    /// </summary>
    private static ModelConfig CheckAgainstSchemaAndOrt(string repo, string model)
    {
        var config = TritonSchema.Parse(File.ReadAllText(Path.Combine(repo, model, "config.pbtxt"), Encoding.UTF8));
        var input = Assert.Single(config.Input);
        var output = Assert.Single(config.Output);
        Assert.Equal((DataType.TypeFp32, DataType.TypeFp32), (input.DataType, output.DataType));
        byte[] onnx = File.ReadAllBytes(Path.Combine(repo, model, "1", "model.onnx"));
        using var session = InferenceSession.Create(onnx, new InferenceOptions { Provider = ExecutionProvider.Cpu, IntraOpThreads = 1 });
        Assert.Equal(input.Name, session.InputName);
        Assert.Equal(input.Dims.Prepend(-1), session.InputDimensions);
        Assert.Equal(output.Name, session.OutputName);
        Assert.Equal(output.Dims.Prepend(-1), session.OutputDimensions);
        return config;
    }
}
