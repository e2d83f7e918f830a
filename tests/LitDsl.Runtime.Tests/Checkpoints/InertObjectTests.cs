using System.Numerics;
using LitDsl.Runtime.Checkpoints;
using LitDsl.Runtime.Tensors;
using static LitDsl.TestSupport.PickleBytes;

namespace LitDsl.Runtime.Tests.Checkpoints;

/// <summary>
/// Objects a training script saves beside its weights — the reference <c>save_checkpoint</c>'s yacs config, AdamW,
/// scheduler and amp state; an argparse Namespace, numpy scalars, sets, a torch.Size — load as inert
/// <see cref="PickledObject"/> records (class name, arguments, state, items), and the state_dict is still found.
/// </summary>
public sealed class InertObjectTests
{
    [Fact]
    public void The_reference_save_checkpoint_format_loads_with_every_entry()
    {
        using var checkpoint = PyTorchCheckpoint.Open(CheckpointFixtures.Path("checkpoint-litv2-train.pth"));
        var root = Assert.IsType<PickleDictionary>(checkpoint.Root);

        var stateDict = checkpoint.FindStateDict();

        Assert.Equal(["model", "optimizer", "lr_scheduler", "max_accuracy", "epoch", "config", "amp"], root.Keys);
        Assert.Equal("model", stateDict.Location);
        Assert.Equal(107, stateDict.Tensors.Count);
        Assert.Equal(12.5, root["max_accuracy"]);
        Assert.Equal(0L, root["epoch"]);

        var optimizer = Assert.IsType<PickleDictionary>(root["optimizer"]);
        var state = Assert.IsType<PickleDictionary>(optimizer["state"]);
        Assert.Equal(294, state.Values.Sum(s => Assert.IsType<PickleDictionary>(s).Values.Count(v => v is CheckpointTensor)));
        var first = Assert.IsType<PickleDictionary>(state[0L]);
        Assert.Equal(1f, Assert.IsType<CheckpointTensor>(first["step"]).ReadFloat32().Data.Single());
        Assert.Equal(stateDict.Tensors["patch_embed.proj.weight"].Shape, Assert.IsType<CheckpointTensor>(first["exp_avg"]).Shape);
        var groups = Assert.IsType<List<object?>>(optimizer["param_groups"]);
        Assert.Equal(2, groups.Count);
        Assert.Equal(new object?[] { 0.9, 0.999 }, Assert.IsType<object?[]>(Assert.IsType<PickleDictionary>(groups[0])["betas"]));

        var scheduler = Assert.IsType<PickleDictionary>(root["lr_scheduler"]);
        Assert.Equal(3000L, scheduler["t_initial"]);
        var amp = Assert.IsType<PickleDictionary>(root["amp"]);
        Assert.Equal(65536.0, Assert.IsType<PickleDictionary>(amp["loss_scaler0"])["loss_scale"]);
    }

    [Fact]
    public void The_yacs_config_is_a_record_of_its_keys_and_flags()
    {
        using var checkpoint = PyTorchCheckpoint.Open(CheckpointFixtures.Path("checkpoint-litv2-train.pth"));

        var config = Assert.IsType<PickledObject>(((PickleDictionary)checkpoint.Root!)["config"]);

        Assert.Equal("yacs.config.CfgNode", config.ClassName);
        Assert.Equal(PickledObjectKind.Instance, config.Kind);
        Assert.Empty(config.Arguments);
        Assert.Equal("O1", config.Entries["AMP_OPT_LEVEL"]);
        var model = Assert.IsType<PickledObject>(config.Entries["MODEL"]);
        var lit = Assert.IsType<PickledObject>(model.Entries["LIT"]);
        Assert.Equal(8L, lit.Entries["EMBED_DIM"]);
        Assert.Equal(new List<object?> { 1L, 1L, 2L, 1L }, lit.Entries["DEPTHS"]);
        var flags = Assert.IsType<PickleDictionary>(config.State);
        Assert.Equal(true, flags["__immutable__"]);
        var deprecated = Assert.IsType<PickledObject>(flags["__deprecated_keys__"]);
        Assert.Equal("builtins.set", deprecated.ClassName);
        Assert.Empty(deprecated.Items);
    }

    [Theory]
    [InlineData("companions.pth")]
    [InlineData("companions-p4.pth")]
    public void Namespace_numpy_scalars_sets_and_torch_Size_are_records_under_both_protocols(string file)
    {
        using var checkpoint = PyTorchCheckpoint.Open(CheckpointFixtures.Path(file));
        var root = Assert.IsType<PickleDictionary>(checkpoint.Root);

        var args = Assert.IsType<PickledObject>(root["args"]);
        Assert.Equal("argparse.Namespace", args.ClassName);
        Assert.Equal(PickledObjectKind.Instance, args.Kind);
        var fields = Assert.IsType<PickleDictionary>(args.State);
        Assert.Equal("litv2_s", fields["model"]);
        Assert.Equal(0.001, fields["lr"]);
        Assert.Equal(300L, fields["epochs"]);
        Assert.Null(fields["resume"]);

        var best = Assert.IsType<PickledObject>(root["best_acc1"]);
        Assert.Equal("call of numpy.core.multiarray.scalar", best.ToString());
        var dtype = Assert.IsType<PickledObject>(best.Arguments[0]);
        Assert.Equal("numpy.dtype", dtype.ClassName);
        Assert.Equal(new object?[] { "f8", false, true }, dtype.Arguments);
        Assert.True(dtype.HasState);
        Assert.Equal(81.25, BitConverter.ToDouble(Assert.IsType<byte[]>(best.Arguments[1])));
        var step = Assert.IsType<PickledObject>(root["step"]);
        Assert.Equal(1234L, BitConverter.ToInt64(Assert.IsType<byte[]>(step.Arguments[1])));
        Assert.Equal(new object?[] { "f4", false, true }, Assert.IsType<PickledObject>(root["dtype"]).Arguments);

        var classes = Assert.IsType<PickledObject>(root["classes"]);
        Assert.Equal("builtins.set", classes.ClassName);
        Assert.Equal(["cat", "dog"], classes.Items.Cast<string>().Order(StringComparer.Ordinal));
        var frozen = Assert.IsType<PickledObject>(root["frozen"]);
        Assert.Equal("builtins.frozenset", frozen.ClassName);
        Assert.Equal([3L], frozen.Items);
        var size = Assert.IsType<PickledObject>(root["input_size"]);
        Assert.Equal("call of torch.Size", size.ToString());
        Assert.Equal(new object?[] { 3L, 224L, 224L }, Assert.IsType<object?[]>(Assert.Single(size.Arguments)));

        var stateDict = checkpoint.FindStateDict();
        Assert.Equal("state_dict", stateDict.Location);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], stateDict.Tensors["fc.weight"].ReadFloat32().Data);
    }

    [Fact]
    public void Instances_record_their_arguments_keywords_state_items_and_entries()
    {
        // NEWOBJ_EX(mod.Thing, (1,), {'k': 2}), then SETITEM 'a' → 3, APPEND 4, BUILD {'x': 5}.
        byte[] pickle = Pickle(Global("mod", "Thing"), "K\x01"u8.ToArray(), [0x85], "}"u8.ToArray(), Str("k"), "K\x02s"u8.ToArray(), [0x92],
            Str("a"), "K\x03s"u8.ToArray(), [(byte)'K', 4, (byte)'a'], "}"u8.ToArray(), Str("x"), "K\x05sb"u8.ToArray());

        using var checkpoint = PyTorchCheckpoint.Open(Archive(pickle), "thing.pth");

        var thing = Assert.IsType<PickledObject>(checkpoint.Root);
        Assert.Equal(("mod", "Thing", PickledObjectKind.Instance), (thing.Module, thing.Name, thing.Kind));
        Assert.Equal([1L], thing.Arguments);
        Assert.Equal(2L, thing.KeywordArguments["k"]);
        Assert.Equal(3L, thing.Entries["a"]);
        Assert.Equal([4L], thing.Items);
        Assert.Equal(5L, Assert.IsType<PickleDictionary>(thing.State)["x"]);
    }

    [Fact]
    public void A_state_dict_inside_a_dict_subclass_is_found()
    {
        // mod.AttrDict() with 'model' → {'w': tensor}: a training script's own dict class around the weights.
        byte[] pickle = Pickle(Global("mod", "AttrDict"), ")"u8.ToArray(), [0x81], Str("model"), TensorDict(), "s"u8.ToArray());

        using var checkpoint = PyTorchCheckpoint.Open(Archive(pickle, ("0", new byte[8])), "attrdict.pth");

        Assert.Equal("model", checkpoint.FindStateDict().Location);
    }

    [Theory]
    [InlineData("reduce-list", "REDUCE calls a list, not a global")]
    [InlineData("newobj-list", "an instance is made of a list, not of a class")]
    [InlineData("build-twice", "BUILD sets the state of 'mod.Thing' a second time")]
    [InlineData("build-reference", "BUILD sets the state of a global mod.Thing")]
    [InlineData("rebuild-newobj", "'torch._utils._rebuild_tensor_v2' is instantiated")]
    [InlineData("additems-list", "ADDITEMS on a list, not a set")]
    [InlineData("set-of-int", "set is called with int, not a list")]
    public void Misused_records_are_refused(string kind, string expected)
    {
        byte[] pickle = kind switch
        {
            "reduce-list" => Pickle("])R"u8.ToArray()),
            "newobj-list" => Pickle("])"u8.ToArray(), [0x81]),
            "build-twice" => Pickle(Global("mod", "Thing"), ")"u8.ToArray(), [0x81], "NbNb"u8.ToArray()),
            "build-reference" => Pickle(Global("mod", "Thing"), "Nb"u8.ToArray()),
            "rebuild-newobj" => Pickle(Global("torch._utils", "_rebuild_tensor_v2"), ")"u8.ToArray(), [0x81]),
            "additems-list" => Pickle("](K\x01"u8.ToArray(), [0x90]),
            "set-of-int" => Pickle(Global("__builtin__", "set"), "K\x01"u8.ToArray(), [0x85], "R"u8.ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var error = Assert.Throws<LitDslFormatException>(() => PyTorchCheckpoint.Open(Archive(pickle), "bad.pth"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocol_2_bytes_are_bytes_and_big_integers_stay_exact()
    {
        // (_codecs.encode('\xff\x00', 'latin1'), 2**70)
        byte[] bigInteger = [0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0x40];
        byte[] pickle = Pickle(Global("_codecs", "encode"), Str("\u00ff\u0000"), Str("latin1"), [0x86], "R"u8.ToArray(), bigInteger, [0x86]);

        using var checkpoint = PyTorchCheckpoint.Open(Archive(pickle), "bytes.pth");

        var pair = Assert.IsType<object?[]>(checkpoint.Root);
        Assert.Equal(new byte[] { 0xff, 0x00 }, pair[0]);
        Assert.Equal(BigInteger.Pow(2, 70), pair[1]);
    }

    /// <summary>{'w': _rebuild_tensor_v2(('storage', FloatStorage, '0', 'cpu', 2), 0, (2,), (1,), False, OrderedDict())}.</summary>
    private static byte[] TensorDict() => [
        .. "}"u8.ToArray(), .. Str("w"), .. Global("torch._utils", "_rebuild_tensor_v2"), .. "(("u8.ToArray(),
        .. Str("storage"), .. Global("torch", "FloatStorage"), .. Str("0"), .. Str("cpu"),
        (byte)'K', 2, (byte)'t', (byte)'Q', (byte)'K', 0, (byte)'K', 2, 0x85, (byte)'K', 1, 0x85,
        0x89, .. Global("collections", "OrderedDict"), .. ")RtRs"u8.ToArray()];
}
