"""Loads the reference LITv2 code (github ziplab/LITv2) from a local copy, without its CUDA extension or timm.

The reference imports three timm helpers and a compiled deformable-convolution extension (mm_modules/DCN). Neither is
needed to count parameters and FLOPs or to compute logits on CPU, so this module registers small stand-ins before the
import:
  * timm.models.layers: DropPath (identity at inference), to_2tuple, trunc_normal_ (torch's own);
  * mm_modules.DCN.modules.deform_conv2d.DeformConv2dPack: the same parameters (weight, bias, conv_offset.*) and the
    same forward, computed with torchvision.ops.deform_conv2d, whose offset layout equals the reference kernel's.

The dense-prediction backbones (detection/mmdet/models/backbones/litv2.py, segmentation/mmseg/models/backbones/litv2.py)
also import the OpenMMLab frameworks; `load_backbones` stands in for the few names they use (below), so their forward,
init_weights and checkpoint loading run as written.

Nothing from the reference is copied here: pass the path of a checkout (or `git archive` of it) at run time.
"""
import importlib.util
import logging
import math
import os
import sys
import types

import torch
import torch.nn as nn
import torchvision


def _install_timm_stand_in():
    def to_2tuple(x):
        return tuple(x) if isinstance(x, (tuple, list)) else (x, x)

    def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0):
        return nn.init.trunc_normal_(tensor, mean=mean, std=std, a=a, b=b)

    class DropPath(nn.Module):
        def __init__(self, drop_prob=0.0):
            super().__init__()
            self.drop_prob = drop_prob

        def forward(self, x):
            return x

    layers = types.ModuleType("timm.models.layers")
    layers.to_2tuple, layers.trunc_normal_, layers.DropPath = to_2tuple, trunc_normal_, DropPath
    timm = types.ModuleType("timm")
    models = types.ModuleType("timm.models")
    timm.models, models.layers = models, layers
    sys.modules.update({"timm": timm, "timm.models": models, "timm.models.layers": layers})


class DeformConv2dPack(nn.Module):
    """Stand-in for the reference's compiled DeformConv2dPack (deformable_groups = 1, groups = 1)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation=1, groups=1,
                 deformable_groups=1, im2col_step=32, bias=True, lr_mult=0.1):
        super().__init__()
        assert groups == 1 and deformable_groups == 1
        k = (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)
        self.stride, self.padding, self.dilation = stride, padding, dilation
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels, *k))
        self.bias = nn.Parameter(torch.empty(out_channels))
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        bound = 1 / math.sqrt(in_channels * k[0] * k[1])
        nn.init.uniform_(self.bias, -bound, bound)
        self.conv_offset = nn.Conv2d(in_channels, 2 * k[0] * k[1], kernel_size=k, stride=stride, padding=padding,
                                     bias=True)
        nn.init.zeros_(self.conv_offset.weight)
        nn.init.zeros_(self.conv_offset.bias)

    def forward(self, x):
        offset = self.conv_offset(x)
        return torchvision.ops.deform_conv2d(x, offset, self.weight, self.bias, stride=self.stride,
                                             padding=self.padding, dilation=self.dilation)


def _install_dcn_stand_in():
    names = ["mm_modules", "mm_modules.DCN", "mm_modules.DCN.modules", "mm_modules.DCN.modules.deform_conv2d"]
    modules = {name: types.ModuleType(name) for name in names}
    modules["mm_modules.DCN.modules.deform_conv2d"].DeformConv2dPack = DeformConv2dPack
    sys.modules.update(modules)


def load_reference(reference_root):
    """Returns the reference modules: (litv2, attentions). `reference_root` holds classification/models/."""
    classification = os.path.join(reference_root, "classification")
    if not os.path.isdir(os.path.join(classification, "models")):
        raise SystemExit(f"{reference_root}: no classification/models/ here; pass a checkout of ziplab/LITv2")
    _install_timm_stand_in()
    _install_dcn_stand_in()
    sys.path.insert(0, classification)
    import models.litv2 as litv2
    import models.attentions as attentions
    return litv2, attentions


# ---------------------------------------------------------------------------------------------------------------------
# The dense-prediction backbones.

def load_state_dict_like_mmengine(module, state_dict, strict=False, logger=None):
    """Stand-in for mmengine.runner.checkpoint.load_state_dict (and mmcv_custom's copy of mmcv's), with its semantics:
    every submodule loads its own entries strictly, and what does not fit (missing keys other than num_batches_tracked,
    unexpected keys, size mismatches) is collected; with strict it raises, otherwise it is only reported and the
    module's tensors that did not fit keep their current values. Returns (missing, unexpected, errors) for the caller
    to check; the reference ignores the result."""
    missing, unexpected, errors = [], [], []
    metadata = getattr(state_dict, "_metadata", None)
    for name, child in module.named_modules():
        prefix = f"{name}." if name else ""
        local_metadata = {} if metadata is None else metadata.get(prefix[:-1], {})
        child._load_from_state_dict(state_dict, prefix, local_metadata, True, missing, unexpected, errors)
    missing = [key for key in missing if "num_batches_tracked" not in key]
    problems = list(errors)
    if unexpected:
        problems.append(f"unexpected key in source state_dict: {', '.join(unexpected)}")
    if missing:
        problems.append(f"missing keys in source state_dict: {', '.join(missing)}")
    if problems and strict:
        raise RuntimeError("\n".join(problems))
    if problems and logger is not None:
        logger.warning("\n".join(problems))
    LOAD_REPORTS.append(dict(missing=missing, unexpected=unexpected, errors=[str(e) for e in errors]))
    return missing, unexpected, errors


# What each load_state_dict_like_mmengine call reported, in call order (the reference discards it; the scripts read it).
LOAD_REPORTS = []


class _CheckpointLoader:
    """Stand-in for mmengine.runner.checkpoint.CheckpointLoader: local files only (no download here)."""

    @classmethod
    def load_checkpoint(cls, filename, map_location=None, logger=None):
        if "://" in str(filename):
            raise SystemExit(f"{filename}: only local checkpoints can be loaded here")
        return torch.load(filename, map_location=map_location)


class _MMLogger:
    @staticmethod
    def get_current_instance():
        return logging.getLogger("reference-backbone")


class _Registry:
    """Stand-in for an OpenMMLab registry: register_module() returns the class unchanged."""

    def register_module(self, *args, **kwargs):
        return lambda cls: cls


def _install_openmmlab_stand_ins():
    names = ["mmdet", "mmdet.registry", "mmengine", "mmengine.runner", "mmengine.runner.checkpoint",
             "mmengine.logging", "mmseg", "mmseg.utils", "mmseg.models", "mmseg.models.builder",
             "mmseg.models.backbones", "mmcv_custom"]
    modules = {name: types.ModuleType(name) for name in names}
    for name in ["mmseg", "mmseg.models", "mmseg.models.backbones"]:
        modules[name].__path__ = []  # packages, so that the segmentation file's relative import resolves
    modules["mmdet.registry"].MODELS = _Registry()
    modules["mmengine.runner.checkpoint"].load_state_dict = load_state_dict_like_mmengine
    modules["mmengine.runner.checkpoint"].CheckpointLoader = _CheckpointLoader
    modules["mmengine.logging"].MMLogger = _MMLogger
    modules["mmseg.models.builder"].BACKBONES = _Registry()
    modules["mmseg.utils"].get_root_logger = _MMLogger.get_current_instance
    modules["mmcv_custom"].load_checkpoint = _load_checkpoint_like_mmcv_custom
    sys.modules.update(modules)


def _load_checkpoint_like_mmcv_custom(model, filename, map_location="cpu", strict=False, logger=None):
    """Stand-in for segmentation/mmcv_custom's load_checkpoint on a local file: the same state_dict extraction as the
    detection file's own load_checkpoint ('state_dict', else 'model', else the dict itself; a 'module.' prefix
    stripped), then load_state_dict_like_mmengine. The LITv2 backbone has no position embedding or bias table, so the
    remaining steps of the reference function do nothing to it."""
    checkpoint = _CheckpointLoader.load_checkpoint(filename, map_location=map_location)
    state_dict = checkpoint.get("state_dict", checkpoint.get("model", checkpoint))
    if next(iter(state_dict)).startswith("module."):
        state_dict = {k[7:]: v for k, v in state_dict.items()}
    load_state_dict_like_mmengine(model, state_dict, strict, logger)
    return checkpoint


def _import_file(module_name, path):
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


DETECTION_BACKBONE = "detection/mmdet/models/backbones/litv2.py"
SEGMENTATION_BACKBONE = "segmentation/mmseg/models/backbones/litv2.py"


def load_backbones(reference_root):
    """Returns the reference backbone modules: (detection, segmentation); each has the classes LITv2, HiLo, DTM, ...
    `reference_root` is the checkout (it holds detection/ and segmentation/)."""
    paths = [os.path.join(reference_root, p) for p in (DETECTION_BACKBONE, SEGMENTATION_BACKBONE)]
    for path in paths:
        if not os.path.isfile(path):
            raise SystemExit(f"{reference_root}: no {os.path.relpath(path, reference_root)}; pass a checkout of "
                             "ziplab/LITv2")
    _install_timm_stand_in()
    _install_dcn_stand_in()
    _install_openmmlab_stand_ins()
    detection = _import_file("mmdet.models.backbones.litv2", paths[0])
    segmentation = _import_file("mmseg.models.backbones.litv2", paths[1])
    return detection, segmentation


# The backbone settings of the reference RetinaNet and Mask R-CNN configs (detection/configs/litv2/*_fpn_1x_coco.py:
# alpha 0.9, local_ws [0, 0, 2, 1]; the *_ws_4.py files: [0, 0, 4, 1]); the other constructor arguments are the
# LITv2 defaults of the detection backbone file (patch 4, mlp 4, qkv_bias, has_msa [0, 0, 1, 1], out_indices all four).
# drop_path_rate (0.2 for S and M, 0.3 for B) does nothing at inference and is left at 0.
LITV2_BACKBONE_CONFIGS = {
    "litv2-s-backbone": dict(embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24], local_ws=[0, 0, 2, 1]),
    "litv2-m-backbone": dict(embed_dim=96, depths=[2, 2, 18, 2], num_heads=[3, 6, 12, 24], local_ws=[0, 0, 2, 1]),
    "litv2-b-backbone": dict(embed_dim=128, depths=[2, 2, 18, 2], num_heads=[4, 8, 16, 32], local_ws=[0, 0, 2, 1]),
    "litv2-s-backbone-ws4": dict(embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24], local_ws=[0, 0, 4, 1]),
    "litv2-m-backbone-ws4": dict(embed_dim=96, depths=[2, 2, 18, 2], num_heads=[3, 6, 12, 24], local_ws=[0, 0, 4, 1]),
    "litv2-b-backbone-ws4": dict(embed_dim=128, depths=[2, 2, 18, 2], num_heads=[4, 8, 16, 32],
                                 local_ws=[0, 0, 4, 1]),
}
LITV2_BACKBONE_DEFAULTS = dict(patch_size=4, in_chans=3, mlp_ratio=4.0, qkv_bias=True, has_msa=[0, 0, 1, 1],
                               alpha=0.9, out_indices=(0, 1, 2, 3), drop_path_rate=0.0)

# The reference configs (classification/configs/*.yaml over config.py's defaults), by our model names.
LITV2_CONFIGS = {
    "litv2-s": dict(img_size=224, embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24]),
    "litv2-m": dict(img_size=224, embed_dim=96, depths=[2, 2, 18, 2], num_heads=[3, 6, 12, 24]),
    "litv2-b": dict(img_size=224, embed_dim=128, depths=[2, 2, 18, 2], num_heads=[4, 8, 16, 32]),
    "litv2-b-384": dict(img_size=384, embed_dim=128, depths=[2, 2, 18, 2], num_heads=[4, 8, 16, 32]),
}
LITV2_DEFAULTS = dict(patch_size=4, in_chans=3, num_classes=1000, mlp_ratio=4.0, qkv_bias=True,
                      has_msa=[0, 0, 1, 1], alpha=0.9, local_ws=[0, 0, 2, 1], drop_path_rate=0.0)
