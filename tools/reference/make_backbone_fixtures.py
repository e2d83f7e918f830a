"""Writes golden fixtures of the reference LITv2 dense-prediction backbone (github ziplab/LITv2,
detection/mmdet/models/backbones/litv2.py) for the .NET tests: multi-scale outputs at input sizes that neither the
patch size nor the HiLo windows divide.

    /usr/bin/python3 tools/reference/make_backbone_fixtures.py --reference <checkout of ziplab/LITv2> [--verify]
    /usr/bin/python3 tools/reference/make_backbone_fixtures.py --reference <checkout> --full-size [--out DIR] [--verify]

For every fixture NAME it writes, into --out (default tests/LitDsl.Tests/Fixtures/backbones; /tmp/litdsl-fullsize with
--full-size):
  NAME.weights.safetensors  every float state_dict tensor under its reference key (num_batches_tracked left out);
  NAME.io.safetensors       per input case C (C = "BxHxW", e.g. "2x50x87"): C/input and C/out<i> for each i in
                            out_indices (the reference forward's tuple, NCHW), float32;
  NAME.json                 constructor arguments, parameters, per case: shapes, stage sizes, HiLo padding, the
                            float32-vs-float64 difference of every output (the noise floor), the composed FLOPs, the
                            deformable offsets; versions and the sha256 of the reference files.
The default run also writes litv2-s-backbone.state_dict_keys.txt (the full-size backbone's keys, in order).
--full-size also writes NAME.pth (torch.save({'state_dict': state_dict})), NAME.input.npy and NAME.expected.npz (one
array per output, named out<i>) for the command-line round trip.

The weights follow make_fixtures.py's random recipe (every tensor from its own generator; non-zero deformable offsets,
random BatchNorm statistics, random LayerNorm affine including the backbone's own norm1..norm3), except
tiny-backbone-from-checkpoint, which loads the committed classification checkpoint
(tests/LitDsl.Tests/Fixtures/checkpoints/checkpoint-litv2.pth) through the reference's own init_weights: its
state_dict is what the reference backbone holds after that non-strict load.

Every run checks docs/backbones-reference.md's account of PatchEmbed and HiLo on every case (an independent float64
implementation from that account matches the reference in float64; a masked variant does not, wherever HiLo pads) and
records it under `checks`. --verify also reads every file back, reloads a fresh reference backbone from the weights
file alone and checks that it reproduces every output bit for bit, checks the DCN stand-in against the explicit DCNv1
sampler of make_fixtures.py, checks that the segmentation backbone equals the detection one up to its extra norm0, and
(small fixtures) that every tensor changes the outputs.

Nothing from the reference is copied here: reference_env.py imports it from the path given at run time.
"""
import argparse
import hashlib
import json
import math
import os
import sys
import types

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backbone_flops import backbone_flops, stage_sizes  # noqa: E402
from make_fixtures import (RECIPE, check_deform_conv, constructor_args, exported_state, offset_report,  # noqa: E402
                           randomise, read_safetensors, seed_of, sha256, write_safetensors)
import reference_env  # noqa: E402
from reference_env import (DETECTION_BACKBONE, LITV2_BACKBONE_CONFIGS, LITV2_BACKBONE_DEFAULTS,  # noqa: E402
                           SEGMENTATION_BACKBONE, load_backbones)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO_ROOT, "tests", "LitDsl.Tests", "Fixtures", "backbones")
DEFAULT_FULL_SIZE_OUT = "/tmp/litdsl-fullsize"
CLASSIFICATION_CHECKPOINT = os.path.join(REPO_ROOT, "tests", "LitDsl.Tests", "Fixtures", "checkpoints",
                                         "checkpoint-litv2.pth")

# ---------------------------------------------------------------------------------------------------------------------
# Fixture declarations (the .NET side declares the same configs under the same names).

# Embed 8 and depths [1, 1, 2, 1] keep the files small; heads [1, 2, 4, 8] give 8 channels per head everywhere, so the
# stage-3 HiLo at alpha 0.9 has 3 Lo-Fi heads and 1 Hi-Fi head (both branches), stage 4 is ws 1 (plain attention).
TINY_BACKBONE = dict(patch_size=4, in_chans=3, embed_dim=8, depths=[1, 1, 2, 1], num_heads=[1, 2, 4, 8],
                     mlp_ratio=4.0, qkv_bias=True, has_msa=[0, 0, 1, 1], alpha=0.9, local_ws=[0, 0, 2, 1],
                     out_indices=(0, 1, 2, 3), drop_path_rate=0.0)

# Input cases (B, C, H, W). Stage sizes: ceil(H/4), then floor(/2) three times.
#   50x87: 13x22, 6x11, 3x5, 1x2   (stage 3 padded to 4x6 by ws 2, to 4x8 by ws 4; odd DTM inputs 13 and 11, 3 and 5)
#   90x45: 23x12, 11x6, 5x3, 2x1   (H > W; stage 3 padded to 6x4 / 8x4)
#   30x45: 8x12, 4x6, 2x3, 1x1     (about the least input the DTMs allow; ws 4 pads 2x3 to 4x4: one pooled key)
#   64x96: 16x24, 8x12, 4x6, 2x3   (every side divisible by the patch; ws 2 pads nothing, ws 4 pads 6 to 8)
CASES = [(2, 3, 50, 87), (2, 3, 90, 45), (2, 3, 30, 45), (1, 3, 64, 96)]
ONE_CASE = [(2, 3, 50, 87)]

# The classification checkpoint's architecture (make_checkpoints.py's checkpoint-litv2), as a backbone.
CHECKPOINT_BACKBONE = dict(TINY_BACKBONE, alpha=0.5)

# (name, seed family, constructor arguments, cases, weights): weights "random" (the recipe) or "checkpoint" (the
# classification checkpoint through init_weights). One family draws the same value for the same key, so fixtures of
# the tiny-backbone family hold identical tensors wherever the key exists (tiny-backbone and tiny-backbone-ws4 have
# byte-identical weight files: HiLo's parameters do not depend on the window).
FIXTURES = [
    ("tiny-backbone", "tiny-backbone", dict(TINY_BACKBONE), CASES, "random"),
    ("tiny-backbone-ws4", "tiny-backbone", dict(TINY_BACKBONE, local_ws=[0, 0, 4, 1]), CASES, "random"),
    ("tiny-backbone-alpha0", "tiny-backbone", dict(TINY_BACKBONE, alpha=0.0), ONE_CASE, "random"),
    ("tiny-backbone-alpha1-ws4", "tiny-backbone", dict(TINY_BACKBONE, alpha=1.0, local_ws=[0, 0, 4, 1]), ONE_CASE,
     "random"),
    ("tiny-backbone-out-1-3", "tiny-backbone", dict(TINY_BACKBONE, out_indices=(1, 3)), ONE_CASE, "random"),
    ("tiny-backbone-from-checkpoint", "tiny-backbone-from-checkpoint", dict(CHECKPOINT_BACKBONE),
     [(2, 3, 50, 87), (1, 3, 64, 64)], "checkpoint"),
]

FULL_SIZE = [
    ("litv2-s-backbone", "litv2-s-backbone",
     dict(LITV2_BACKBONE_DEFAULTS, **LITV2_BACKBONE_CONFIGS["litv2-s-backbone"]), [(1, 3, 250, 330)], "random"),
    ("litv2-s-backbone-ws4", "litv2-s-backbone",
     dict(LITV2_BACKBONE_DEFAULTS, **LITV2_BACKBONE_CONFIGS["litv2-s-backbone-ws4"]), [(1, 3, 230, 310)], "random"),
]

# ---------------------------------------------------------------------------------------------------------------------
# Models.


def case_name(shape):
    b, _, h, w = shape
    return f"{b}x{h}x{w}"


def build(detection, config, weights, family, checkpoint=CLASSIFICATION_CHECKPOINT):
    """The reference detection backbone in eval mode with the fixture's weights. Returns (model, load report)."""
    torch.manual_seed(0)  # the reference's own init (overwritten or loaded over) draws from the global generator
    report = None
    if weights == "checkpoint":
        # As the RetinaNet / Mask R-CNN configs do: init_cfg=dict(type='Pretrained', checkpoint=...), then the
        # framework calls init_weights(). mmengine passes a ConfigDict (attribute access), hence the namespace.
        init_cfg = types.SimpleNamespace(type="Pretrained", checkpoint=checkpoint)
        model = detection.LITv2(**config, init_cfg=init_cfg)
        before = len(reference_env.LOAD_REPORTS)
        model.init_weights()
        assert len(reference_env.LOAD_REPORTS) == before + 1, "init_weights did not load the checkpoint"
        report = reference_env.LOAD_REPORTS[-1]
    else:
        model = detection.LITv2(**config)
        randomise(model, family)
    model.eval()  # the reference's LITv2.train() returns None: no chaining
    return model, report


def check_loaded_from(model, checkpoint):
    """Every backbone tensor that the classification checkpoint has is the checkpoint's; the others are norm1..3."""
    source = torch.load(checkpoint, map_location="cpu")["model"]
    for key, value in model.state_dict().items():
        if key in source:
            assert torch.equal(value, source[key]), f"{key}: not the checkpoint's value after init_weights"
        else:
            assert key.split(".")[0] in ("norm1", "norm2", "norm3"), f"{key}: not in the checkpoint"


def outputs_of(model, x, out_indices):
    with torch.no_grad():
        outs = model(x)
    assert len(outs) == len(out_indices)
    return {f"out{i}": y for i, y in zip(out_indices, outs)}


def hilo_padding(config, sizes):
    """Per stage: [pad_bottom, pad_right] that HiLo adds (None for ConvFFN stages)."""
    pads = []
    for i, (h, w) in enumerate(sizes):
        if config["has_msa"][i] != 1:
            pads.append(None)
            continue
        ws = config["local_ws"][i]
        pads.append([(ws - h % ws) % ws, (ws - w % ws) % ws])
    return pads


def describe_stages(model, config, shape):
    stages = []
    sizes = stage_sizes(shape[2], shape[3], config["patch_size"], len(config["depths"]))
    for i, layer in enumerate(model.layers):
        first = layer.blocks[0]
        stage = dict(dim=config["embed_dim"] * 2 ** i, depth=len(layer.blocks), block=type(first).__name__,
                     downsample=type(layer.downsample).__name__ if layer.downsample is not None else None,
                     stride=config["patch_size"] * 2 ** i, output_size=list(sizes[i]))
        if hasattr(first, "attn"):
            a = first.attn
            stage["attention"] = dict(l_heads=a.l_heads, h_heads=a.h_heads, l_dim=a.l_dim, h_dim=a.h_dim, ws=a.ws,
                                      pooled_keys=hasattr(a, "sr"))
        stages.append(stage)
    return stages


def reference_sources(reference_root):
    return {path: sha256(os.path.join(reference_root, path)) for path in (DETECTION_BACKBONE, SEGMENTATION_BACKBONE)}


def json_ready(args):
    ready = {}
    for key, value in args.items():
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, types.SimpleNamespace):
            value = dict(vars(value))
            value["checkpoint"] = os.path.relpath(value["checkpoint"], REPO_ROOT)
        ready[key] = value
    return ready


def make(reference_root, backbones, fixture, out_dir, verify, full_size):
    name, family, config, cases, weights = fixture
    detection, segmentation = backbones
    model, load_report = build(detection, config, weights, family)
    if weights == "checkpoint":
        check_loaded_from(model, CLASSIFICATION_CHECKPOINT)
    args = constructor_args(detection.LITv2, dict(config, init_cfg=model.init_cfg))
    out_indices = list(config["out_indices"])

    # float64 twin for the noise floor and the documented-account checks.
    model64 = build(detection, config, weights, family)[0].double()
    model64.load_state_dict({k: v.double() if v.is_floating_point() else v for k, v in model.state_dict().items()})
    model64.eval()

    state = exported_state(model)
    parameters = sum(p.numel() for p in model.parameters())
    out_norm_parameters = sum(p.numel() for n, p in model.named_parameters() if n.split(".")[0] in
                              ("norm1", "norm2", "norm3"))
    io, case_infos, seeds = {}, [], set()
    for shape in cases:
        key = case_name(shape)
        seed = seed_of(family, f"input/{key}")
        seeds.add(seed)
        x = torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float32)
        ys = outputs_of(model, x, out_indices)
        ys64 = outputs_of(model64, x.double(), out_indices)
        sizes = stage_sizes(shape[2], shape[3], config["patch_size"], len(config["depths"]))
        outputs = {}
        for out, y in ys.items():
            i = int(out[3:])
            dim = config["embed_dim"] * 2 ** i
            assert list(y.shape) == [shape[0], dim, *sizes[i]], f"{name} {key} {out}: {list(y.shape)} vs {sizes[i]}"
            if not torch.isfinite(y).all():
                raise SystemExit(f"{name} {key}: non-finite {out}")
            diff = (y.double() - ys64[out]).abs().max().item()
            outputs[out] = dict(shape=list(y.shape), max_abs=y.abs().max().item(), mean=y.mean().item(),
                                std=y.std().item(), float32_vs_float64_max_abs_diff=diff,
                                float32_vs_float64_max_rel_diff=diff / y.abs().max().item())
        io[f"{key}/input"] = x
        io.update({f"{key}/{out}": y for out, y in ys.items()})
        flops = backbone_flops(config, shape[2], shape[3])
        case = dict(name=key, input_shape=list(shape), stage_sizes=[list(s) for s in sizes],
                    hilo_padding_bottom_right=hilo_padding(config, sizes), outputs=outputs,
                    float32_vs_float64_max_abs_diff=max(o["float32_vs_float64_max_abs_diff"] for o in outputs.values()),
                    flops_per_image=flops["total"],
                    dtm_offsets=offset_report(model, x) if weights == "random" else None)
        case["checks"] = check_accounts(model64, x.double(), config)
        case_infos.append(case)
    assert len(seeds) == len(cases), "two cases share an input seed"

    info = dict(
        name=name,
        seed_family=family,
        model="LITv2 backbone (detection/mmdet/models/backbones/litv2.py)",
        config=json_ready(args),
        weights=("random recipe (make_fixtures.py RECIPE)" if weights == "random" else
                 f"{os.path.relpath(CLASSIFICATION_CHECKPOINT, REPO_ROOT)} through LITv2.init_weights() "
                 "(init_cfg Pretrained): _init_weights, then the reference load_checkpoint, non-strict"),
        forward="LITv2.forward(input) -> tuple of NCHW maps, one per out_indices entry; io keys CASE/input, "
                "CASE/out<i> with CASE = BxHxW",
        out_indices=out_indices,
        parameters=parameters,
        parameters_without_out_norms=parameters - out_norm_parameters,
        state_dict_tensors=len(state),
        state_dict_elements=sum(v.numel() for v in state.values()),
        stages=describe_stages(model, config, cases[0]),
        cases=case_infos,
        float32_vs_float64_max_abs_diff=max(c["float32_vs_float64_max_abs_diff"] for c in case_infos),
        recipe=RECIPE if weights == "random" else None,
        versions=dict(torch=torch.__version__, torchvision=torchvision.__version__, numpy=np.__version__,
                      python=".".join(map(str, sys.version_info[:3]))),
        deterministic_algorithms=torch.are_deterministic_algorithms_enabled(),
        reference_sources=reference_sources(reference_root),
        dtype="float32",
    )
    if load_report is not None:
        info["checkpoint_load"] = dict(
            missing_keys=sorted(load_report["missing"]), unexpected_keys=sorted(load_report["unexpected"]),
            errors=load_report["errors"],
            out_norms_after_load={k: [v.min().item(), v.max().item()] for k, v in state.items()
                                  if k.split(".")[0] in ("norm1", "norm2", "norm3")})

    base = os.path.join(out_dir, name)
    write_safetensors(f"{base}.weights.safetensors", state)
    write_safetensors(f"{base}.io.safetensors", io)
    with open(f"{base}.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump(info, f, indent=2, sort_keys=True)
        f.write("\n")
    files = [f"{base}.weights.safetensors", f"{base}.io.safetensors", f"{base}.json"]
    if full_size:
        files += write_command_line_files(base, model, io, cases, out_indices)

    if verify:
        verify_fixture(backbones, fixture, base, state, io, small=not full_size)
    for path in files:
        print(f"  {os.path.basename(path):44s} {os.path.getsize(path):>11,d} B  sha256 {sha256(path)[:16]}")
    for case in case_infos:
        shapes = ", ".join(f"{k} {v['shape']}" for k, v in case["outputs"].items())
        print(f"  {name} {case['name']}: {shapes}; f32-vs-f64 {case['float32_vs_float64_max_abs_diff']:.3g}")
    print(f"  {name}: parameters {parameters:,} ({parameters - out_norm_parameters:,} without the out norms)")
    return info


def write_command_line_files(base, model, io, cases, out_indices):
    assert len(cases) == 1
    key = case_name(cases[0])
    torch.save({"state_dict": model.state_dict()}, f"{base}.pth")
    np.save(f"{base}.input.npy", io[f"{key}/input"].numpy())
    np.savez(f"{base}.expected.npz", **{f"out{i}": io[f"{key}/out{i}"].numpy() for i in out_indices})
    return [f"{base}.pth", f"{base}.input.npy", f"{base}.expected.npz"]


# ---------------------------------------------------------------------------------------------------------------------
# The documented account (docs/backbones-reference.md), written out independently and checked against the reference.

def patch_embed_as_documented(patch_embed, x):
    """Zero-pad right/bottom to a multiple of the patch, conv (stride = kernel = patch), LayerNorm over channels."""
    p = patch_embed.patch_size[0]
    h, w = x.shape[-2:]
    x = F.pad(x, (0, -w % p, 0, -h % p))
    y = F.conv2d(x, patch_embed.proj.weight, patch_embed.proj.bias, stride=p)
    y = F.layer_norm(y.permute(0, 2, 3, 1), (y.shape[1],), patch_embed.norm.weight, patch_embed.norm.bias, 1e-5)
    return y.permute(0, 3, 1, 2)


def hilo_as_documented(attn, x, h, w, masked=False):
    """HiLo on x [B, h*w, C]: zero-pad the map right/bottom to multiples of ws; Hi-Fi attends within each ws x ws window
    of the padded map, padded tokens included as keys and values; Lo-Fi queries every padded-map token against keys
    and values projected from the ws x ws averages of the padded map (zeros counted, divisor ws^2); each branch is
    cropped back to h x w; concat [Hi-Fi, Lo-Fi]. masked=True is the variant the reference does NOT compute (padded
    tokens excluded from Hi-Fi keys and from the Lo-Fi averages), for contrast."""
    b, n, c = x.shape
    ws = attn.ws
    hp, wp = ws * math.ceil(h / ws), ws * math.ceil(w / ws)
    grid = x.new_zeros(b, hp, wp, c)
    grid[:, :h, :w] = x.view(b, h, w, c)
    real = x.new_zeros(1, hp, wp, 1)
    real[:, :h, :w] = 1
    head_dim = (attn.l_dim // attn.l_heads) if attn.l_heads else (attn.h_dim // attn.h_heads)
    branches = []
    if attn.h_heads > 0:
        gh, gw, t = hp // ws, wp // ws, ws * ws

        def windows(grid_):  # [B, hp, wp, K] -> [B, gh*gw, ws*ws, K]
            batch, k = grid_.shape[0], grid_.shape[-1]
            return grid_.reshape(batch, gh, ws, gw, ws, k).permute(0, 1, 3, 2, 4, 5).reshape(batch, gh * gw, t, k)

        qkv = F.linear(windows(grid), attn.h_qkv.weight, attn.h_qkv.bias)
        qkv = qkv.view(b, gh * gw, t, 3, attn.h_heads, head_dim).permute(3, 0, 1, 4, 2, 5)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = q @ k.transpose(-2, -1) * attn.scale
        if masked:
            keep = windows(real.expand(b, -1, -1, -1)).view(b, gh * gw, 1, 1, t) > 0
            scores = scores.masked_fill(~keep, float("-inf"))
        out = (scores.softmax(-1) @ v).permute(0, 1, 3, 2, 4).reshape(b, gh, gw, ws, ws, attn.h_dim)
        out = out.permute(0, 1, 3, 2, 4, 5).reshape(b, hp, wp, attn.h_dim)
        branches.append(F.linear(out, attn.h_proj.weight, attn.h_proj.bias)[:, :h, :w])
    if attn.l_heads > 0:
        q = F.linear(grid, attn.l_q.weight, attn.l_q.bias).view(b, hp * wp, attn.l_heads, head_dim).transpose(1, 2)
        if ws > 1:
            sums = grid.view(b, hp // ws, ws, wp // ws, ws, c).sum((2, 4))
            if masked:
                counts = real.view(1, hp // ws, ws, wp // ws, ws, 1).sum((2, 4))
                pooled = (sums / counts.clamp(min=1)).view(b, -1, c)
                pooled_real = (counts > 0).view(1, 1, 1, -1)
            else:
                pooled = (sums / (ws * ws)).view(b, -1, c)
                pooled_real = None
        else:
            pooled = grid.view(b, hp * wp, c)
            pooled_real = real.view(1, 1, 1, -1) > 0 if masked else None
        kv = F.linear(pooled, attn.l_kv.weight, attn.l_kv.bias).view(b, -1, 2, attn.l_heads, head_dim)
        k, v = kv.permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-2, -1) * attn.scale
        if pooled_real is not None:
            scores = scores.masked_fill(~pooled_real, float("-inf"))
        out = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, hp, wp, attn.l_dim)
        branches.append(F.linear(out, attn.l_proj.weight, attn.l_proj.bias)[:, :h, :w])
    return torch.cat(branches, -1).reshape(b, n, c)


def check_accounts(model64, x64, config):
    """In float64: PatchEmbed and every HiLo of the reference against the documented account (must agree to ~1e-12);
    and how far the masked variant is (must differ wherever HiLo pads, else the fixture would not tell them apart)."""
    seen = []

    def hook(module, inputs, output):
        seen.append((module, inputs, output))

    handles = [model64.patch_embed.register_forward_hook(hook)]
    handles += [m.register_forward_hook(hook) for m in model64.modules() if type(m).__name__ == "HiLo"]
    with torch.no_grad():
        model64(x64)
    for handle in handles:
        handle.remove()
    result = dict(patch_embed_account_max_abs_diff=0.0, hilo=[])
    with torch.no_grad():
        for module, inputs, output in seen:
            if module is model64.patch_embed:
                diff = (patch_embed_as_documented(module, inputs[0]) - output).abs().max().item()
                assert diff < 1e-10, f"PatchEmbed differs from the documented account by {diff}"
                result["patch_embed_account_max_abs_diff"] = diff
                continue
            x, h, w = inputs
            documented = (hilo_as_documented(module, x, h, w) - output).abs().max().item()
            masked = (hilo_as_documented(module, x, h, w, masked=True) - output).abs().max().item()
            padded = h % module.ws != 0 or w % module.ws != 0
            assert documented < 1e-10, f"HiLo {h}x{w} ws {module.ws} differs from the documented account: {documented}"
            if padded:
                assert masked > 1e-4, f"HiLo {h}x{w} ws {module.ws}: the masked variant is indistinguishable ({masked})"
            else:
                assert masked < 1e-10, masked
            result["hilo"].append(dict(map=[h, w], ws=module.ws, padded=padded, account_max_abs_diff=documented,
                                       masked_variant_max_abs_diff=masked))
    return result


# ---------------------------------------------------------------------------------------------------------------------
# Verification.

def verify_fixture(backbones, fixture, base, state, io, small):
    name, family, config, cases, weights = fixture
    detection, segmentation = backbones
    out_indices = list(config["out_indices"])
    read = read_safetensors(f"{base}.weights.safetensors")
    assert list(read) == sorted(state), f"{name}: weight keys differ"
    for key, value in state.items():
        assert torch.equal(read[key], value), f"{name}: {key} differs"
    stored = read_safetensors(f"{base}.io.safetensors")
    assert sorted(stored) == sorted(io), f"{name}: io keys {sorted(stored)}"
    for key, value in io.items():
        assert torch.equal(stored[key], value), f"{name}: io {key} differs"

    # A fresh reference backbone from the weights file alone reproduces every output bit for bit.
    torch.manual_seed(12345)
    fresh = detection.LITv2(**config)
    fresh.eval()
    missing, unexpected = fresh.load_state_dict(read, strict=False)
    assert not unexpected and all(k.endswith("num_batches_tracked") for k in missing), (missing, unexpected)
    worst_dcn = 0.0
    for shape in cases:
        key = case_name(shape)
        ys = outputs_of(fresh, stored[f"{key}/input"], out_indices)
        for out, y in ys.items():
            assert torch.equal(y, stored[f"{key}/{out}"]), f"{name} {key}: reloaded backbone gives another {out}"
        worst_dcn = max(worst_dcn, check_deform_conv(fresh, stored[f"{key}/input"]))
    print(f"  {name}: verified (format, tensors, reload reproduces every output exactly); torchvision deform_conv2d "
          f"agrees with the explicit DCNv1 sampler (max diff {worst_dcn:.3g})")

    check_segmentation_twin(segmentation, config, read, stored, cases, name)
    if small:
        weakest, trivial = sensitivity(fresh, stored, cases, out_indices)
        print(f"  {name}: every tensor matters (smallest output change when one is made trivial: "
              f"{weakest[1]:.3g}, {weakest[0]})" + (f"; trivial already: {', '.join(trivial)}" if trivial else ""))


def check_segmentation_twin(segmentation, config, weights, stored, cases, name):
    """The segmentation backbone with the same weights gives the same outputs, except that output 0 also passes
    through its norm0 (a LayerNorm over channels): checked with a random norm0."""
    seg = segmentation.LITv2(**config)
    seg.eval()
    missing, unexpected = seg.load_state_dict(weights, strict=False)
    assert not unexpected, unexpected
    assert sorted(k for k in missing if "num_batches_tracked" not in k) == (
        ["norm0.bias", "norm0.weight"] if 0 in config["out_indices"] else []), missing
    if 0 in config["out_indices"]:
        gen = torch.Generator().manual_seed(seed_of(name, "segmentation/norm0"))
        with torch.no_grad():
            seg.norm0.weight.copy_(1 + 0.1 * torch.randn(seg.norm0.weight.shape, generator=gen))
            seg.norm0.bias.copy_(0.1 * torch.randn(seg.norm0.bias.shape, generator=gen))
    for shape in cases:
        key = case_name(shape)
        ys = outputs_of(seg, stored[f"{key}/input"], list(config["out_indices"]))
        for out, y in ys.items():
            expected = stored[f"{key}/{out}"]
            if out == "out0":
                expected = F.layer_norm(expected.permute(0, 2, 3, 1), (expected.shape[1],), seg.norm0.weight,
                                        seg.norm0.bias, 1e-5).permute(0, 3, 1, 2)
                assert (y - expected).abs().max().item() < 1e-5, f"{name} {key}: segmentation out0"
            else:
                assert torch.equal(y, expected), f"{name} {key}: the segmentation backbone differs on {out}"
    print(f"  {name}: the segmentation backbone gives the same outputs (out0 through its norm0)")


def sensitivity(model, stored, cases, out_indices):
    """Replaces each exported tensor in turn by its trivial value (ones for norm scales and running_var, zeros
    otherwise) and checks that some output of some case moves far above float32 noise. Returns the weakest and the
    tensors that hold their trivial value already."""
    ones = set()
    for module_name, m in model.named_modules():
        if isinstance(m, (nn.LayerNorm, nn.BatchNorm2d)):
            ones.add(f"{module_name}.weight")
        if isinstance(m, nn.BatchNorm2d):
            ones.add(f"{module_name}.running_var")
    weakest, trivial = (None, math.inf), []
    for key, tensor in exported_state(model).items():
        saved = tensor.clone()
        with torch.no_grad():
            tensor.fill_(1.0 if key in ones else 0.0)
            change = 0.0
            for shape in cases:
                ys = outputs_of(model, stored[f"{case_name(shape)}/input"], out_indices)
                change = max(change, max((y - stored[f"{case_name(shape)}/{o}"]).abs().max().item()
                                         for o, y in ys.items()))
            tensor.copy_(saved)
        # A checkpoint-loaded backbone's out norms are trivial already (weight 1, bias 0): nothing to tell apart.
        if torch.equal(saved, torch.full_like(saved, 1.0 if key in ones else 0.0)):
            trivial.append(key)
            continue
        if change < weakest[1]:
            weakest = (key, change)
        assert change > 1e-3, f"{key}: replacing it by its trivial value changes the outputs by only {change:.3g}"
    return weakest, trivial


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", required=True, help="checkout of github ziplab/LITv2 (holds detection/)")
    parser.add_argument("--out", help=f"output folder (default {os.path.relpath(DEFAULT_OUT, REPO_ROOT)}, "
                                      f"or {DEFAULT_FULL_SIZE_OUT} with --full-size)")
    parser.add_argument("--full-size", action="store_true",
                        help="write only the full-size LITv2-S backbones (random weights; not committed)")
    parser.add_argument("--only", action="append", help="write only this fixture (repeatable)")
    parser.add_argument("--verify", action="store_true", help="read every written file back and check it")
    args = parser.parse_args()

    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)  # one summation order, whatever the machine
    torch.use_deterministic_algorithms(True)
    backbones = load_backbones(args.reference)

    fixtures = FULL_SIZE if args.full_size else FIXTURES
    if args.only:
        fixtures = [f for f in fixtures if f[0] in args.only]
        if not fixtures:
            raise SystemExit(f"no fixture named {args.only}")
    out_dir = args.out or (DEFAULT_FULL_SIZE_OUT if args.full_size else DEFAULT_OUT)
    os.makedirs(out_dir, exist_ok=True)
    print(f"writing {len(fixtures)} fixture(s) to {out_dir}")
    for fixture in fixtures:
        make(args.reference, backbones, fixture, out_dir, args.verify, args.full_size)
    if not args.full_size and not args.only:
        write_state_dict_keys(backbones[0], "litv2-s-backbone", out_dir)


def write_state_dict_keys(detection, name, out_dir):
    """NAME.state_dict_keys.txt: the reference backbone's state_dict keys in its order, num_batches_tracked left out
    (the format of tests/LitDsl.Tests/Fixtures/litv2-s.state_dict_keys.txt)."""
    model = detection.LITv2(**{**LITV2_BACKBONE_DEFAULTS, **LITV2_BACKBONE_CONFIGS[name]})
    keys = [k for k in model.state_dict() if not k.endswith("num_batches_tracked")]
    path = os.path.join(out_dir, f"{name}.state_dict_keys.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(keys) + "\n")
    print(f"  {os.path.basename(path):44s} {len(keys)} keys")


if __name__ == "__main__":
    main()
