"""Loads the reference LITv2 code (github ziplab/LITv2) from a local copy, without its CUDA extension or timm.

The reference imports three timm helpers and a compiled deformable-convolution extension (mm_modules/DCN). Neither is
needed to count parameters and FLOPs or to compute logits on CPU, so this module registers small stand-ins before the
import:
  * timm.models.layers: DropPath (identity at inference), to_2tuple, trunc_normal_ (torch's own);
  * mm_modules.DCN.modules.deform_conv2d.DeformConv2dPack: the same parameters (weight, bias, conv_offset.*) and the
    same forward, computed with torchvision.ops.deform_conv2d, whose offset layout equals the reference kernel's.

Nothing from the reference is copied here: pass the path of a checkout (or `git archive` of it) at run time.
"""
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


# The reference configs (classification/configs/*.yaml over config.py's defaults), by our model names.
LITV2_CONFIGS = {
    "litv2-s": dict(img_size=224, embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24]),
    "litv2-m": dict(img_size=224, embed_dim=96, depths=[2, 2, 18, 2], num_heads=[3, 6, 12, 24]),
    "litv2-b": dict(img_size=224, embed_dim=128, depths=[2, 2, 18, 2], num_heads=[4, 8, 16, 32]),
    "litv2-b-384": dict(img_size=384, embed_dim=128, depths=[2, 2, 18, 2], num_heads=[4, 8, 16, 32]),
}
LITV2_DEFAULTS = dict(patch_size=4, in_chans=3, num_classes=1000, mlp_ratio=4.0, qkv_bias=True,
                      has_msa=[0, 0, 1, 1], alpha=0.9, local_ws=[0, 0, 2, 1], drop_path_rate=0.0)
