"""Writes PyTorch checkpoint fixtures (.pth, as torch.save writes them) for the .NET checkpoint reader and weight binding.

    /usr/bin/python3 tools/reference/make_checkpoints.py --reference <checkout of ziplab/LITv2> [--verify]
    /usr/bin/python3 tools/reference/make_checkpoints.py --reference <checkout> --full-size [--out DIR]

Into --out (default tests/LitDsl.Tests/Fixtures/checkpoints; /tmp/litdsl-fullsize with --full-size):

  NAME.pth                  torch.save({'model': model.state_dict()}, path): exactly what a user's training script
                            saves for the reference model (float32 parameters and buffers, int64 num_batches_tracked,
                            the OrderedDict's _metadata), random weights by make_fixtures.py's recipe (non-zero
                            deformable offsets, random BatchNorm statistics);
  NAME.io.safetensors       `input` and `output` (the reference forward in eval mode), float32;
  NAME.input.npy            the same input written by numpy.save (for `run --input` and the .npy fuzzer);
  NAME.json                 constructor arguments, parameters, flops, output statistics, versions.

the save_checkpoint fixture (not with --full-size):

  checkpoint-litv2-train.pth
                            exactly what the reference's classification/utils.py save_checkpoint writes, for the same
                            small LITv2 after one real AdamW step (the reference's build_optimizer: decay / no-decay
                            param groups; a train-mode forward, cross-entropy, backward, step): {'model' (the stepped
                            state_dict), 'optimizer' (AdamW state: step, exp_avg, exp_avg_sq per parameter, and the
                            param groups), 'lr_scheduler' (the state_dict of timm's CosineLRScheduler as build_scheduler
                            makes it: a dict of plain values), 'max_accuracy', 'epoch', 'config' (the reference
                            config.py's yacs CfgNode tree), 'amp' (apex amp's state_dict: one loss scaler)};
  checkpoint-litv2-train.io.safetensors
                            `input` and `output` (the stepped model's forward in eval mode), float32;
  checkpoint-litv2-train.json
                            what was saved and how, parameters, output statistics, versions;
  companions.pth, companions-p4.pth
                            a small state_dict beside the objects other training scripts save with it: an argparse
                            Namespace, numpy scalars (numpy.core.multiarray.scalar over a numpy dtype) and a dtype, a
                            set and a frozenset, a torch.Size (pickle protocol 2, torch.save's default, and 4);

and, small fixtures only (not with --full-size):

  dtypes.pth                a nested checkpoint ({'epoch', 'best_acc', 'note', 'flags', 'sizes', 'state_dict'}) whose
                            state_dict holds every storage dtype torch.save writes for CPU tensors (float32/16/64,
                            bfloat16, int64/32/16/8, uint8, bool), a transposed (strided) view, a narrowed view with a
                            storage offset, two views of one storage, a 0-dim scalar, an empty tensor and a Parameter;
  dtypes.expected.safetensors  the same state_dict converted to contiguous float32 (what the .NET reader must return);
  dtypes.legacy.pth         the same checkpoint with _use_new_zipfile_serialization=False (the pre-1.6 format, refused);
  hostile-os-system.pth     a torch-style zip whose data.pkl calls os.system through GLOBAL + REDUCE (must be refused
                            without running anything).

Neither yacs, timm's schedulers nor apex is installed here: install_yacs_stand_in registers a module `yacs.config`
whose CfgNode is, as yacs's is, a dict subclass keeping its flags in its __dict__ (so it pickles the same way: NEWOBJ,
SETITEMS, BUILD with a set inside), and the scheduler's and amp's state_dicts are written as the plain dicts those
libraries return.

Nothing from the reference is copied here: reference_env.py imports it from the path given at run time.
"""
import argparse
import collections
import copy
import json
import os
import pickle
import pickletools
import sys
import types
import zipfile

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import (FULL_SIZE, REPO_ROOT, build, randomise, read_safetensors, reference_flops,  # noqa: E402
                           seed_of, sha256, write_safetensors)
from reference_env import load_reference  # noqa: E402

DEFAULT_OUT = os.path.join(REPO_ROOT, "tests", "LitDsl.Tests", "Fixtures", "checkpoints")
DEFAULT_FULL_SIZE_OUT = "/tmp/litdsl-fullsize"

# A LITv2 small enough that its checkpoint stays well under 1 MB, with every block kind: ConvFFN stages, three DTMs,
# HiLo with 2 Lo-Fi + 2 Hi-Fi heads (ws 2) and plain MSA (ws 1). The .NET tests declare it as `checkpoint-litv2`.
CHECKPOINT_LITV2 = ("checkpoint-litv2", "checkpoint-litv2", "litv2",
                    dict(img_size=64, patch_size=4, in_chans=3, num_classes=10, embed_dim=8, depths=[1, 1, 2, 1],
                         num_heads=[1, 2, 4, 8], mlp_ratio=4.0, qkv_bias=True, has_msa=[0, 0, 1, 1], alpha=0.5,
                         local_ws=[0, 0, 2, 1], drop_path_rate=0.0))


# --only: the model checkpoint, the save_checkpoint fixture, the companion objects, the reader fixtures (dtypes.*,
# hostile-os-system.pth). Each is written from fixed seeds, but the logits of a rerun may differ in the last bits on
# another processor: regenerate only what changed.
ONLY_CHOICES = ["checkpoint-litv2", "train", "companions", "reader"]


def make_model_checkpoint(reference, name, family, kind, config, out_dir, verify):
    torch.manual_seed(0)
    model, args, input_shape, _ = build(reference, kind, config)
    model.eval()
    randomise(model, family)
    # Make the BatchNorm counters non-trivial too: they are int64 buffers the .NET side must skip, not misread.
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.num_batches_tracked.fill_(1234)
    x = torch.randn(input_shape, generator=torch.Generator().manual_seed(seed_of(family, "input")), dtype=torch.float32)
    with torch.no_grad():
        y = model(x)
    if not torch.isfinite(y).all():
        raise SystemExit(f"{name}: non-finite output")

    base = os.path.join(out_dir, name)
    torch.save({"model": model.state_dict()}, f"{base}.pth")
    write_safetensors(f"{base}.io.safetensors", {"input": x, "output": y})
    np.save(f"{base}.input.npy", x.numpy())
    state = model.state_dict()
    info = dict(
        name=name, config=args, input_shape=list(x.shape), output_shape=list(y.shape),
        parameters=sum(p.numel() for p in model.parameters()), flops=reference_flops(model, kind, config),
        state_dict_tensors=len(state), state_dict_dtypes=sorted({str(v.dtype) for v in state.values()}),
        output_max_abs=y.abs().max().item(), saved_with="torch.save({'model': model.state_dict()}, path)",
        recipe="make_fixtures.py RECIPE with seed family " + family + "; num_batches_tracked = 1234",
        versions=dict(torch=torch.__version__, python=".".join(map(str, sys.version_info[:3]))))
    with open(f"{base}.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump(info, f, indent=2, sort_keys=True)
        f.write("\n")

    if verify:
        # A fresh reference model loaded from the .pth alone (strict) reproduces the stored output bit for bit.
        torch.manual_seed(12345)
        fresh = build(reference, kind, config)[0].eval()
        fresh.load_state_dict(torch.load(f"{base}.pth")["model"], strict=True)
        with torch.no_grad():
            again = fresh(read_safetensors(f"{base}.io.safetensors")["input"])
        assert torch.equal(again, y), f"{name}: the reloaded checkpoint gives a different output"
        print(f"  {name}: verified (torch.load + strict load_state_dict reproduces the output exactly)")
    report(base, [".pth", ".io.safetensors", ".input.npy", ".json"])
    print(f"  {name}: parameters {info['parameters']:,}, output {list(y.shape)} max-abs {info['output_max_abs']:.6g}")


def dtypes_state_dict():
    """Every storage dtype and the view layouts torch.save preserves (strides, offsets, shared storages)."""
    gen = torch.Generator().manual_seed(seed_of("dtypes", "values"))
    base = torch.randn(4, 6, generator=gen)
    shared = torch.randn(10, generator=gen)
    linear = nn.Linear(3, 2)
    with torch.no_grad():
        linear.weight.copy_(torch.randn(2, 3, generator=gen))
    state = collections.OrderedDict()
    state["f32"] = torch.randn(2, 3, generator=gen)
    state["f16"] = torch.randn(3, 2, generator=gen).half()
    state["bf16"] = torch.randn(5, generator=gen).bfloat16()
    state["f64"] = torch.randn(2, 2, generator=gen).double()
    state["i64"] = torch.tensor([-3, 0, 7, 2 ** 40], dtype=torch.int64)
    state["i32"] = torch.tensor([[-5, 6], [70000, -1]], dtype=torch.int32)
    state["i16"] = torch.tensor([-300, 300], dtype=torch.int16)
    state["i8"] = torch.tensor([-128, 127, 5], dtype=torch.int8)
    state["u8"] = torch.tensor([0, 255, 17], dtype=torch.uint8)
    state["bool"] = torch.tensor([True, False, True])
    state["transposed"] = base.t()                   # strides (1, 6): not contiguous
    state["narrowed"] = base[1:3, 2:5]               # storage offset 8, strides (6, 1)
    state["shared_head"] = shared[:4]                # two views of one storage
    state["shared_tail"] = shared[6:].view(2, 2)     # storage offset 6
    state["scalar"] = torch.tensor(2.5)
    state["empty"] = torch.zeros(0, 3)
    state["param"] = linear.weight                   # a Parameter: torch._utils._rebuild_parameter
    return state


def make_reader_fixtures(out_dir, verify):
    state = dtypes_state_dict()
    checkpoint = {"epoch": 7, "best_acc": 81.25, "note": "LitDsl reader fixture", "flags": [True, False, None],
                  "sizes": (2, 3), "state_dict": state}
    torch.save(checkpoint, os.path.join(out_dir, "dtypes.pth"))
    torch.save(checkpoint, os.path.join(out_dir, "dtypes.legacy.pth"), _use_new_zipfile_serialization=False)
    expected = {k: v.detach().to(torch.float32).contiguous() for k, v in state.items()}
    write_safetensors(os.path.join(out_dir, "dtypes.expected.safetensors"), expected)
    write_hostile(os.path.join(out_dir, "hostile-os-system.pth"))
    if verify:
        loaded = torch.load(os.path.join(out_dir, "dtypes.pth"))
        for key, value in state.items():
            assert torch.equal(loaded["state_dict"][key], value.detach()), key
        pickled = zipfile.ZipFile(os.path.join(out_dir, "dtypes.pth")).read("dtypes/data.pkl")
        assert b"_rebuild_parameter" in pickled and b"BFloat16Storage" in pickled
        print("  dtypes.pth: verified (torch.load gives the same tensors; a Parameter and bfloat16 are in it)")
    report(os.path.join(out_dir, ""), ["dtypes.pth", "dtypes.legacy.pth", "dtypes.expected.safetensors",
                                       "hostile-os-system.pth"])


class _RunsACommand:
    """Pickles as `os.system('...')`: what a malicious checkpoint does. Never unpickled here."""

    def __reduce__(self):
        return os.system, ("echo LitDsl-hostile-pickle-was-executed > /tmp/litdsl-pwned",)


def write_hostile(path):
    payload = pickle.dumps({"model": collections.OrderedDict(weight=_RunsACommand())}, protocol=2)
    assert b"system" in payload
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        info = zipfile.ZipInfo("hostile-os-system/data.pkl", date_time=(1980, 1, 1, 0, 0, 0))
        archive.writestr(info, payload)
        info = zipfile.ZipInfo("hostile-os-system/version", date_time=(1980, 1, 1, 0, 0, 0))
        archive.writestr(info, b"3\n")


# ---------------------------------------------------------------------------------------------------------------------
# The save_checkpoint format.

class CfgNode(dict):
    """Stand-in for yacs.config.CfgNode (yacs is not installed here): a dict subclass that reads and writes its keys as
    attributes and keeps its flags in __dict__, as yacs's does, so config.py builds the same tree and pickle writes it
    the same way (NEWOBJ of the class, SETITEMS of its keys, BUILD of its __dict__, whose deprecated keys are a set)."""

    IMMUTABLE = "__immutable__"
    DEPRECATED_KEYS = "__deprecated_keys__"
    RENAMED_KEYS = "__renamed_keys__"
    NEW_ALLOWED = "__new_allowed__"

    def __init__(self, init_dict=None, key_list=None, new_allowed=False):
        init_dict = {} if init_dict is None else init_dict
        for key, value in init_dict.items():
            if type(value) is dict:
                init_dict[key] = CfgNode(value, new_allowed=new_allowed)
        super().__init__(init_dict)
        self.__dict__[CfgNode.IMMUTABLE] = False
        self.__dict__[CfgNode.DEPRECATED_KEYS] = set()
        self.__dict__[CfgNode.RENAMED_KEYS] = {}
        self.__dict__[CfgNode.NEW_ALLOWED] = new_allowed

    def __getattr__(self, name):
        if name in self:
            return self[name]
        raise AttributeError(name)

    def __setattr__(self, name, value):
        if self.__dict__[CfgNode.IMMUTABLE]:
            raise AttributeError(f"attempted to set {name} to {value}, but CfgNode is immutable")
        self[name] = value

    def freeze(self):
        self.__dict__[CfgNode.IMMUTABLE] = True
        for value in self.values():
            if isinstance(value, CfgNode):
                value.freeze()

    def clone(self):
        return copy.deepcopy(self)


def install_yacs_stand_in():
    """Registers the stand-in as yacs.config.CfgNode, the global a reference checkpoint's pickle names."""
    CfgNode.__module__ = "yacs.config"
    config = types.ModuleType("yacs.config")
    config.CfgNode = CfgNode
    yacs = types.ModuleType("yacs")
    yacs.config = config
    sys.modules.update({"yacs": yacs, "yacs.config": config})


def cosine_scheduler_state(optimizer, config, n_iter_per_epoch, steps_done):
    """What timm's CosineLRScheduler.state_dict() returns (its __dict__ less the optimizer) for the scheduler the
    reference's build_scheduler makes, after `steps_done` step_update calls: plain numbers, lists and None."""
    warmup_t = int(config.TRAIN.WARMUP_EPOCHS * n_iter_per_epoch)
    warmup_lr_init = config.TRAIN.WARMUP_LR
    base_values = [group["initial_lr"] for group in optimizer.param_groups]
    return {
        "param_group_field": "lr", "_initial_param_group_field": "initial_lr", "base_values": base_values,
        "metric": None, "noise_range_t": None, "noise_pct": 0.67, "noise_type": "normal", "noise_std": 1.0,
        "noise_seed": 42, "t_initial": int(config.TRAIN.EPOCHS * n_iter_per_epoch), "t_mul": 1.0,
        "lr_min": config.TRAIN.MIN_LR, "decay_rate": 1.0, "cycle_limit": 1, "warmup_t": warmup_t,
        "warmup_lr_init": warmup_lr_init, "warmup_prefix": False, "t_in_epochs": False,
        "warmup_steps": [(v - warmup_lr_init) / warmup_t for v in base_values],
        "_last_step": steps_done,
    }


def make_training_checkpoint(reference, out_dir, verify):
    """checkpoint-litv2-train.*: the reference save_checkpoint's dict for CHECKPOINT_LITV2 after one AdamW step."""
    name, family, kind, model_config = CHECKPOINT_LITV2
    install_yacs_stand_in()
    import config as reference_config        # classification/config.py (on sys.path since load_reference)
    import optimizer as reference_optimizer  # classification/optimizer.py
    config = reference_config._C.clone()
    config.DATA.IMG_SIZE = model_config["img_size"]
    config.MODEL.TYPE, config.MODEL.NAME, config.MODEL.NUM_CLASSES = "litv2", "checkpoint-litv2", model_config["num_classes"]
    config.MODEL.DROP_PATH_RATE = model_config["drop_path_rate"]
    lit = config.MODEL.LIT
    lit.EMBED_DIM, lit.DEPTHS, lit.NUM_HEADS = model_config["embed_dim"], model_config["depths"], model_config["num_heads"]
    lit.ALPHA, lit.LOCAL_WS, lit.HAS_MSA = model_config["alpha"], model_config["local_ws"], model_config["has_msa"]
    config.AMP_OPT_LEVEL, config.OUTPUT, config.TAG = "O1", "output/checkpoint-litv2", "fixture"
    config.freeze()

    torch.manual_seed(0)
    model, _, input_shape, _ = build(reference, kind, model_config)
    randomise(model, family)
    optimizer = reference_optimizer.build_optimizer(config, model)
    for group in optimizer.param_groups:
        group.setdefault("initial_lr", group["lr"])
    # One real step: a train-mode forward (BatchNorm statistics move), cross-entropy, backward, AdamW.
    model.train()
    gen = torch.Generator().manual_seed(seed_of(name + "-train", "batch"))
    images = torch.randn(input_shape, generator=gen)
    labels = torch.randint(0, model_config["num_classes"], (input_shape[0],), generator=gen)
    torch.use_deterministic_algorithms(False)  # deform_conv2d's backward has no "deterministic" flag; CPU, 1 thread
    loss = nn.CrossEntropyLoss()(model(images), labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    torch.use_deterministic_algorithms(True)
    model.eval()

    x = torch.randn(input_shape, generator=torch.Generator().manual_seed(seed_of(name + "-train", "input")))
    with torch.no_grad():
        y = model(x)
    if not torch.isfinite(y).all():
        raise SystemExit(f"{name}-train: non-finite output")
    save_state = {"model": model.state_dict(),
                  "optimizer": optimizer.state_dict(),
                  "lr_scheduler": cosine_scheduler_state(optimizer, config, n_iter_per_epoch=10, steps_done=1),
                  "max_accuracy": 12.5,
                  "epoch": 0,
                  "config": config}
    if config.AMP_OPT_LEVEL != "O0":
        save_state["amp"] = collections.OrderedDict(loss_scaler0={"loss_scale": 65536.0, "unskipped": 1})

    base = os.path.join(out_dir, name + "-train")
    torch.save(save_state, f"{base}.pth")
    write_safetensors(f"{base}.io.safetensors", {"input": x, "output": y})
    state = model.state_dict()
    info = dict(
        name=name + "-train", model=name, input_shape=list(x.shape), output_shape=list(y.shape),
        parameters=sum(p.numel() for p in model.parameters()), state_dict_tensors=len(state),
        optimizer_state_tensors=sum(len(s) for s in optimizer.state_dict()["state"].values()),
        optimizer_param_groups=len(optimizer.param_groups), loss=loss.item(), entries=sorted(save_state),
        output_max_abs=y.abs().max().item(),
        saved_with="classification/utils.py save_checkpoint's dict, torch.save(save_state, path)",
        recipe=f"make_fixtures.py RECIPE with seed family {family}, then one AdamW step (build_optimizer) on a random "
               f"batch of {input_shape[0]} with random labels",
        versions=dict(torch=torch.__version__, python=".".join(map(str, sys.version_info[:3]))))
    with open(f"{base}.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump(info, f, indent=2, sort_keys=True)
        f.write("\n")

    if verify:
        loaded = torch.load(f"{base}.pth")
        assert sorted(loaded) == sorted(save_state), sorted(loaded)
        assert type(loaded["config"]).__module__ == "yacs.config" and loaded["config"].MODEL.LIT.EMBED_DIM == 8
        fresh = build(reference, kind, model_config)[0].eval()
        fresh.load_state_dict(loaded["model"], strict=True)
        with torch.no_grad():
            assert torch.equal(fresh(x), y), f"{name}-train: the reloaded checkpoint gives a different output"
        opcodes = {op.name for op, _, _ in pickletools.genops(zipfile.ZipFile(f"{base}.pth").read(
            f"{name}-train/data.pkl"))}
        assert {"NEWOBJ", "BUILD", "SETITEMS", "REDUCE"} <= opcodes, opcodes
        print(f"  {name}-train: verified (torch.load: every entry, the CfgNode config, the stepped model's output)")
    report(base, [".pth", ".io.safetensors", ".json"])
    print(f"  {name}-train: loss {loss.item():.4f}, {info['optimizer_state_tensors']} optimizer tensors, "
          f"output max-abs {info['output_max_abs']:.6g}")


def make_companion_fixtures(out_dir, verify):
    """companions.pth (protocol 2) and companions-p4.pth (protocol 4): a state_dict beside common non-tensor objects."""
    state = collections.OrderedDict()
    state["fc.weight"] = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    state["fc.bias"] = torch.tensor([0.5, -0.5])
    checkpoint = {
        "args": argparse.Namespace(model="litv2_s", lr=0.001, epochs=300, betas=(0.9, 0.999), resume=None),
        "best_acc1": np.float64(81.25),
        "step": np.int64(1234),
        "dtype": np.dtype("float32"),
        "classes": {"cat", "dog"},
        "frozen": frozenset({3}),
        "input_size": torch.Size([3, 224, 224]),
        "state_dict": state,
    }
    for name, protocol in (("companions.pth", 2), ("companions-p4.pth", 4)):
        path = os.path.join(out_dir, name)
        torch.save(checkpoint, path, pickle_protocol=protocol)
        if verify:
            loaded = torch.load(path)
            assert loaded["args"] == checkpoint["args"] and loaded["best_acc1"] == 81.25 and loaded["step"] == 1234
            assert loaded["classes"] == {"cat", "dog"} and loaded["input_size"] == torch.Size([3, 224, 224])
            assert torch.equal(loaded["state_dict"]["fc.weight"], state["fc.weight"])
            print(f"  {name}: verified (torch.load gives the same objects)")
    report(os.path.join(out_dir, ""), ["companions.pth", "companions-p4.pth"])


def report(prefix, suffixes):
    for suffix in suffixes:
        path = prefix + suffix
        print(f"  {os.path.basename(path):40s} {os.path.getsize(path):>11,d} B  sha256 {sha256(path)[:16]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", required=True, help="checkout of github ziplab/LITv2 (holds classification/)")
    parser.add_argument("--out", help="output folder")
    parser.add_argument("--full-size", action="store_true", help="write only a full-size LITv2-S checkpoint")
    parser.add_argument("--verify", action="store_true", help="reload every checkpoint with torch.load and check it")
    parser.add_argument("--only", action="append", choices=ONLY_CHOICES,
                        help="write only these fixtures (repeatable; default: all)")
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    reference = load_reference(args.reference)
    out_dir = args.out or (DEFAULT_FULL_SIZE_OUT if args.full_size else DEFAULT_OUT)
    os.makedirs(out_dir, exist_ok=True)
    print(f"writing checkpoints to {out_dir}")
    if args.full_size:
        make_model_checkpoint(reference, *FULL_SIZE, out_dir, args.verify)
        return
    only = set(args.only or ONLY_CHOICES)
    if "checkpoint-litv2" in only:
        make_model_checkpoint(reference, *CHECKPOINT_LITV2, out_dir, args.verify)
    if "train" in only:
        make_training_checkpoint(reference, out_dir, args.verify)
    if "companions" in only:
        make_companion_fixtures(out_dir, args.verify)
    if "reader" in only:
        make_reader_fixtures(out_dir, args.verify)


if __name__ == "__main__":
    main()
