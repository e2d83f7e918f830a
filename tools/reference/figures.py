"""Prints the reference code's own parameter counts (numel) and FLOPs (flops()) for the declared models, as JSON.

    /usr/bin/python3 tools/reference/figures.py --reference <checkout of ziplab/LITv2> \
        --benchmark <copy of HubHop/vit-attention-benchmark>
    /usr/bin/python3 tools/reference/figures.py --reference <checkout of ziplab/LITv2> --backbones

The output is what tests/LitDsl.Generator.Tests/Fixtures/reference-figures.json holds. The attention zoo's single
layers (14x14 tokens of width 768, 12 heads, qkv bias on) come from the LITv2 README's hilo.py (attn-hilo) and the
benchmark's modules (attn-msa, attn-sra, attn-window: the window module's flops(N) counts one window of N tokens, so
the layer is 4 windows of 49); without --benchmark only the LITv2 figures are printed.

--backbones prints instead what tests/LitDsl.Generator.Tests/Fixtures/backbone-figures.json holds: the detection
backbones' parameters (state_dict keys and numel, with and without the out norms) and their FLOPs at the detection and
segmentation reference resolutions, composed by backbone_flops.py (the backbone has no flops() of its own), and the
README's alpha study (classification LITv2-S) from the code beside the README's column. It checks the composition
against the reference's own flops() code first and stops if any check fails.
"""
import argparse
import ast
import contextlib
import json
import math
import os
import sys

import torch

from backbone_flops import backbone_flops, hilo_flops, stage_sizes
from benchmark_env import load_benchmark, load_readme_hilo
from reference_env import (DETECTION_BACKBONE, LITV2_BACKBONE_CONFIGS, LITV2_BACKBONE_DEFAULTS, LITV2_CONFIGS,
                           LITV2_DEFAULTS, load_backbones, load_reference)


def count_parameters(module):
    return sum(p.numel() for p in module.parameters())


def exact(value):
    if value != int(value):
        raise SystemExit(f"non-integral figure {value!r}")
    return int(value)


# ---------------------------------------------------------------------------------------------------------------------
# --backbones

# (height, width, where it comes from). Every figure is symmetric in H and W.
REFERENCE_RESOLUTIONS = [
    (1280, 800, "detection/tools/analysis_tools/get_flops.py default --shape 1280 800 (input (3, 1280, 800)); the "
                "paper's detection tables"),
    (512, 512, "segmentation/tools/get_flops.py default --shape 512 512; the ADE20K crop"),
    (224, 224, "the ImageNet resolution (for comparison with the classification flops())"),
]

# The reference README's alpha study (Pretrained LITv2-S with Different Values of Alpha): alpha -> (Params (M),
# Lo-Fi heads, Hi-Fi heads, FLOPs (G)), as printed.
README_ALPHA_STUDY = {
    0.0: (28, 0, 12, "3.97"), 0.2: (28, 2, 10, "3.88"), 0.4: (28, 4, 8, "3.82"), 0.5: (28, 6, 6, "3.77"),
    0.7: (28, 8, 4, "3.74"), 0.9: (28, 10, 2, "3.73"), 1.0: (28, 12, 0, "3.70"),
}

# The reference README's dense-prediction tables, for the backbone they use: Params (M) and FLOPs (G) of the WHOLE
# model (backbone + FPN + heads; detection at 1280x800, segmentation at 512x512, by the get_flops.py scripts).
README_DENSE_TABLES = {
    "litv2-s-backbone": dict(retinanet=(38, 242), mask_rcnn=(47, 261), semantic_fpn=(31, 41)),
    "litv2-s-backbone-ws4": dict(retinanet=(38, 230), mask_rcnn=(47, 249)),
    "litv2-m-backbone": dict(retinanet=(59, 348), mask_rcnn=(68, 367), semantic_fpn=(52, 63)),
    "litv2-m-backbone-ws4": dict(retinanet=(59, 312), mask_rcnn=(68, 315)),
    "litv2-b-backbone": dict(retinanet=(97, 481), mask_rcnn=(106, 500), semantic_fpn=(90, 93)),
    "litv2-b-backbone-ws4": dict(retinanet=(97, 430), mask_rcnn=(106, 449)),
}


def classification_twin(litv2, config, alpha=None, img_size=224):
    """The classification LITv2 of the backbone's architecture (ImageNet head): the model whose checkpoint it loads."""
    args = {**LITV2_DEFAULTS, "img_size": img_size, "embed_dim": config["embed_dim"], "depths": config["depths"],
            "num_heads": config["num_heads"], "local_ws": config["local_ws"], "alpha": config["alpha"]}
    if alpha is not None:
        args["alpha"] = alpha
    return litv2.LITv2(**args)


def get_flops_attention_functions(reference_root):
    """hilo_flops and msa_flops from the reference detection get_flops.py (read from the checkout, only these two
    function definitions executed: the rest of the file needs mmdet): the authors' own rectangular H x W formulas for
    the attention products."""
    path = os.path.join(reference_root, "detection", "tools", "analysis_tools", "get_flops.py")
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    wanted = [node for node in tree.body
              if isinstance(node, ast.FunctionDef) and node.name in ("hilo_flops", "msa_flops")]
    if len(wanted) != 2:
        raise SystemExit(f"{path}: hilo_flops/msa_flops not found")
    namespace = {"math": math}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), path, "exec"), namespace)
    return namespace["hilo_flops"], namespace["msa_flops"]


def check_composition(reference_root, litv2, attentions, detection):
    """Stops unless backbone_flops.py agrees with the reference's own flops() code wherever that code applies."""
    readme_hilo = load_readme_hilo(reference_root).HiLo
    ref_hilo_products, ref_msa_products = get_flops_attention_functions(reference_root)
    checks = 0

    # 1. Whole model, square inputs that 32 divides: classification flops() - final norm - head + out norms.
    for name, config in LITV2_BACKBONE_CONFIGS.items():
        config = {**LITV2_BACKBONE_DEFAULTS, **config}
        for side in (224, 512):
            twin = classification_twin(litv2, config, img_size=side)
            features = twin.num_features
            expected = int(twin.flops()) - features * (side // 4) ** 2 // 2 ** 4 - features * twin.num_classes
            sizes = stage_sizes(side, side, 4, 4)
            expected += sum(config["embed_dim"] * 2 ** i * h * w for i, (h, w) in enumerate(sizes) if i != 0)
            got = backbone_flops(config, side, side)["total"]
            if got != expected:
                raise SystemExit(f"{name} at {side}: composed {got:,} != classification flops() based {expected:,}")
            checks += 1

    # 2. Each term on square maps of every side 1..20 (odd ones and ones the window does not divide included),
    #    against the classification modules' flops() (models.litv2 star-imports Block, ConvFFNBlock, DTM) and the
    #    detection HiLo.flops(N).
    dim, heads = 64, 4
    hilos = {(ws, alpha): detection.HiLo(dim, num_heads=heads, qkv_bias=True, window_size=ws, alpha=alpha)
             for ws in (1, 2, 4) for alpha in (0.0, 0.5, 0.9, 1.0)}
    one_stage = dict(embed_dim=dim, patch_size=1, in_chans=1, depths=[1], num_heads=[heads], local_ws=[2], alpha=0.9,
                     mlp_ratio=4.0, has_msa=[0], out_indices=())
    for side in range(1, 21):
        for (ws, alpha), det in hilos.items():
            mine = sum(hilo_flops(dim, heads, ws, alpha, side, side).values())
            if int(det.flops(side * side)) != mine:
                raise SystemExit(f"HiLo {side}x{side} ws {ws} alpha {alpha}: {mine:,} != {det.flops(side * side):,}")
            checks += 1
        ffn = litv2.ConvFFNBlock(dim, (side, side), heads, mlp_ratio=4.0)
        composed = dict(backbone_flops(one_stage, side, side)["terms"])["layers.0.blocks.0"]
        if composed != int(ffn.flops()):
            raise SystemExit(f"ConvFFN block {side}x{side}: {composed:,} != {ffn.flops():,}")
        block = litv2.Block(dim, (side, side), heads, mlp_ratio=4.0, qkv_bias=True, local_ws=2, alpha=0.9)
        composed = dict(backbone_flops({**one_stage, "has_msa": [1]}, side, side)["terms"])["layers.0.blocks.0"]
        if composed != int(block.flops()):
            raise SystemExit(f"HiLo block {side}x{side}: {composed:,} != {block.flops():,}")
        checks += 2
        if side >= 2:
            dtm = litv2.DTM((side, side), dim)
            two_stages = {**one_stage, "depths": [1, 1], "num_heads": [heads, heads], "local_ws": [2, 1],
                          "has_msa": [0, 0]}
            composed = dict(backbone_flops(two_stages, side, side)["terms"])["layers.0.downsample"]
            if composed != int(dtm.flops()):
                raise SystemExit(f"DTM {side}x{side}: {composed:,} != {dtm.flops():,}")
            checks += 1

    # 3. Rectangular maps: the whole HiLo term against the README hilo.py's flops(H, W), and the attention products
    #    against get_flops.py's hilo_flops / msa_flops.
    for dim, heads, ws, alpha in ((384, 12, 2, 0.9), (384, 12, 4, 0.9), (512, 16, 4, 0.9), (64, 4, 4, 0.5),
                                  (64, 4, 2, 0.0), (64, 4, 2, 1.0), (768, 24, 1, 0.9)):
        readme = readme_hilo(dim, num_heads=heads, window_size=ws, alpha=alpha)
        for h in range(1, 26):
            for w in range(1, 26):
                terms = hilo_flops(dim, heads, ws, alpha, h, w)
                if int(readme.flops(h, w)) != sum(terms.values()):
                    raise SystemExit(f"HiLo {h}x{w} ws {ws}: {sum(terms.values()):,} != hilo.py {readme.flops(h, w):,}")
                l_dim = readme.l_dim
                products = terms["hifi_attention"] + terms["lofi_attention"]
                if ws == 1:
                    reference = ref_msa_products(h, w, dim)
                else:
                    reference = ref_hilo_products(h, w, l_dim, dim - l_dim, ws)
                if int(reference) != products:
                    raise SystemExit(f"HiLo products {h}x{w} ws {ws}: {products:,} != get_flops.py {reference:,}")
                checks += 2
    return checks


@contextlib.contextmanager
def untouched_trunc_normal():
    """Parameter values play no part in these figures, and the reference's truncated-normal init (erfinv over ~30 large
    models) took 90 % of the run: the timm stand-in's trunc_normal_ leaves the tensor as allocated meanwhile."""
    saved = torch.nn.init.trunc_normal_
    torch.nn.init.trunc_normal_ = lambda tensor, *args, **kwargs: tensor
    try:
        yield
    finally:
        torch.nn.init.trunc_normal_ = saved


def backbone_figures(reference_root):
    with untouched_trunc_normal():
        return _backbone_figures(reference_root)


def _backbone_figures(reference_root):
    litv2, attentions = load_reference(reference_root)
    detection, segmentation = load_backbones(reference_root)
    checks = check_composition(reference_root, litv2, attentions, detection)
    print(f"composition checked against the reference flops() code in {checks:,} cases", file=sys.stderr)

    backbones = {}
    for name, config in LITV2_BACKBONE_CONFIGS.items():
        config = {**LITV2_BACKBONE_DEFAULTS, **config}
        model = detection.LITv2(**config)
        state = model.state_dict()
        out_norms = {k: v for k, v in state.items() if k.split(".")[0] in ("norm1", "norm2", "norm3")}
        parameters = count_parameters(model)
        twin = classification_twin(litv2, config)
        twin_keys, keys = set(twin.state_dict()), set(state)
        entry = dict(
            config={k: (list(v) if isinstance(v, tuple) else v) for k, v in config.items()},
            parameters=parameters,
            parameters_without_out_norms=parameters - sum(v.numel() for v in out_norms.values()),
            out_norm_parameters=sum(v.numel() for v in out_norms.values()),
            state_dict_tensors=len(state),
            state_dict_tensors_without_num_batches_tracked=sum(1 for k in state if "num_batches_tracked" not in k),
            state_dict_elements=sum(v.numel() for v in state.values()),
            state_dict_elements_without_out_norms=sum(v.numel() for k, v in state.items() if k not in out_norms),
            classification_parameters=count_parameters(twin),
            segmentation_backbone_parameters=count_parameters(segmentation.LITv2(**config)),
            keys_only_in_backbone=sorted(keys - twin_keys),
            keys_only_in_classification=sorted(twin_keys - keys),
            output_channels=list(model.num_features),
            output_strides=[4 * 2 ** i for i in range(len(config["depths"]))],
            flops={},
            readme_whole_model=README_DENSE_TABLES[name],
        )
        for height, width, _ in REFERENCE_RESOLUTIONS:
            composed = backbone_flops(config, height, width)
            norms = sum(f for n, f in composed["terms"] if n.startswith("norm"))
            entry["flops"][f"{height}x{width}"] = dict(
                total=composed["total"], without_out_norms=composed["total"] - norms,
                stage_sizes=composed["stage_sizes"])
        backbones[name] = entry

    alpha_study = []
    for alpha, (params_m, lofi, hifi, flops_g) in README_ALPHA_STUDY.items():
        model = classification_twin(litv2, {**LITV2_BACKBONE_DEFAULTS, **LITV2_BACKBONE_CONFIGS["litv2-s-backbone"]},
                                    alpha=alpha)
        attn = model.layers[2].blocks[0].attn
        flops = exact(model.flops())
        code_g = f"{flops / 1e9:.2f}"
        alpha_study.append(dict(
            alpha=alpha, parameters=count_parameters(model), flops=flops, flops_g_rounded=code_g,
            stage3_lofi_heads=attn.l_heads, stage3_hifi_heads=attn.h_heads,
            readme=dict(params_m=params_m, lofi_heads=lofi, hifi_heads=hifi, flops_g=flops_g),
            readme_agrees=(code_g == flops_g and round(count_parameters(model) / 1e6) == params_m
                           and (attn.l_heads, attn.h_heads) == (lofi, hifi))))

    return dict(
        about="Reference figures for the LITv2 dense-prediction backbones (tools/reference/figures.py "
              "--backbones). parameters = sum of numel over the detection backbone's parameters() (out_indices "
              "(0, 1, 2, 3): norm1..norm3, no norm0; the segmentation backbone adds norm0: "
              "segmentation_backbone_parameters); flops = the classification flops() terms composed at the "
              "backbone's feature maps (tools/reference/backbone_flops.py; the backbone has no flops()); "
              "readme_whole_model = the reference README's RetinaNet / Mask R-CNN / Semantic FPN rows (Params M, "
              "FLOPs G), which count the FPN and heads too. alpha_study = classification LITv2-S (224) at each "
              "alpha, beside the README's table.",
        reference_resolutions=[dict(height=h, width=w, source=s) for h, w, s in REFERENCE_RESOLUTIONS],
        backbone_source=DETECTION_BACKBONE,
        backbones=backbones,
        alpha_study=alpha_study,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True)
    parser.add_argument("--benchmark", help="copy of github HubHop/vit-attention-benchmark (the folder with attentions/)")
    parser.add_argument("--backbones", action="store_true",
                        help="print the backbone figures and the alpha study (backbone-figures.json) instead")
    args = parser.parse_args()
    if args.backbones:
        print(json.dumps(backbone_figures(args.reference), indent=2, sort_keys=True))
        return
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
