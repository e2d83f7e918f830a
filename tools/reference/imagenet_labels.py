"""Writes the 1000 ImageNet-1k class names, one a line in class-index order, for the runtime's embedded label list.

    /usr/bin/python3 tools/reference/imagenet_labels.py [--out FILE]

The names are torchvision's (`ResNet50_Weights.IMAGENET1K_V1.meta["categories"]`, part of the torchvision package; no
download). Index i of the list is logit i of an ImageNet-1k classifier, the order timm and the LITv2 checkpoints use.
"""
import argparse
import os

import torchvision

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO_ROOT, "src", "LitDsl.Runtime", "Imaging", "imagenet-1k-labels.txt")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    names = torchvision.models.ResNet50_Weights.IMAGENET1K_V1.meta["categories"]
    # The runtime reads one name a line, so a name must be one non-empty line.
    assert len(names) == 1000 and len(set(names)) == 1000, "expected 1000 distinct names"
    assert all(name and name == name.strip() and "\n" not in name for name in names)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(names) + "\n")
    print(f"wrote {args.out}: {len(names)} names (torchvision {torchvision.__version__})")


if __name__ == "__main__":
    main()
