"""Writes golden parity fixtures from the reference LITv2 / HiLo code (github ziplab/LITv2), for the .NET tests.

    /usr/bin/python3 tools/reference/make_fixtures.py --reference <checkout of ziplab/LITv2> [--verify]
    /usr/bin/python3 tools/reference/make_fixtures.py --reference <checkout> --full-size [--out DIR] [--verify]

For every fixture NAME it writes, into --out (default tests/LitDsl.Tests/Fixtures/parity; /tmp/litdsl-fullsize with
--full-size):
  NAME.weights.safetensors  every float state_dict tensor under its reference key (num_batches_tracked left out);
  NAME.io.safetensors       `input` and `output` (the reference forward in eval mode), float32;
  NAME.json                 the constructor arguments, the reference parameter count and flops(), shapes, versions,
                            output statistics, and what the random recipe produced (deformable offsets etc.).

The weights are not the reference initialisation (which has zero deformable offsets, identity BatchNorm statistics and
zero biases): every parameter and buffer is drawn from its own torch.Generator, seeded from the fixture's seed family and
the tensor's key (see RECIPE), so every path of the model changes the output. The run is deterministic: the same torch
build gives byte-identical files.

--verify reads every written file back with the small reader below, checks the format (sorted keys, 8-byte aligned
header, contiguous data), compares the tensors with the model's, loads the weights into a fresh reference model and
checks that it reproduces the stored output bit for bit; it also checks the deformable conv stand-in against an explicit
DCNv1 sampler, the HiLo fixtures against the README's hilo.py, and (small fixtures) that every tensor matters.

Nothing from the reference is copied here: reference_env.py imports it from the path given at run time.
"""
import argparse
import hashlib
import inspect
import json
import math
import os
import struct
import sys
import zlib

import numpy as np
import torch
import torch.nn as nn
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_env import DeformConv2dPack, LITV2_CONFIGS, LITV2_DEFAULTS, load_reference  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO_ROOT, "tests", "LitDsl.Tests", "Fixtures", "parity")
DEFAULT_FULL_SIZE_OUT = "/tmp/litdsl-fullsize"
BATCH = 2

# ---------------------------------------------------------------------------------------------------------------------
# Fixture declarations (the .NET side declares the same configs under the same names).

TINY_LITV2 = dict(img_size=64, patch_size=4, in_chans=3, num_classes=10, embed_dim=16, depths=[1, 1, 2, 1],
                  num_heads=[1, 2, 4, 8], mlp_ratio=4.0, qkv_bias=True, has_msa=[0, 0, 1, 1], alpha=0.5,
                  local_ws=[0, 0, 2, 1], drop_path_rate=0.0)

# (name, seed family, kind, constructor arguments). Fixtures of one seed family draw the same values for the same key
# (and the same input), so the three tiny-litv2 variants differ only where alpha changes the model: stage 3's HiLo.
FIXTURES = [
    ("tiny-litv2", "tiny-litv2", "litv2", dict(TINY_LITV2)),
    ("tiny-litv2-alpha0", "tiny-litv2", "litv2", dict(TINY_LITV2, alpha=0.0)),
    ("tiny-litv2-alpha1", "tiny-litv2", "litv2", dict(TINY_LITV2, alpha=1.0)),
    ("hilo-demo", "hilo-demo", "hilo", dict(dim=384, num_heads=12, window_size=2, alpha=0.5, tokens=14)),
    ("hilo-layer-ws1", "hilo-layer-ws1", "hilo",
     dict(dim=64, num_heads=4, window_size=1, alpha=0.5, qkv_bias=True, tokens=4)),
]

FULL_SIZE = ("litv2-s", "litv2-s", "litv2", dict(LITV2_DEFAULTS, **LITV2_CONFIGS["litv2-s"]))

# ---------------------------------------------------------------------------------------------------------------------
# The random recipe.

RECIPE = {
    "seed": "each state_dict tensor KEY: torch.Generator().manual_seed(zlib.crc32(FAMILY + '/' + KEY)); the input: "
            "zlib.crc32(FAMILY + '/input'); FAMILY is `seed_family` (the fixture name, or tiny-litv2 for its variants)",
    "linear_and_conv_weight": "N(0, 1/sqrt(fan_in)), fan_in = in_features or in_channels/groups * kh * kw",
    "bias": "N(0, 0.1)",
    "layernorm": "weight 1 + N(0, 0.1), bias N(0, 0.1)",
    "batchnorm": "weight U(0.5, 1.5), bias N(0, 0.1), running_mean N(0, 0.2), running_var U(0.5, 2); "
                 "num_batches_tracked untouched and not exported",
    "dtm_conv_offset": "weight N(0, 1/sqrt(fan_in)), bias N(0, 0.5) (offsets of about 0.5-2 px)",
    "input": "N(0, 1)",
}
BIAS_STD = 0.1
OFFSET_WEIGHT_GAIN = 1.0
OFFSET_BIAS_STD = 0.5


def seed_of(family, key):
    return zlib.crc32(f"{family}/{key}".encode("utf-8"))


def randomise(model, family):
    """Overwrites every float parameter and buffer of `model`, each from its own generator seeded by family and key;
    fails if the recipe misses one."""
    done = set()

    def _normal(key, shape, std, mean=0.0):
        gen = torch.Generator().manual_seed(seed_of(family, key))
        return torch.randn(shape, generator=gen, dtype=torch.float32) * std + mean

    def _uniform(key, shape, low, high):
        gen = torch.Generator().manual_seed(seed_of(family, key))
        return torch.rand(shape, generator=gen, dtype=torch.float32) * (high - low) + low

    offset_convs = {id(m.conv_offset) for m in model.modules() if isinstance(m, DeformConv2dPack)}

    def put(prefix, name, draw):
        key = f"{prefix}{name}"
        value = draw(key)
        target = dict(model.named_parameters()).get(key)
        if target is None:
            target = dict(model.named_buffers())[key]
        assert target.shape == value.shape, (key, target.shape, value.shape)
        with torch.no_grad():
            target.copy_(value)
        done.add(key)

    with torch.no_grad():
        for module_name, m in model.named_modules():
            p = f"{module_name}." if module_name else ""
            if isinstance(m, nn.Linear):
                put(p, "weight", lambda k: _normal(k, m.weight.shape, 1.0 / math.sqrt(m.in_features)))
                if m.bias is not None:
                    put(p, "bias", lambda k: _normal(k, m.bias.shape, BIAS_STD))
            elif isinstance(m, nn.Conv2d):
                fan_in = m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1]
                if id(m) in offset_convs:
                    std = OFFSET_WEIGHT_GAIN / math.sqrt(fan_in)
                    put(p, "weight", lambda k: _normal(k, m.weight.shape, std))
                    put(p, "bias", lambda k: _normal(k, m.bias.shape, OFFSET_BIAS_STD))
                else:
                    put(p, "weight", lambda k: _normal(k, m.weight.shape, 1.0 / math.sqrt(fan_in)))
                    if m.bias is not None:
                        put(p, "bias", lambda k: _normal(k, m.bias.shape, BIAS_STD))
            elif isinstance(m, DeformConv2dPack):
                fan_in = m.weight.shape[1] * m.weight.shape[2] * m.weight.shape[3]
                put(p, "weight", lambda k: _normal(k, m.weight.shape, 1.0 / math.sqrt(fan_in)))
                put(p, "bias", lambda k: _normal(k, m.bias.shape, BIAS_STD))
            elif isinstance(m, nn.LayerNorm):
                put(p, "weight", lambda k: _normal(k, m.weight.shape, 0.1, mean=1.0))
                put(p, "bias", lambda k: _normal(k, m.bias.shape, 0.1))
            elif isinstance(m, nn.BatchNorm2d):
                put(p, "weight", lambda k: _uniform(k, m.weight.shape, 0.5, 1.5))
                put(p, "bias", lambda k: _normal(k, m.bias.shape, 0.1))
                put(p, "running_mean", lambda k: _normal(k, m.running_mean.shape, 0.2))
                put(p, "running_var", lambda k: _uniform(k, m.running_var.shape, 0.5, 2.0))

    exported = set(exported_state(model))
    seeds = {seed_of(family, key) for key in exported} | {seed_of(family, "input")}
    assert len(seeds) == len(exported) + 1, "two tensors share a seed"
    missed = exported - done
    if missed:
        raise SystemExit(f"the random recipe does not cover: {sorted(missed)}")


def exported_state(model):
    """The state_dict as exported: float32 tensors under the reference keys, num_batches_tracked left out."""
    state = {}
    for key, value in model.state_dict().items():
        if key.endswith("num_batches_tracked"):
            continue
        if value.dtype != torch.float32:
            raise SystemExit(f"{key}: unexpected dtype {value.dtype}")
        state[key] = value.detach().contiguous()
    return state


# ---------------------------------------------------------------------------------------------------------------------
# safetensors, written and read by hand (no safetensors package here).

def write_safetensors(path, tensors):
    """F32 only; keys sorted, data concatenated in key order, header padded with spaces to a multiple of 8."""
    header, blobs, offset = {}, [], 0
    for key in sorted(tensors):
        array = tensors[key].detach().cpu().contiguous().numpy()
        if array.dtype != np.float32:
            raise SystemExit(f"{key}: only float32 is written, got {array.dtype}")
        blob = array.astype("<f4", copy=False).tobytes(order="C")
        header[key] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    """Reads what write_safetensors writes (and checks that it is exactly that layout). Returns {key: torch.Tensor}."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    assert n % 8 == 0, f"{path}: header length {n} is not a multiple of 8"
    raw = data[8:8 + n]
    assert raw.rstrip(b" ") == raw.rstrip(), f"{path}: header padding is not spaces"
    header = json.loads(raw.decode("utf-8"))
    assert "__metadata__" not in header
    keys = list(header)
    assert keys == sorted(keys), f"{path}: header keys are not sorted"
    body, tensors, expected = data[8 + n:], {}, 0
    for key in keys:
        entry = header[key]
        assert set(entry) == {"dtype", "shape", "data_offsets"}, entry
        assert entry["dtype"] == "F32", entry
        begin, end = entry["data_offsets"]
        assert begin == expected, f"{path}: {key} starts at {begin}, expected {expected}"
        assert end - begin == 4 * math.prod(entry["shape"]), f"{path}: {key} size does not match its shape"
        array = np.frombuffer(body[begin:end], dtype="<f4").reshape(entry["shape"])
        tensors[key] = torch.from_numpy(array.copy())
        expected = end
    assert expected == len(body), f"{path}: {len(body) - expected} trailing bytes"
    return tensors


# ---------------------------------------------------------------------------------------------------------------------
# Models.

def constructor_args(cls, given):
    """All constructor arguments (defaults filled in), JSON-ready."""
    args = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL):
            continue
        value = given.get(name, parameter.default)
        if value is inspect.Parameter.empty:
            raise SystemExit(f"{cls.__name__}: no value for {name}")
        if isinstance(value, type):
            value = f"{value.__module__}.{value.__qualname__}"
        args[name] = value
    unknown = set(given) - set(args)
    if unknown:
        raise SystemExit(f"{cls.__name__}: unknown arguments {sorted(unknown)}")
    return args


def build(reference, kind, config):
    """Returns (model, constructor args, input shape, forward description)."""
    litv2, attentions = reference
    if kind == "litv2":
        model = litv2.LITv2(**config)
        args = constructor_args(litv2.LITv2, config)
        shape = [BATCH, config["in_chans"], config["img_size"], config["img_size"]]
        return model, args, shape, "LITv2.forward(input) -> logits"
    hilo_args = {k: v for k, v in config.items() if k != "tokens"}
    model = attentions.HiLo(**hilo_args)
    args = constructor_args(attentions.HiLo, hilo_args)
    tokens = config["tokens"]
    shape = [BATCH, tokens * tokens, config["dim"]]
    return model, args, shape, f"HiLo.forward(input) with H = W = int(sqrt(N)) = {tokens}"


def exact(value):
    if value != int(value):
        raise SystemExit(f"non-integral figure {value!r}")
    return int(value)


def reference_flops(model, kind, config):
    return exact(model.flops() if kind == "litv2" else model.flops(config["tokens"] ** 2))


def expected_parameters(kind, config):
    """An independent count of the parameters (not the buffers), from the architecture as described, to cross-check
    the reference's numel (the .NET side counts the same way)."""
    def linear(i, o, bias=True):
        return i * o + (o if bias else 0)

    def hilo(dim, heads, ws, alpha, qkv_bias):
        head_dim = dim // heads
        l_heads = int(heads * alpha)
        h_heads = heads - l_heads
        if ws == 1:
            l_heads, h_heads = heads, 0
        l_dim, h_dim = l_heads * head_dim, h_heads * head_dim
        n = 0
        if l_heads > 0:
            n += linear(dim, l_dim, qkv_bias) + linear(dim, 2 * l_dim, qkv_bias) + linear(l_dim, l_dim)
        if h_heads > 0:
            n += linear(dim, 3 * h_dim, qkv_bias) + linear(h_dim, h_dim)
        return n

    if kind == "hilo":
        return hilo(config["dim"], config["num_heads"], config["window_size"], config["alpha"],
                    config.get("qkv_bias", False))
    c = config
    e, p = c["embed_dim"], c["patch_size"]
    n = e * c["in_chans"] * p * p + e + 2 * e  # patch conv + its LayerNorm
    stages = len(c["depths"])
    for i in range(stages):
        dim = e * 2 ** i
        hidden = int(dim * c["mlp_ratio"])
        ffn = 2 * dim + linear(dim, hidden) + hidden * 9 + hidden + linear(hidden, dim)  # norm2, fc1, dwconv, fc2
        block = ffn
        if c["has_msa"][i] == 1:
            block += 2 * dim + hilo(dim, c["num_heads"][i], c["local_ws"][i], c["alpha"], c["qkv_bias"])
        n += c["depths"][i] * block
        if i < stages - 1:  # DTM: offset conv (2*2*2 outputs), deformable conv, BatchNorm affine
            n += dim * 4 * 8 + 8 + dim * 4 * 2 * dim + 2 * dim + 2 * 2 * dim
    features = e * 2 ** (stages - 1)
    n += 2 * features + linear(features, c["num_classes"])
    return n


def describe_layers(model, kind):
    """Per-stage facts the .NET side can assert on (block kinds, head split, resolutions)."""
    def hilo_facts(attn):
        return dict(l_heads=attn.l_heads, h_heads=attn.h_heads, l_dim=attn.l_dim, h_dim=attn.h_dim, ws=attn.ws,
                    pooled_keys=hasattr(attn, "sr"))

    if kind == "hilo":
        return hilo_facts(model)
    stages = []
    for layer in model.layers:
        first = layer.blocks[0]
        downsample = type(layer.downsample).__name__ if layer.downsample else None
        stage = dict(dim=layer.dim, input_resolution=list(layer.input_resolution), depth=layer.depth,
                     block=type(first).__name__, downsample=downsample)
        if hasattr(first, "attn"):
            stage["attention"] = hilo_facts(first.attn)
        stages.append(stage)
    return stages


def offset_report(model, x):
    """Runs the model, recording each DTM's offsets: magnitudes and how many sampling points leave the image."""
    records = []

    def hook(module, inputs, output):
        feature = inputs[0]
        records.append((feature.shape[-2], feature.shape[-1], output.detach().clone()))

    handles = [m.conv_offset.register_forward_hook(hook) for m in model.modules() if isinstance(m, DeformConv2dPack)]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    report = []
    for height, width, off in records:
        b, c, ho, wo = off.shape
        k = int(round(math.sqrt(c // 2)))
        off = off.view(b, k * k, 2, ho, wo)
        dy, dx = off[:, :, 0], off[:, :, 1]
        kernel = torch.arange(k * k)
        ky, kx = (kernel // k).view(1, -1, 1, 1), (kernel % k).view(1, -1, 1, 1)
        oy, ox = torch.arange(ho).view(1, 1, -1, 1), torch.arange(wo).view(1, 1, 1, -1)
        y, xx = oy * 2 + ky + dy, ox * 2 + kx + dx  # stride 2, padding 0, dilation 1
        partly = (y < 0) | (y > height - 1) | (xx < 0) | (xx > width - 1)
        wholly = (y <= -1) | (y >= height) | (xx <= -1) | (xx >= width)
        magnitude = off.abs()
        report.append(dict(
            input_hw=[height, width], offset_shape=list(off.view(b, c, ho, wo).shape),
            abs_mean=round(magnitude.mean().item(), 4), abs_max=round(magnitude.max().item(), 4),
            share_over_half_px=round((magnitude > 0.5).float().mean().item(), 4),
            share_integral=round((off == off.round()).float().mean().item(), 4),
            share_points_partly_outside=round(partly.float().mean().item(), 4),
            share_points_wholly_outside=round(wholly.float().mean().item(), 4)))
    for r in report:
        assert r["share_integral"] == 0.0, r
        assert r["share_points_partly_outside"] > 0.0, f"no sampling point leaves the image: {r}"
        assert 0.3 <= r["abs_mean"] <= 4.0, f"offsets out of the intended range: {r}"
    return report


# ---------------------------------------------------------------------------------------------------------------------

def reference_sources(reference):
    """sha256 of the reference files that define the model, to tell which reference version made a fixture."""
    folder = os.path.dirname(os.path.abspath(reference[0].__file__))
    names = ["attentions.py", "blocks.py", "layers.py", "litv2.py", "patch_embed.py"]
    return {f"classification/models/{n}": sha256(os.path.join(folder, n)) for n in names}


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def make(reference, name, family, kind, config, out_dir, verify):
    torch.manual_seed(0)  # the reference's own init (overwritten below) draws from the global generator
    model, args, input_shape, forward = build(reference, kind, config)
    model.eval()
    randomise(model, family)
    x = torch.randn(input_shape, generator=torch.Generator().manual_seed(seed_of(family, "input")),
                    dtype=torch.float32)
    with torch.no_grad():
        y = model(x)
    if not torch.isfinite(y).all():
        raise SystemExit(f"{name}: non-finite output")

    parameters = sum(p.numel() for p in model.parameters())
    expected = expected_parameters(kind, config)
    if parameters != expected:
        raise SystemExit(f"{name}: reference has {parameters} parameters, the independent count says {expected}")
    state = exported_state(model)

    # float64 rerun: how far float32 itself is from the exact result, a floor for the .NET tolerance.
    model64 = build(reference, kind, config)[0].double().eval()
    model64.load_state_dict({k: v.double() for k, v in model.state_dict().items()})
    with torch.no_grad():
        y64 = model64(x.double())
    del model64

    info = dict(
        name=name,
        seed_family=family,
        model="LITv2" if kind == "litv2" else "HiLo",
        config=args,
        forward=forward,
        input_shape=list(x.shape),
        output_shape=list(y.shape),
        parameters=parameters,
        flops=reference_flops(model, kind, config),
        state_dict_tensors=len(state),
        state_dict_elements=sum(v.numel() for v in state.values()),
        layers=describe_layers(model, kind),
        output_max_abs=y.abs().max().item(),
        output_mean=y.mean().item(),
        output_std=y.std().item(),
        input_max_abs=x.abs().max().item(),
        float32_vs_float64_max_abs_diff=(y.double() - y64).abs().max().item(),
        recipe=RECIPE,
        versions=dict(torch=torch.__version__, torchvision=torchvision.__version__, numpy=np.__version__,
                      python=".".join(map(str, sys.version_info[:3]))),
        deterministic_algorithms=torch.are_deterministic_algorithms_enabled(),
        reference_sources=reference_sources(reference),
        dtype="float32",
    )
    if kind == "litv2":
        info["dtm_offsets"] = offset_report(model, x)

    base = os.path.join(out_dir, name)
    write_safetensors(f"{base}.weights.safetensors", state)
    write_safetensors(f"{base}.io.safetensors", {"input": x, "output": y})
    with open(f"{base}.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump(info, f, indent=2, sort_keys=True)
        f.write("\n")

    if verify:
        verify_fixture(reference, name, kind, config, base, state, x, y)
    files = [f"{base}.weights.safetensors", f"{base}.io.safetensors", f"{base}.json"]
    for path in files:
        print(f"  {os.path.basename(path):40s} {os.path.getsize(path):>11,d} B  sha256 {sha256(path)[:16]}")
    print(f"  {name}: parameters {parameters:,}, flops {info['flops']:,}, output {list(y.shape)} "
          f"max-abs {info['output_max_abs']:.6g}, f32-vs-f64 {info['float32_vs_float64_max_abs_diff']:.3g}")
    return info


def verify_fixture(reference, name, kind, config, base, state, x, y):
    weights = read_safetensors(f"{base}.weights.safetensors")
    assert list(weights) == sorted(state), f"{name}: weight keys differ"
    for key, value in state.items():
        assert weights[key].shape == value.shape and torch.equal(weights[key], value), f"{name}: {key} differs"
    io = read_safetensors(f"{base}.io.safetensors")
    assert sorted(io) == ["input", "output"], f"{name}: io keys {sorted(io)}"
    assert torch.equal(io["input"], x) and torch.equal(io["output"], y), f"{name}: io tensors differ"
    # A fresh reference model from the file alone reproduces the stored output bit for bit.
    torch.manual_seed(12345)
    fresh = build(reference, kind, config)[0].eval()
    missing, unexpected = fresh.load_state_dict(weights, strict=False)
    assert not unexpected, unexpected
    assert all(k.endswith("num_batches_tracked") for k in missing), missing
    with torch.no_grad():
        again = fresh(io["input"])
    assert torch.equal(again, io["output"]), f"{name}: reloaded model gives a different output"
    with open(f"{base}.json", encoding="utf-8") as f:
        info = json.load(f)
    assert info["input_shape"] == list(x.shape) and info["output_shape"] == list(y.shape)
    print(f"  {name}: verified (format, tensors, reload reproduces the output exactly)")
    if kind == "litv2":
        worst = check_deform_conv(fresh, io["input"])
        print(f"  {name}: torchvision deform_conv2d agrees with an explicit DCNv1 sampler (max diff {worst:.3g})")
    else:
        readme_hilo_agrees(reference, config, weights, io)
    if len(state) <= 200:
        weakest = sensitivity(fresh, io["input"], io["output"])
        print(f"  {name}: every tensor matters (smallest output change when one is made trivial: "
              f"{weakest[1]:.3g}, {weakest[0]})")


def deform_conv_explicit(x, offset, weight, bias, stride):
    """DCNv1 forward written out (float64): offset channel 2*(i*kw + j) is dy and 2*(i*kw + j) + 1 is dx of kernel
    tap (i, j); tap (i, j) of output (oy, ox) samples at (oy*stride + i + dy, ox*stride + j + dx) (padding 0,
    dilation 1); bilinear, with points at or beyond one pixel outside the image giving 0 and corners outside the image
    counting 0 (the reference CUDA kernel's and torchvision's rule)."""
    x, offset, weight, bias = x.double(), offset.double(), weight.double(), bias.double()
    b, c, h, w = x.shape
    o, _, kh, kw = weight.shape
    ho, wo = offset.shape[-2:]
    off = offset.view(b, kh * kw, 2, ho, wo)
    flat = x.view(b, c, h * w)

    def at(yy, xx, valid):
        inside = valid & (yy >= 0) & (yy <= h - 1) & (xx >= 0) & (xx <= w - 1)
        index = (yy.clamp(0, h - 1) * w + xx.clamp(0, w - 1)).long().view(b, 1, ho * wo).expand(b, c, ho * wo)
        return torch.gather(flat, 2, index).view(b, c, ho, wo) * inside.view(b, 1, ho, wo)

    taps = []
    for i in range(kh):
        for j in range(kw):
            p = i * kw + j
            y = (torch.arange(ho, dtype=torch.float64) * stride + i).view(1, ho, 1) + off[:, p, 0]
            xx = (torch.arange(wo, dtype=torch.float64) * stride + j).view(1, 1, wo) + off[:, p, 1]
            valid = (y > -1) & (y < h) & (xx > -1) & (xx < w)
            y0, x0 = torch.floor(y), torch.floor(xx)
            ly, lx = (y - y0).unsqueeze(1), (xx - x0).unsqueeze(1)
            taps.append((1 - ly) * (1 - lx) * at(y0, x0, valid) + (1 - ly) * lx * at(y0, x0 + 1, valid)
                        + ly * (1 - lx) * at(y0 + 1, x0, valid) + ly * lx * at(y0 + 1, x0 + 1, valid))
    columns = torch.stack(taps, 2)  # b, c, kh*kw, ho, wo
    return torch.einsum("bkphw,okp->bohw", columns, weight.view(o, c, kh * kw)) + bias.view(1, o, 1, 1)


def check_deform_conv(model, x):
    """The stand-in (torchvision.ops.deform_conv2d) against deform_conv_explicit, on every DTM of the fixture."""
    seen = []

    def hook(module, inputs, output):
        seen.append((module, inputs[0].detach(), output.detach()))

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, DeformConv2dPack)]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    worst = 0.0
    for module, inp, out in seen:
        with torch.no_grad():
            offset = module.conv_offset(inp)
        expected = deform_conv_explicit(inp, offset, module.weight.detach(), module.bias.detach(), module.stride)
        diff = (out.double() - expected).abs().max().item()
        assert diff < 1e-4 * max(1.0, expected.abs().max().item()), f"deform_conv2d differs by {diff}"
        worst = max(worst, diff)
    return worst


def readme_hilo_agrees(reference, config, weights, io):
    """The README demo's own HiLo (hilo.py at the checkout's root, forward(x, H, W)) gives the same output as
    classification's HiLo (forward(x), H = W = sqrt(N)) on the fixture."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(reference[0].__file__))))
    path = os.path.join(root, "hilo.py")
    if not os.path.exists(path):
        print("  (no hilo.py at the reference root; README demo cross-check skipped)")
        return
    import importlib.util
    spec = importlib.util.spec_from_file_location("reference_readme_hilo", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    args = {k: v for k, v in config.items() if k != "tokens"}
    demo = module.HiLo(**args).eval()
    demo.load_state_dict(weights, strict=True)
    t = config["tokens"]
    with torch.no_grad():
        out = demo(io["input"], t, t)
    assert torch.equal(out, io["output"]), "README hilo.py HiLo disagrees with classification's HiLo"
    demo_flops = demo.flops(t, t)
    print(f"  README hilo.py HiLo.forward(x, {t}, {t}) reproduces the output exactly; its flops({t}, {t}) = "
          f"{demo_flops:,}")


def sensitivity(model, x, y):
    """Replaces each exported tensor in turn by its trivial value (what an implementation that ignored it would use:
    ones for norm scales and running_var, zeros otherwise) and checks that the output moves far above float32 noise,
    so no tensor (offset conv, BatchNorm statistics, query bias...) is dead in the fixture. Returns the weakest."""
    ones = set()
    for module_name, m in model.named_modules():
        if isinstance(m, (nn.LayerNorm, nn.BatchNorm2d)):
            ones.add(f"{module_name}.weight")
        if isinstance(m, nn.BatchNorm2d):
            ones.add(f"{module_name}.running_var")
    weakest = (None, math.inf)
    for key, tensor in exported_state(model).items():
        saved = tensor.clone()
        with torch.no_grad():
            tensor.fill_(1.0 if key in ones else 0.0)
            change = (model(x) - y).abs().max().item()
            tensor.copy_(saved)
        if change < weakest[1]:
            weakest = (key, change)
        assert change > 1e-3, f"{key}: replacing it by its trivial value changes the output by only {change:.3g}"
    return weakest


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", required=True, help="checkout of github ziplab/LITv2 (holds classification/)")
    parser.add_argument("--out", help=f"output folder (default {os.path.relpath(DEFAULT_OUT, REPO_ROOT)}, "
                                      f"or {DEFAULT_FULL_SIZE_OUT} with --full-size)")
    parser.add_argument("--full-size", action="store_true", help="write only LITv2-S (224, random weights)")
    parser.add_argument("--only", action="append", help="write only this fixture (repeatable)")
    parser.add_argument("--verify", action="store_true", help="read every written file back and check it")
    args = parser.parse_args()

    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)  # one summation order, whatever the machine
    try:
        torch.use_deterministic_algorithms(True)
    except Exception as error:  # noqa: BLE001 - informational only
        print(f"note: deterministic algorithms unavailable: {error}")
    reference = load_reference(args.reference)

    fixtures = [FULL_SIZE] if args.full_size else FIXTURES
    if args.only:
        fixtures = [f for f in fixtures if f[0] in args.only]
        if not fixtures:
            raise SystemExit(f"no fixture named {args.only}")
    out_dir = args.out or (DEFAULT_FULL_SIZE_OUT if args.full_size else DEFAULT_OUT)
    os.makedirs(out_dir, exist_ok=True)
    print(f"writing {len(fixtures)} fixture(s) to {out_dir}")
    for name, family, kind, config in fixtures:
        make(reference, name, family, kind, config, out_dir, args.verify)


if __name__ == "__main__":
    main()
