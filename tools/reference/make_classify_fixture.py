"""Writes what the reference pipeline answers for a few test images, for the .NET `classify` command's golden test.

    /usr/bin/python3 tools/reference/make_classify_fixture.py --reference <checkout of ziplab/LITv2> [--out FILE]

For each image it runs, end to end, what evaluating LITv2 on an image does in the reference: PIL decode with
convert("RGB"), build.py's evaluation transform (make_image_fixtures.reference_transform), the reference LITv2 forward
in eval mode with the `tiny-litv2` parity weights (tests/LitDsl.Tests/Fixtures/parity/tiny-litv2.weights.safetensors,
made by make_fixtures.py), and a softmax over the logits. It writes the logits and the top-5 (index, probability) of
each image to --out (default tests/LitDsl.Cli.Tests/Fixtures/classify-tiny-litv2.json).
"""
import argparse
import json
import os
import sys

import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import FIXTURES, build, read_safetensors  # noqa: E402
from make_image_fixtures import DEFAULT_OUT as IMAGES, reference_transform  # noqa: E402
from reference_env import load_reference  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEIGHTS = os.path.join(REPO_ROOT, "tests", "LitDsl.Tests", "Fixtures", "parity", "tiny-litv2.weights.safetensors")
DEFAULT_OUT = os.path.join(REPO_ROOT, "tests", "LitDsl.Cli.Tests", "Fixtures", "classify-tiny-litv2.json")
FILES = ["portrait.jpg", "landscape.png", "gray.png"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", required=True, help="checkout of ziplab/LITv2 (holds classification/models/)")
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)

    (name, _, kind, config), = [f for f in FIXTURES if f[0] == "tiny-litv2"]
    model = build(load_reference(args.reference), kind, config)[0].eval()
    missing, unexpected = model.load_state_dict(read_safetensors(WEIGHTS), strict=False)
    assert not unexpected and all(k.endswith("num_batches_tracked") for k in missing), (missing, unexpected)

    transform = reference_transform(config["img_size"])
    images = []
    for file in FILES:
        with Image.open(os.path.join(IMAGES, file)) as opened:
            x = transform(opened.convert("RGB")).unsqueeze(0)
        with torch.no_grad():
            logits = model(x)[0].double()
        probabilities = torch.softmax(logits, dim=0)
        top = torch.argsort(-probabilities, stable=True)[:5]
        images.append(dict(file=file, logits=[float(v) for v in logits],
                           top5=[dict(index=int(i), probability=float(probabilities[i])) for i in top]))

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        json.dump(dict(model=name, imageSize=config["img_size"], classes=config["num_classes"], images=images), f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}: top-1 " + ", ".join(f"{i['file']} -> {i['top5'][0]['index']}" for i in images))


if __name__ == "__main__":
    main()
