"""Prints the reference code's own parameter counts (numel) and FLOPs (flops()) for the declared models, as JSON.

    /usr/bin/python3 tools/reference/figures.py --reference <checkout of ziplab/LITv2>

The output is what tests/LitDsl.Generator.Tests/Fixtures/reference-figures.json holds.
"""
import argparse
import json

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
    args = parser.parse_args()
    litv2, attentions = load_reference(args.reference)

    figures = {}
    for name, config in LITV2_CONFIGS.items():
        model = litv2.LITv2(**{**LITV2_DEFAULTS, **config})
        figures[name] = dict(parameters=count_parameters(model), flops=exact(model.flops()))

    demo = attentions.HiLo(dim=384, num_heads=12, window_size=2, alpha=0.5)
    figures["hilo-demo"] = dict(parameters=count_parameters(demo), flops=exact(demo.flops(14 * 14)))
    print(json.dumps(figures, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
