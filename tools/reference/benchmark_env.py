"""Loads the single-layer attentions of github HubHop/vit-attention-benchmark (the benchmark the HiLo paper cites for
its appendix comparison) from a local copy, and LITv2's own `hilo.py`, without fvcore or a GPU.

Nothing from the benchmark is copied here: pass the folder that holds its `attentions/` at run time (e.g. an unpacked
`git archive` of it). Its `attentions/utils.py` imports fvcore (for its FLOP counter, which we do not use) and defines a
`conv_flops(H, W, in, out, kernel, ...)` that `sra.py` does not match: `SRAttention.flops()` calls
`conv_flops(k, c_in, c_out, stride, padding, resolution)`, the signature of LITv2's `classification/models/attentions.py`,
whose formula it was evidently written against. So this module registers an fvcore stand-in, imports the benchmark's
utils, and gives `sra` LITv2's `conv_flops`.
"""
import importlib.util
import os
import sys
import types


def _install_fvcore_stand_in():
    fvcore = types.ModuleType("fvcore")
    nn = types.ModuleType("fvcore.nn")

    def flop_count_analysis(*_args, **_kwargs):
        raise RuntimeError("fvcore is not installed; the figures use the modules' own flops()")

    nn.FlopCountAnalysis = flop_count_analysis
    fvcore.nn = nn
    sys.modules.update({"fvcore": fvcore, "fvcore.nn": nn})


def load_benchmark(benchmark_root, litv2_attentions):
    """Returns the benchmark modules (msa, sra, shifted_window). `litv2_attentions` supplies conv_flops."""
    attentions = os.path.join(benchmark_root, "attentions")
    if not os.path.isfile(os.path.join(attentions, "msa.py")):
        raise SystemExit(f"{benchmark_root}: no attentions/msa.py here; pass a copy of HubHop/vit-attention-benchmark")
    _install_fvcore_stand_in()
    sys.path.insert(0, attentions)
    import utils  # noqa: F401  (the benchmark's; needs the fvcore stand-in)
    utils.conv_flops = litv2_attentions.conv_flops
    import msa
    import sra
    import shifted_window
    sra.conv_flops = litv2_attentions.conv_flops
    return msa, sra, shifted_window


def load_readme_hilo(reference_root):
    """The LITv2 checkout's root `hilo.py` (the README demo's HiLo, whose flops(H, W) the README quotes)."""
    path = os.path.join(reference_root, "hilo.py")
    spec = importlib.util.spec_from_file_location("litv2_readme_hilo", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
