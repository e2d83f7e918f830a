using LitDsl.Runtime.Checkpoints;
using LitDsl.Runtime.Tensors;
using static LitDsl.TestSupport.PickleBytes;

namespace LitDsl.Runtime.Tests.Checkpoints;

/// <summary>
/// The torch.save reader on real checkpoints (every storage dtype, strided and offset views, shared storages, nested
/// dicts) and on hand-made hostile ones: every refusal is a <see cref="LitDslFormatException"/> naming the file.
/// </summary>
public sealed class PyTorchCheckpointTests
{
    [Fact]
    public void Reads_every_dtype_and_view_layout_as_torch_load_does()
    {
        using var checkpoint = PyTorchCheckpoint.Open(CheckpointFixtures.Path("dtypes.pth"));
        var expected = SafetensorsFile.Read(CheckpointFixtures.Path("dtypes.expected.safetensors")).Tensors;

        var stateDict = checkpoint.FindStateDict();

        Assert.Equal("state_dict", stateDict.Location);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), stateDict.Tensors.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, var want) in expected)
        {
            var got = stateDict.Tensors[name].ReadFloat32();
            Assert.Equal(want.Shape, got.Shape);
            Assert.True(want.Data.SequenceEqual(got.Data), $"{name}: values differ");
        }
    }

    [Fact]
    public void Keeps_dtypes_strides_offsets_and_shared_storages()
    {
        using var checkpoint = PyTorchCheckpoint.Open(CheckpointFixtures.Path("dtypes.pth"));
        var tensors = checkpoint.FindStateDict().Tensors;

        Assert.Equal(TensorDType.Float16, tensors["f16"].DType);
        Assert.Equal(TensorDType.BFloat16, tensors["bf16"].DType);
        Assert.Equal(TensorDType.Int64, tensors["i64"].DType);
        Assert.Equal(TensorDType.Bool, tensors["bool"].DType);
        Assert.Equal([6, 4], tensors["transposed"].Shape);
        Assert.Equal([1L, 6L], tensors["transposed"].Strides);
        Assert.Equal(8, tensors["narrowed"].StorageOffset);
        Assert.Equal(tensors["transposed"].StorageKey, tensors["narrowed"].StorageKey);
        Assert.Equal(tensors["shared_head"].StorageKey, tensors["shared_tail"].StorageKey);
        Assert.Equal(6, tensors["shared_tail"].StorageOffset);
        Assert.Empty(tensors["scalar"].Shape);
        Assert.Equal([0, 3], tensors["empty"].Shape);
        Assert.Equal(1099511627776f, tensors["i64"].ReadFloat32().Data[3]);
    }

    [Fact]
    public void Exposes_the_rest_of_the_checkpoint_as_plain_values()
    {
        using var checkpoint = PyTorchCheckpoint.Open(CheckpointFixtures.Path("dtypes.pth"));
        var root = Assert.IsType<PickleDictionary>(checkpoint.Root);

        Assert.Equal(7L, root["epoch"]);
        Assert.Equal(81.25, root["best_acc"]);
        Assert.Equal("LitDsl reader fixture", root["note"]);
        Assert.Equal(new object?[] { true, false, null }, Assert.IsType<List<object?>>(root["flags"]));
        Assert.Equal(new object?[] { 2L, 3L }, Assert.IsType<object?[]>(root["sizes"]));
    }

    [Fact]
    public void Finds_the_model_state_dict_of_a_training_checkpoint()
    {
        using var checkpoint = PyTorchCheckpoint.Open(CheckpointFixtures.Path("checkpoint-litv2.pth"));
        var stateDict = checkpoint.FindStateDict();

        Assert.Equal("model", stateDict.Location);
        Assert.Equal(TensorDType.Int64, stateDict.Tensors["layers.0.downsample.norm_layer.num_batches_tracked"].DType);
        Assert.Equal(1234f, stateDict.Tensors["layers.0.downsample.norm_layer.num_batches_tracked"].ReadFloat32().Data[0]);
        Assert.Equal([8, 3, 4, 4], stateDict.Tensors["patch_embed.proj.weight"].Shape);
    }

    [Fact]
    public void A_pickle_that_calls_os_system_is_recorded_and_never_run()
    {
        string marker = "/tmp/litdsl-pwned";
        File.Delete(marker);

        using var checkpoint = PyTorchCheckpoint.Open(CheckpointFixtures.Path("hostile-os-system.pth"));
        var error = Assert.Throws<LitDslFormatException>(checkpoint.FindStateDict);

        var model = Assert.IsType<PickleDictionary>(Assert.IsType<PickleDictionary>(checkpoint.Root)["model"]);
        var call = Assert.IsType<PickledObject>(model["weight"]);
        Assert.Equal(PickledObjectKind.Call, call.Kind);
        Assert.Equal("posix.system", call.ClassName);
        Assert.Equal("echo LitDsl-hostile-pickle-was-executed > /tmp/litdsl-pwned", Assert.Single(call.Arguments));
        Assert.Contains("under 'model', 'weight' is a call of posix.system, not a tensor", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("hostile-os-system.pth", error.FileName, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("builtins", "eval", "call of builtins.eval")]
    [InlineData("os", "system", "call of os.system")]
    [InlineData("subprocess", "Popen", "call of subprocess.Popen")]
    [InlineData("torch", "load", "call of torch.load")]
    public void Calls_of_unknown_globals_are_inert_records(string module, string name, string expected)
    {
        byte[] pickle = Pickle(Global(module, name), Str("print(1)"), [0x85], "R"u8.ToArray());

        using var checkpoint = PyTorchCheckpoint.Open(Archive(pickle), "hostile.pth");

        var call = Assert.IsType<PickledObject>(checkpoint.Root);
        Assert.Equal(expected, call.ToString());
        Assert.Equal(["print(1)"], call.Arguments);
        Assert.Contains("it holds a " + expected, Assert.Throws<LitDslFormatException>(checkpoint.FindStateDict).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("storage-call", "only valid inside a storage's persistent id")]
    [InlineData("newobj", "'collections.OrderedDict' is instantiated")]
    [InlineData("build-list", "BUILD sets the state of a list")]
    [InlineData("memo", "memo entry 5 is read before it is written")]
    [InlineData("truncated", "the pickle ends in the middle of an instruction (truncated?)")]
    [InlineData("length", "a length of 65535 bytes runs past the end of the pickle")]
    [InlineData("list-key", "a dict key of type list is not supported")]
    [InlineData("opcode", "unsupported pickle opcode 0x49")]
    public void Refuses_malformed_and_hostile_pickles(string kind, string expected)
    {
        byte[] pickle = kind switch
        {
            "storage-call" => Pickle(Global("torch", "FloatStorage"), ")R"u8.ToArray()),
            "newobj" => Pickle(Global("collections", "OrderedDict"), ")"u8.ToArray(), [0x81]),
            "build-list" => Pickle("]}b"u8.ToArray()),
            "memo" => Pickle("h\x05"u8.ToArray()),
            "truncated" => [0x80, 0x02, (byte)'N'],
            "length" => [0x80, 0x02, (byte)'X', 0xff, 0xff, 0, 0, (byte)'a'],
            "list-key" => Pickle("}]K\x01s"u8.ToArray()),
            "opcode" => Pickle("I1\n"u8.ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var error = Assert.Throws<LitDslFormatException>(() => PyTorchCheckpoint.Open(Archive(pickle), "bad.pth"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("bad.pth", error.FileName);
    }

    [Theory]
    [InlineData(3, 0, new[] { 2 }, new[] { 1L }, "claims 3 Float32 elements but its entry has 8 bytes")]
    [InlineData(2, 0, new[] { 2 }, new[] { 2L }, "reaches element 2 of storage '0', which has 2")]
    [InlineData(2, 3, new[] { 1 }, new[] { 1L }, "storage offset 3 lies outside")]
    [InlineData(1, 0, new[] { 1000000 }, new[] { 0L }, "broadcast views are not supported")]
    [InlineData(2, 0, new[] { 2, 2 }, new[] { 1L }, "2 sizes but 1 strides")]
    public void Checks_every_view_against_its_storage(int numel, int offset, int[] size, long[] stride, string expected)
    {
        byte[] pickle = TensorPickle(numel, offset, size, stride);
        var storage = ("0", new byte[8]);

        var error = Assert.Throws<LitDslFormatException>(() => PyTorchCheckpoint.Open(Archive(pickle, storage), "view.pth"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hand_made_tensor_reads_back()
    {
        byte[] pickle = TensorPickle(2, 0, [2], [1]);
        byte[] data = [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f)];

        using var checkpoint = PyTorchCheckpoint.Open(Archive(pickle, ("0", data)), "ok.pth");

        Assert.Equal([1.5f, -2f], checkpoint.FindStateDict().Tensors["w"].ReadFloat32().Data);
    }

    [Fact]
    public void Legacy_checkpoints_get_the_re_save_hint()
    {
        var error = Assert.Throws<LitDslFormatException>(() => PyTorchCheckpoint.Open(CheckpointFixtures.Path("dtypes.legacy.pth")));

        Assert.Contains("legacy (pre-1.6, non-zip)", error.Message, StringComparison.Ordinal);
        Assert.Contains("torch.save(torch.load('old.pth'), 'new.pth')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_files_are_named_for_what_they_are()
    {
        Assert.Contains("bare pickle", Assert.Throws<LitDslFormatException>(
            () => PyTorchCheckpoint.Open(new MemoryStream(Pickle("N"u8.ToArray())), "p.pkl")).Message, StringComparison.Ordinal);
        Assert.Contains("no zip signature", Assert.Throws<LitDslFormatException>(
            () => PyTorchCheckpoint.Open(new MemoryStream("hello"u8.ToArray()), "t.txt")).Message, StringComparison.Ordinal);
        Assert.Contains("no <archive>/data.pkl", Assert.Throws<LitDslFormatException>(
            () => PyTorchCheckpoint.Open(OnlyEntry("readme.txt"), "other.zip")).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<LitDslFormatException>(
            () => PyTorchCheckpoint.Open("/nonexistent/model.pth")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_without_a_state_dict_lists_its_keys()
    {
        byte[] pickle = Pickle("}"u8.ToArray(), Str("epoch"), "K\x03s"u8.ToArray());
        using var checkpoint = PyTorchCheckpoint.Open(Archive(pickle), "no-weights.pth");

        var error = Assert.Throws<LitDslFormatException>(checkpoint.FindStateDict);

        Assert.Contains("no state_dict found: its top level has the keys 'epoch'", error.Message, StringComparison.Ordinal);
    }

    private static MemoryStream OnlyEntry(string name)
    {
        var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry(name);
        }
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>{'w': _rebuild_tensor_v2(('storage', FloatStorage, '0', 'cpu', numel), offset, size, stride, False, OrderedDict())}.</summary>
    private static byte[] TensorPickle(int numel, int offset, int[] size, long[] stride) => Pickle(
        "}"u8.ToArray(), Str("w"), Global("torch._utils", "_rebuild_tensor_v2"), "(("u8.ToArray(),
        Str("storage"), Global("torch", "FloatStorage"), Str("0"), Str("cpu"), Int(numel), "tQ"u8.ToArray(), Int(offset),
        "("u8.ToArray(), size.SelectMany(Int).ToArray(), "t("u8.ToArray(), stride.SelectMany(s => Int((int)s)).ToArray(), "t"u8.ToArray(),
        [0x89], Global("collections", "OrderedDict"), ")RtRs"u8.ToArray());

    private static byte[] Int(int value) => [(byte)'J', .. BitConverter.GetBytes(value)];
}
