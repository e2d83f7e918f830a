"""Writes numeric-parity fixtures of single token-mixer layers for the .NET tests (tests/LitDsl.Tests/Fixtures/parity).

    /usr/bin/python3 tools/reference/make_mixer_fixtures.py --reference <checkout of ziplab/LITv2> \\
        --benchmark <copy of HubHop/vit-attention-benchmark> [--verify]

MSA, SRA and local-window attention run the benchmark's own modules (`Attention`, `SRAttention`,
`ShiftedWindowAttention` with shift 0 and no relative position bias), imported at run time by benchmark_env.py;
nothing of theirs is copied here. Key-only attention has no published code: `KeyOnlyAttention` below is our own
reading of the LinGlo paper's equations 2-4 (per head: saliency gate, softmax over positions, global key context G,
((G * V) U1 + K); then U2 over all heads), the same reading as src/LitDsl/Blocks/KeyOnlyAttention.cs, with U1 per head
(`mixer-keyonly`) or one Linear over all channels (`mixer-keyonly-u1full`, LitDsl's U1Form.Full).

Files per fixture NAME, as make_fixtures.py writes them: NAME.weights.safetensors (every parameter under its
state_dict key), NAME.io.safetensors (`input`, `output`), NAME.json (config, parameters, flops, shapes, versions).
Weights: Linear/Conv weights N(0, 1/sqrt(fan_in)), biases N(0, 0.1), LayerNorm 1 + N(0, 0.1) / N(0, 0.1), the
key-only saliency N(0, 1) and U1 N(0, 1/sqrt(d)); each tensor from its own generator seeded by crc32(NAME/KEY).
"""
import argparse
import json
import math
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmark_env import load_benchmark  # noqa: E402
from make_fixtures import DEFAULT_OUT, read_safetensors, seed_of, write_safetensors  # noqa: E402
from reference_env import load_reference  # noqa: E402

BATCH, SIDE, DIM, HEADS = 2, 4, 32, 4


class KeyOnlyAttention(nn.Module):
    """LinGlo's key-only attention (our reading of eq. 2-4, per head)."""

    def __init__(self, dim, num_heads, qkv_bias=True, full_u1=False):
        super().__init__()
        self.num_heads, self.head_dim, self.full_u1 = num_heads, dim // num_heads, full_u1
        self.k = nn.Linear(dim, dim, bias=qkv_bias)
        self.v = nn.Linear(dim, dim, bias=qkv_bias)
        self.saliency = nn.Module()
        self.saliency.weight = nn.Parameter(torch.zeros(num_heads, self.head_dim))
        if full_u1:
            self.u1 = nn.Linear(dim, dim)
        else:
            self.u1 = nn.Module()
            self.u1.weight = nn.Parameter(torch.zeros(num_heads, self.head_dim, self.head_dim))   # [head, out, in]
            self.u1.bias = nn.Parameter(torch.zeros(num_heads, self.head_dim))
        self.u2 = nn.Linear(dim, dim)

    def forward(self, x, H, W):
        B, N, C = x.shape
        heads = lambda t: t.reshape(B, N, self.num_heads, self.head_dim).transpose(1, 2)   # noqa: E731
        k, v = heads(self.k(x)), heads(self.v(x))                                           # B, h, N, d
        scores = torch.einsum("bhnd,hd->bhn", k, self.saliency.weight) / math.sqrt(self.head_dim)
        a = scores.softmax(dim=-1)                                                          # over positions
        g = torch.einsum("bhn,bhnd->bhd", a, k)                                             # global key context
        merge = lambda t: t.transpose(1, 2).reshape(B, N, C)                                # noqa: E731
        if self.full_u1:
            return self.u2(self.u1(merge(g.unsqueeze(2) * v)) + merge(k))
        y = torch.einsum("bhnd,hed->bhne", g.unsqueeze(2) * v, self.u1.weight) + self.u1.bias[None, :, None, :] + k
        return self.u2(merge(y))

    def flops(self, N):
        C = self.num_heads * self.head_dim
        u = C if self.full_u1 else self.head_dim
        return 3 * N * C * C + N * C * (u + 2)


def randomise(model, family):
    def normal(key, shape, std, mean=0.0):
        gen = torch.Generator().manual_seed(seed_of(family, key))
        return torch.randn(shape, generator=gen, dtype=torch.float32) * std + mean

    with torch.no_grad():
        for key, p in model.named_parameters():
            owner = model.get_submodule(key.rsplit(".", 1)[0]) if "." in key else model
            leaf = key.rsplit(".", 1)[-1]
            if isinstance(owner, nn.LayerNorm):
                value = normal(key, p.shape, 0.1, mean=1.0 if leaf == "weight" else 0.0)
            elif leaf == "bias":
                value = normal(key, p.shape, 0.1)
            elif isinstance(owner, nn.Linear):
                value = normal(key, p.shape, 1.0 / math.sqrt(owner.in_features))
            elif isinstance(owner, nn.Conv2d):
                value = normal(key, p.shape, 1.0 / math.sqrt(owner.in_channels // owner.groups * p.shape[2] * p.shape[3]))
            elif key.endswith("saliency.weight"):
                value = normal(key, p.shape, 1.0)
            elif key.endswith("u1.weight"):
                value = normal(key, p.shape, 1.0 / math.sqrt(p.shape[-1]))
            else:
                raise SystemExit(f"no recipe for {key}")
            p.copy_(value)


def fixtures(benchmark):
    """(name, module, side of the token map, tokens per flops() call, flops() calls): window attention counts one
    window per call, over the map padded to whole windows (the module pads a map its windows do not tile, as Swin)."""
    msa, sra, window = benchmark

    def local(window_size):
        return window.ShiftedWindowAttention(dim=DIM, num_heads=HEADS, qkv_bias=True, shift_size=0,
                                             window_size=window_size, use_rel_pos=False)

    padded_side = 5   # a 5x5 map in 2x2 windows: padded to 6x6, nine windows
    return [
        ("mixer-msa", msa.Attention(dim=DIM, num_heads=HEADS, qkv_bias=True), SIDE, SIDE * SIDE, 1),
        ("mixer-sra", sra.SRAttention(dim=DIM, num_heads=HEADS, qkv_bias=True, sr_ratio=2), SIDE, SIDE * SIDE, 1),
        ("mixer-window", local(2), SIDE, 4, (SIDE // 2) ** 2),
        ("mixer-window-padded", local(2), padded_side, 4, math.ceil(padded_side / 2) ** 2),
        ("mixer-keyonly", KeyOnlyAttention(DIM, HEADS, qkv_bias=True), SIDE, SIDE * SIDE, 1),
        ("mixer-keyonly-u1full", KeyOnlyAttention(DIM, HEADS, qkv_bias=True, full_u1=True), SIDE, SIDE * SIDE, 1),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True)
    parser.add_argument("--benchmark", required=True)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--only", nargs="*", help="write only these fixtures (default: all)")
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    _, attentions = load_reference(args.reference)
    for name, model, side, flops_tokens, windows in fixtures(load_benchmark(args.benchmark, attentions)):
        if args.only and name not in args.only:
            continue
        model.eval()
        randomise(model, name)
        gen = torch.Generator().manual_seed(seed_of(name, "input"))
        x = torch.randn(BATCH, side * side, DIM, generator=gen, dtype=torch.float32)
        with torch.no_grad():
            y = model(x, side, side)
            y64 = model.double()(x.double(), side, side)
            model.float()
        state = {k: v for k, v in model.state_dict().items() if v.dtype == torch.float32}
        base = os.path.join(args.out, name)
        write_safetensors(base + ".weights.safetensors", state)
        write_safetensors(base + ".io.safetensors", {"input": x, "output": y})
        info = dict(name=name, model=type(model).__name__, tokens=[side, side], dim=DIM, heads=HEADS,
                    parameters=sum(p.numel() for p in model.parameters()),
                    flops=int(windows * model.flops(flops_tokens)),
                    input_shape=list(x.shape), output_shape=list(y.shape),
                    output_max_abs=float(y.abs().max()),
                    float32_vs_float64_max_abs_diff=float((y.double() - y64).abs().max()),
                    versions=dict(torch=torch.__version__))
        with open(base + ".json", "w") as f:
            json.dump(info, f, indent=2, sort_keys=True)
            f.write("\n")
        if args.verify:
            stored = read_safetensors(base + ".weights.safetensors")
            assert set(stored) == set(state), name
            model.load_state_dict(stored, strict=True)
            with torch.no_grad():
                assert torch.equal(model(x, side, side), y), name
        print(f"{name}: {info['parameters']} parameters, {info['flops']} flops, |y| <= {info['output_max_abs']:.3f}")


if __name__ == "__main__":
    main()
