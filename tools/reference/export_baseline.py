"""Exports a reference LITv2 model with torch.onnx.export: the baseline that `bench --baseline` compares against.

    /usr/bin/python3 tools/reference/export_baseline.py --reference /work/litv2-ref [--model litv2-s]
        [--out /tmp/litv2-s.torch.onnx] [--check-out /tmp/litv2-s.torch.check.npz]

This is the path a user of the reference repo has: the PyTorch model, `torch.onnx.export` (opset 17, a symbolic
batch dimension), run by ONNX Runtime. The reference's deformable convolution (DTM) is torchvision's `deform_conv2d`
here (reference_env.py's stand-in); torch 1.13 has no ONNX mapping for it, so a custom symbolic maps
`torchvision::deform_conv2d` to ONNX `DeformConv`, which exists only from opset 19: the file is exported at opset 17
(DeformConv in a placeholder domain, since torch checks the graph against opset 17), then the DeformConv nodes move to
the default domain and its opset is raised to 19. Every other operator the export emits means the same at 17 and 19
(checked below: the script refuses operators whose definition changed between 17 and 19).

The weights are the reference initialisation under a fixed seed; speed does not depend on them. Neither the reference
code nor the exported file is committed. The optional --check-out writes the input and the PyTorch output (float32,
batch 2) so that the exported file can be checked in ONNX Runtime.
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch
from torch.onnx import register_custom_op_symbolic

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_env import LITV2_CONFIGS, LITV2_DEFAULTS, load_reference  # noqa: E402

EXPORT_OPSET = 17
TARGET_OPSET = 19
# Operators whose default-domain definition changed between opset 17 and 19 (attributes became inputs or semantics
# moved); a graph holding any of them cannot just be relabelled.
# torch's exporter checks the graph against opset 17, where DeformConv does not exist, so the symbolic emits it in a
# placeholder domain that the checker skips; the node is moved to the default domain once the opset is raised.
PLACEHOLDER_DOMAIN = "litdsl.baseline"
CHANGED_AFTER_17 = {"ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
                    "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare", "Split", "Pad", "Resize", "Col2Im",
                    "ScatterElements", "ScatterND", "GroupNormalization", "BitwiseNot", "CastLike", "Cast",
                    "Constant", "Equal", "Identity", "If", "Loop", "Reshape", "Scan", "Shape", "Size",
                    "DequantizeLinear", "QuantizeLinear", "AveragePool", "OptionalHasElement"}
# Of those, the ones whose opset-19 form accepts exactly what an opset-13..17 exporter writes (19 only widened the
# accepted types or added optional attributes with the old default).
COMPATIBLE = {"Cast", "Constant", "Equal", "Identity", "Reshape", "Shape", "Size", "AveragePool", "CastLike", "Pad"}


def deform_conv2d_symbolic(g, input, weight, offset, mask, bias, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w,
                           n_weight_grps, n_offset_grps, use_mask):
    """torchvision::deform_conv2d → ONNX DeformConv (opset 19). The reference DCN is v1: no mask."""
    from torch.onnx.symbolic_helper import _get_const, _maybe_get_const

    if _maybe_get_const(use_mask, "b"):
        raise RuntimeError("deform_conv2d with a mask (DCNv2) is not what the reference uses")
    kernel = weight.type().sizes()[-2:]
    s = [_get_const(stride_h, "i", "stride_h"), _get_const(stride_w, "i", "stride_w")]
    p = [_get_const(pad_h, "i", "pad_h"), _get_const(pad_w, "i", "pad_w")]
    d = [_get_const(dil_h, "i", "dil_h"), _get_const(dil_w, "i", "dil_w")]
    return g.op(f"{PLACEHOLDER_DOMAIN}::DeformConv", input, weight, offset, bias, kernel_shape_i=list(kernel), strides_i=s,
                pads_i=[p[0], p[1], p[0], p[1]], dilations_i=d,
                group_i=_get_const(n_weight_grps, "i", "groups"),
                offset_group_i=_get_const(n_offset_grps, "i", "offset_groups"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", required=True, help="checkout of ziplab/LITv2 (holds classification/models/)")
    parser.add_argument("--model", default="litv2-s", choices=sorted(LITV2_CONFIGS))
    parser.add_argument("--out", help="output .onnx (default /tmp/MODEL.torch.onnx)")
    parser.add_argument("--check-out", help="also write input/output of a batch-2 PyTorch run here (.npz)")
    args = parser.parse_args()
    out = args.out or f"/tmp/{args.model}.torch.onnx"

    litv2, _ = load_reference(args.reference)
    torch.manual_seed(0)
    config = {**LITV2_DEFAULTS, **LITV2_CONFIGS[args.model]}
    model = litv2.LITv2(**config).eval()
    size = config["img_size"]
    example = torch.randn(2, config["in_chans"], size, size, generator=torch.Generator().manual_seed(1))

    register_custom_op_symbolic("torchvision::deform_conv2d", deform_conv2d_symbolic, EXPORT_OPSET)
    with torch.no_grad():
        expected = model(example)
        torch.onnx.export(model, (example,), out, opset_version=EXPORT_OPSET, input_names=["input"],
                          output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                          do_constant_folding=True)

    proto = onnx.load(out)
    ops = sorted({node.op_type for node in proto.graph.node})
    incompatible = [op for op in ops if op in CHANGED_AFTER_17 and op not in COMPATIBLE]
    if incompatible:
        raise SystemExit(f"the export holds {incompatible}, whose definition changed after opset {EXPORT_OPSET}")
    for node in proto.graph.node:
        if node.domain == PLACEHOLDER_DOMAIN:
            node.domain = ""
    kept = [entry for entry in proto.opset_import if entry.domain != PLACEHOLDER_DOMAIN]
    del proto.opset_import[:]
    proto.opset_import.extend(kept)
    for entry in proto.opset_import:
        if entry.domain in ("", "ai.onnx"):
            entry.version = TARGET_OPSET
    # Opset 19 goes with IR version 9 (ONNX 1.14). The onnx package here (1.12) knows opsets up to 17, so it cannot
    # check the relabelled file; torch checked everything but DeformConv at opset 17, and ORT loads the result.
    proto.ir_version = max(proto.ir_version, 9)
    onnx.save(proto, out)

    counts = {}
    for node in proto.graph.node:
        counts[node.op_type] = counts.get(node.op_type, 0) + 1
    print(f"{out}: {os.path.getsize(out)} bytes, opset {TARGET_OPSET}, {len(proto.graph.node)} nodes")
    print("  " + ", ".join(f"{op} {counts[op]}" for op in sorted(counts)))
    if args.check_out:
        np.savez(args.check_out, input=example.numpy(), output=expected.numpy())
        print(f"{args.check_out}: input {tuple(example.shape)}, output {tuple(expected.shape)}")


if __name__ == "__main__":
    main()
