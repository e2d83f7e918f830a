using System.Text;
using LitDsl.Runtime.Serving;
using LitDsl.TestSupport;
using LitDsl.TestSupport.Triton;

namespace LitDsl.Runtime.Tests.Serving;

/// <summary>
/// <see cref="TritonRepositoryWriter"/>: every config it writes is read back through protoc against Triton's schema,
/// and every model file is loaded by ONNX Runtime, whose inputs and outputs must be the config's — names, float32,
/// and the dims with the batch in front. Multi-output models with symbolic height and width (dense prediction) are a
/// case like any other.
/// </summary>
public sealed class TritonRepositoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("litdsl-triton-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Root => Path.Combine(_folder, "repo");

    [Fact]
    public void A_multi_output_model_with_symbolic_height_and_width_is_served_with_minus_one_dims_and_no_shape_profile()
    {
        var written = Write(new TritonSettings(), new TritonModel("backbone", TestModels.MultiOutputModelWithSymbolicSize()));

        var config = CheckAgainstSchemaAndOrt("backbone");
        Snapshot.Verify(File.ReadAllText(TritonRepositoryLayout.ConfigFile(Root, "backbone")), "triton.backbone.config.pbtxt");
        Assert.Equal(["image"], config.Input.Select(input => input.Name));
        Assert.Equal([3L, -1, -1], config.Input[0].Dims);
        Assert.Equal(["features.0", "features.1"], config.Output.Select(output => output.Name));
        Assert.All(config.Output, output => Assert.Equal([3L, -1, -1], output.Dims));
        Assert.All(config.Output, output => Assert.Equal("", output.LabelFilename));
        var tensorRt = Assert.Single(config.Optimization.ExecutionAccelerators.GpuExecutionAccelerator);
        Assert.DoesNotContain(tensorRt.Parameters.Keys, key => key.StartsWith("trt_profile_", StringComparison.Ordinal));
        Assert.Contains("the input 'image' takes any height and width and no image profile was given", written.ShapeProfileNote);
        Assert.False(File.Exists(TritonRepositoryLayout.LabelsFile(Root, "backbone")));
    }

    [Fact]
    public void An_image_profile_gives_a_symbolic_height_and_width_a_TensorRT_profile()
    {
        var settings = new TritonSettings { MaxBatchSize = 2, ImageProfile = new TritonImageProfile(32, 48, 64, 96, 128, 160) };
        var written = Write(settings, new TritonModel("backbone", TestModels.MultiOutputModelWithSymbolicSize()));

        var parameters = CheckAgainstSchemaAndOrt("backbone").Optimization.ExecutionAccelerators.GpuExecutionAccelerator[0].Parameters;
        Assert.Equal("image:1x3x32x48", parameters["trt_profile_min_shapes"]);
        Assert.Equal("image:2x3x64x96", parameters["trt_profile_opt_shapes"]);
        Assert.Equal("image:2x3x128x160", parameters["trt_profile_max_shapes"]);
        Assert.Null(written.ShapeProfileNote);
        Assert.Equal("the profile's sizes must grow from min to opt to max on each side, not 32x48:16x96:128x160",
            (settings with { ImageProfile = new TritonImageProfile(32, 48, 16, 96, 128, 160) }).Problem());
    }

    [Fact]
    public void A_classifier_names_its_labels_file_and_gets_a_TensorRT_profile_over_every_batch_size()
    {
        string[] labels = ["cat", "dog", "heron", "great white shark", "ox"];
        var written = Write(new TritonSettings { MaxBatchSize = 16 }, new TritonModel("scores", TestModels.ScoresModel(5), labels));

        var config = CheckAgainstSchemaAndOrt("scores");
        var scores = Assert.Single(config.Output);
        Assert.Equal([5L], scores.Dims);
        Assert.Equal("labels.txt", scores.LabelFilename);
        Assert.Equal("cat\ndog\nheron\ngreat white shark\nox\n", File.ReadAllText(TritonRepositoryLayout.LabelsFile(Root, "scores")));
        var parameters = config.Optimization.ExecutionAccelerators.GpuExecutionAccelerator[0].Parameters;
        Assert.Equal("input:1x5", parameters["trt_profile_min_shapes"]);
        Assert.Equal("input:16x5", parameters["trt_profile_opt_shapes"]);
        Assert.Equal("input:16x5", parameters["trt_profile_max_shapes"]);
        Assert.Null(written.ShapeProfileNote);
    }

    [Fact]
    public void Batching_instances_and_the_TensorRT_accelerator_follow_the_settings()
    {
        var settings = new TritonSettings
        {
            MaxBatchSize = 32,
            MaxQueueDelayMicroseconds = 500,
            InstanceCount = 3,
            InstanceKind = TritonInstanceKind.Gpu,
            Fp16 = true,
            WorkspaceSizeBytes = 4L << 30,
            EngineCacheRoot = "/var/cache/trt/",
        };
        Write(settings, new TritonModel("scores", TestModels.ScoresModel(5)));

        var config = CheckAgainstSchemaAndOrt("scores");
        Assert.Equal("scores", config.Name);
        Assert.Equal("onnxruntime", config.Backend);
        Assert.Equal("model.onnx", config.DefaultModelFilename);
        Assert.Equal(32, config.MaxBatchSize);
        Assert.Equal([32], config.DynamicBatching.PreferredBatchSize);
        Assert.Equal(500UL, config.DynamicBatching.MaxQueueDelayMicroseconds);
        var group = Assert.Single(config.InstanceGroup);
        Assert.Equal(ModelInstanceGroup.Types.Kind.Gpu, group.Kind);
        Assert.Equal(3, group.Count);
        var tensorRt = Assert.Single(config.Optimization.ExecutionAccelerators.GpuExecutionAccelerator);
        Assert.Equal("tensorrt", tensorRt.Name);
        Assert.Equal(new Dictionary<string, string>
        {
            ["precision_mode"] = "FP16",
            ["max_workspace_size_bytes"] = "4294967296",
            ["trt_engine_cache_enable"] = "1",
            ["trt_engine_cache_path"] = "/var/cache/trt/scores",
            ["trt_timing_cache_enable"] = "1",
            ["trt_timing_cache_path"] = "/var/cache/trt/scores",
            ["trt_profile_min_shapes"] = "input:1x5",
            ["trt_profile_opt_shapes"] = "input:32x5",
            ["trt_profile_max_shapes"] = "input:32x5",
        }, tensorRt.Parameters);
        Assert.DoesNotContain(config.Output, output => output.LabelFilename.Length > 0);
    }

    [Theory]
    [InlineData(TritonInstanceKind.Auto, ModelInstanceGroup.Types.Kind.Auto, true)]
    [InlineData(TritonInstanceKind.Gpu, ModelInstanceGroup.Types.Kind.Gpu, true)]
    [InlineData(TritonInstanceKind.Cpu, ModelInstanceGroup.Types.Kind.Cpu, false)]
    public void TensorRT_is_asked_for_where_instances_may_run_on_a_GPU(TritonInstanceKind kind, ModelInstanceGroup.Types.Kind expected, bool tensorRt)
    {
        Write(new TritonSettings { InstanceKind = kind }, new TritonModel("scores", TestModels.ScoresModel(5)));

        var config = CheckAgainstSchemaAndOrt("scores");
        Assert.Equal(expected, Assert.Single(config.InstanceGroup).Kind);
        Assert.Equal(tensorRt, config.Optimization is not null);
        Assert.Equal(tensorRt ? "FP32" : null, config.Optimization?.ExecutionAccelerators.GpuExecutionAccelerator[0].Parameters["precision_mode"]);
    }

    [Fact]
    public void The_same_models_and_settings_give_the_same_bytes()
    {
        var settings = new TritonSettings { Fp16 = true, MaxBatchSize = 4 };
        TritonModel[] models =
        [
            new("scores", TestModels.ScoresModel(5), ["a", "b", "c", "d", "e"]),
            new("backbone", TestModels.MultiOutputModelWithSymbolicSize()),
        ];
        string first = Path.Combine(_folder, "first"), second = Path.Combine(_folder, "second");
        foreach (string root in new[] { first, second })
        {
            using var writer = new TritonRepositoryWriter(root, settings);
            foreach (var model in models) writer.Add(model);
            writer.Commit();
        }

        string[] files = Directory.EnumerateFiles(first, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(first, file)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["backbone/1/model.onnx", "backbone/config.pbtxt", "scores/1/model.onnx", "scores/config.pbtxt", "scores/labels.txt"],
            files.Select(file => file.Replace('\\', '/')));
        Assert.Equal(files, Directory.EnumerateFiles(second, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(second, file)).Order(StringComparer.Ordinal));
        foreach (string file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(second, file)));
        }
        Assert.Equal(models[0].Onnx, File.ReadAllBytes(Path.Combine(first, "scores", "1", "model.onnx")));
    }

    [Fact]
    public void Nothing_is_in_place_before_commit_and_an_abandoned_writer_leaves_no_file_or_folder()
    {
        Directory.CreateDirectory(Root);
        string kept = Path.Combine(Root, "other-model");
        Directory.CreateDirectory(kept);
        using (var writer = new TritonRepositoryWriter(Root, new TritonSettings()))
        {
            writer.Add(new TritonModel("scores", TestModels.ScoresModel(5), ["a", "b", "c", "d", "e"]));
            Assert.DoesNotContain(Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories), file => !Path.GetFileName(file).StartsWith('.'));
            // Each model's config goes in last, after the files it names.
            Assert.Equal(
                [TritonRepositoryLayout.ModelFile(Root, "scores"), TritonRepositoryLayout.LabelsFile(Root, "scores"), TritonRepositoryLayout.ConfigFile(Root, "scores")],
                writer.Files);
        }
        Assert.Equal([kept], Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories));

        string fresh = Path.Combine(_folder, "new", "repo");
        using (var writer = new TritonRepositoryWriter(fresh, new TritonSettings()))
        {
            writer.Add(new TritonModel("scores", TestModels.ScoresModel(5)));
        }
        Assert.False(Directory.Exists(Path.Combine(_folder, "new")));
    }

    [Fact]
    public void A_committed_repository_replaces_the_files_of_an_earlier_one_and_keeps_other_models()
    {
        Write(new TritonSettings { MaxBatchSize = 2 }, new TritonModel("scores", TestModels.ScoresModel(5)));
        string other = Path.Combine(Root, "other-model", "config.pbtxt");
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        File.WriteAllText(other, "name: \"other-model\"\n");

        Write(new TritonSettings { MaxBatchSize = 64 }, new TritonModel("scores", TestModels.ScoresModel(7)));

        Assert.Equal(64, CheckAgainstSchemaAndOrt("scores").MaxBatchSize);
        Assert.Equal("name: \"other-model\"\n", File.ReadAllText(other));
        Assert.Empty(Directory.EnumerateFiles(Root, ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Models_that_cannot_be_served_batched_or_labelled_are_refused_before_any_file_is_written()
    {
        using var writer = new TritonRepositoryWriter(Root, new TritonSettings());

        Assert.Contains("'input' has a fixed first dimension of 1; Triton batches requests along a symbolic first dimension",
            Assert.Throws<ArgumentException>(() => writer.Add(new TritonModel("fixed", TestModels.FixedBatchModel()))).Message);
        Assert.Contains("3 labels fit 0 outputs of the model 'scores'",
            Assert.Throws<ArgumentException>(() => writer.Add(new TritonModel("scores", TestModels.ScoresModel(5), ["a", "b", "c"]))).Message);
        Assert.Contains("spans lines",
            Assert.Throws<ArgumentException>(() => writer.Add(new TritonModel("lines", TestModels.ScoresModel(2), ["a", "b\nc"]))).Message);
        Assert.Contains("cannot name a Triton model",
            Assert.Throws<ArgumentException>(() => writer.Add(new TritonModel("../escape", TestModels.ScoresModel(2)))).Message);
        Assert.Contains("not an ONNX model",
            Assert.Throws<ArgumentException>(() => writer.Add(new TritonModel("garbage", [0xff, 0xff, 0xff]))).Message);
        writer.Add(new TritonModel("twice", TestModels.ScoresModel(2)));
        Assert.Contains("is in the repository twice",
            Assert.Throws<ArgumentException>(() => writer.Add(new TritonModel("twice", TestModels.ScoresModel(2)))).Message);
        Assert.DoesNotContain(writer.Files, File.Exists);
    }

    [Fact]
    public void Paths_follow_the_file_rules()
    {
        string file = Path.Combine(_folder, "file");
        File.WriteAllText(file, "x");
        Assert.Contains("is a regular file; an output folder must be a folder or a new name",
            Assert.Throws<IOException>(() => new TritonRepositoryWriter(file, new TritonSettings())).Message);
        Assert.Contains($"cannot be created: {file} is a regular file",
            Assert.Throws<IOException>(() => new TritonRepositoryWriter(Path.Combine(file, "repo"), new TritonSettings())).Message);

        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, "taken"), "x");
        Directory.CreateDirectory(TritonRepositoryLayout.ConfigFile(Root, "folder-config"));
        string target = Path.Combine(_folder, "target.pbtxt");
        File.WriteAllText(target, "x");
        Directory.CreateDirectory(TritonRepositoryLayout.ModelFolder(Root, "linked"));
        SpecialFiles.Link(TritonRepositoryLayout.ConfigFile(Root, "linked"), target);
        using var writer = new TritonRepositoryWriter(Root, new TritonSettings());
        Assert.Contains("taken: is a regular file; an output folder must be a folder",
            Assert.Throws<IOException>(() => writer.Add(new TritonModel("taken", TestModels.ScoresModel(2)))).Message);
        Assert.Contains("config.pbtxt: is a directory; an output must be a regular file",
            Assert.Throws<IOException>(() => writer.Add(new TritonModel("folder-config", TestModels.ScoresModel(2)))).Message);
        Assert.Contains("config.pbtxt: is a symbolic link",
            Assert.Throws<IOException>(() => writer.Add(new TritonModel("linked", TestModels.ScoresModel(2)))).Message);
        Assert.Equal("x", File.ReadAllText(target));
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        Assert.Contains("MaxBatchSize must be 1 or more, not 0",
            Assert.Throws<ArgumentException>(() => new TritonRepositoryWriter(Root, new TritonSettings { MaxBatchSize = 0 })).Message);
        Assert.Contains("InstanceCount must be 1 or more",
            Assert.Throws<ArgumentException>(() => new TritonRepositoryWriter(Root, new TritonSettings { InstanceCount = 0 })).Message);
        Assert.Contains("EngineCacheRoot must be a path",
            Assert.Throws<ArgumentException>(() => new TritonRepositoryWriter(Root, new TritonSettings { EngineCacheRoot = "a\nb" })).Message);
        Assert.False(Directory.Exists(Root));
    }

    private TritonModelConfig Write(TritonSettings settings, TritonModel model)
    {
        using var writer = new TritonRepositoryWriter(Root, settings);
        var config = writer.Add(model);
        writer.Commit();
        return config;
    }

    /// <summary>
    /// The model's config read through protoc against Triton's schema; its model file loaded by ONNX Runtime, whose
    /// inputs and outputs must be the config's, in order: same names, float32, and [-1 (the batch), …config dims].
    /// </summary>
    private ModelConfig CheckAgainstSchemaAndOrt(string model)
    {
        var config = TritonSchema.Parse(File.ReadAllText(TritonRepositoryLayout.ConfigFile(Root, model), Encoding.UTF8));
        var loaded = OrtModelInterface.Load(File.ReadAllBytes(TritonRepositoryLayout.ModelFile(Root, model)));
        Assert.Equal(
            config.Input.Select(input => (input.Name, input.DataType, Dims: string.Join(",", input.Dims.Prepend(-1)))),
            loaded.Inputs.Select(input => (input.Name, FromOrt(input.ElementType), Dims: string.Join(",", input.Dims))));
        Assert.Equal(
            config.Output.Select(output => (output.Name, output.DataType, Dims: string.Join(",", output.Dims.Prepend(-1)))),
            loaded.Outputs.Select(output => (output.Name, FromOrt(output.ElementType), Dims: string.Join(",", output.Dims))));
        return config;
    }

    private static DataType FromOrt(int elementType) => elementType == 1 ? DataType.TypeFp32 : DataType.TypeInvalid;
}
