"""Prints the reference code's own parameter counts (numel) and FLOPs (flops()) for the declared models, as JSON.

    /usr/bin/python3 tools/reference/figures.py --reference <checkout of ziplab/LITv2> \
        --benchmark <copy of HubHop/vit-attention-benchmark>

The output is what tests/LitDsl.Generator.Tests/Fixtures/reference-figures.json holds. The attention zoo's single
layers (14x14 tokens of width 768, 12 heads, qkv bias on) come from the LITv2 README's hilo.py (attn-hilo) and the
benchmark's modules (attn-msa, attn-sra, attn-window: the window module's flops(N) counts one window of N tokens, so
the layer is 4 windows of 49); without --benchmark only the LITv2 figures are printed.
"""
import argparse
import json

from benchmark_env import load_benchmark, load_readme_hilo
from reference_env import LITV2_CONFIGS, LITV2_DEFAULTS, load_reference


def count_parameters(module):
    return sum(p.numel() for p in module.parameters())


def exact(value):
    if value != int(value):
        raise SystemExit(f"non-integral figure {value!r}")
    return int(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True)
    parser.add_argument("--benchmark", help="copy of github HubHop/vit-attention-benchmark (the folder with attentions/)")
    args = parser.parse_args()
    litv2, attentions = load_reference(args.reference)

    figures = {}
    for name, config in LITV2_CONFIGS.items():
        model = litv2.LITv2(**{**LITV2_DEFAULTS, **config})
        figures[name] = dict(parameters=count_parameters(model), flops=exact(model.flops()))

    demo = attentions.HiLo(dim=384, num_heads=12, window_size=2, alpha=0.5)
    figures["hilo-demo"] = dict(parameters=count_parameters(demo), flops=exact(demo.flops(14 * 14)))

    # The HiLo paper's single-layer setting (the benchmark's): 14x14 tokens, dim 768, 12 heads, qkv bias on.
    dim, heads, side = 768, 12, 14
    hilo = load_readme_hilo(args.reference).HiLo(dim=dim, num_heads=heads, qkv_bias=True, window_size=2, alpha=0.9)
    figures["attn-hilo"] = dict(parameters=count_parameters(hilo), flops=exact(hilo.flops(side, side)))
    if args.benchmark:
        msa, sra, shifted_window = load_benchmark(args.benchmark, attentions)
        layer = msa.Attention(dim=dim, num_heads=heads, qkv_bias=True)
        figures["attn-msa"] = dict(parameters=count_parameters(layer), flops=exact(layer.flops(side * side)))
        layer = sra.SRAttention(dim=dim, num_heads=heads, qkv_bias=True, sr_ratio=2)
        figures["attn-sra"] = dict(parameters=count_parameters(layer), flops=exact(layer.flops(side * side)))
        window = 7
        layer = shifted_window.ShiftedWindowAttention(dim=dim, num_heads=heads, qkv_bias=True, shift_size=0,
                                                      window_size=window, use_rel_pos=False)
        windows = (side // window) ** 2
        figures["attn-window"] = dict(parameters=count_parameters(layer), flops=exact(windows * layer.flops(window * window)))
    print(json.dumps(figures, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
