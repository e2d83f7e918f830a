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

and, small fixtures only (not with --full-size):

  dtypes.pth                a nested checkpoint ({'epoch', 'best_acc', 'note', 'flags', 'sizes', 'state_dict'}) whose
                            state_dict holds every storage dtype torch.save writes for CPU tensors (float32/16/64,
                            bfloat16, int64/32/16/8, uint8, bool), a transposed (strided) view, a narrowed view with a
                            storage offset, two views of one storage, a 0-dim scalar, an empty tensor and a Parameter;
  dtypes.expected.safetensors  the same state_dict converted to contiguous float32 (what the .NET reader must return);
  dtypes.legacy.pth         the same checkpoint with _use_new_zipfile_serialization=False (the pre-1.6 format, refused);
  hostile-os-system.pth     a torch-style zip whose data.pkl calls os.system through GLOBAL + REDUCE (must be refused
                            without running anything).

Nothing from the reference is copied here: reference_env.py imports it from the path given at run time.
"""
import argparse
import collections
import json
import os
import pickle
import sys
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
    make_model_checkpoint(reference, *CHECKPOINT_LITV2, out_dir, args.verify)
    make_reader_fixtures(out_dir, args.verify)


if __name__ == "__main__":
    main()
