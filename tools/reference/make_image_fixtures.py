"""Writes the golden fixtures of image decoding and of the reference's evaluation preprocessing, for the .NET tests.

    /usr/bin/python3 tools/reference/make_image_fixtures.py [--build-py <classification/data/build.py>] [--out DIR]

It draws a few small synthetic test images (smooth gradients, waves, noise and hard edges, so that resampling, chroma
subsampling and rounding all show), saves them as JPEG and PNG with PIL, then, for each file, runs what the reference's
evaluation pipeline does with it:

  decode    PIL.Image.open(path).convert("RGB")        (torchvision's ImageFolder loader; the LITv2 repo's too)
  transform build_transform(is_train=False) of classification/data/build.py with TEST.CROP = True and bicubic
            interpolation: Resize(int((256 / 224) * size), BICUBIC) -> CenterCrop(size) -> ToTensor ->
            Normalize(IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD)

and writes into --out (default tests/LitDsl.Runtime.Tests/Fixtures/images):
  NAME.jpg / NAME.png        the test images;
  NAME.EXT.rgb               PIL's decoded pixels, raw uint8 RGB, row-major (width x height from the manifest);
  expected.safetensors       `NAME/SIZE`: the transformed float32 tensor [3, SIZE, SIZE] for each listed size;
  expected.json              the manifest: per image its file, PIL mode, width, height, sizes; versions; the recipe.

timm is not installed, so the transform is composed here from torchvision exactly as build.py composes it (the ImageNet
mean and std are timm's IMAGENET_DEFAULT_MEAN / _STD). With --build-py (the reference's classification/data/build.py)
the script stops if the lines it mirrors have changed. Deterministic: the same PIL / torchvision give byte-identical files.
"""
import argparse
import hashlib
import inspect
import json
import os
import sys

import numpy as np
import PIL
import torch
import torchvision
from PIL import Image
from torchvision import transforms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import write_safetensors  # noqa: E402  (the repository's one safetensors writer)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO_ROOT, "tests", "LitDsl.Runtime.Tests", "Fixtures", "images")

IMAGENET_DEFAULT_MEAN = (0.485, 0.456, 0.406)
IMAGENET_DEFAULT_STD = (0.229, 0.224, 0.225)

# The lines of classification/data/build.py that the transform below mirrors.
BUILD_PY_LINES = [
    "size = int((256 / 224) * config.DATA.IMG_SIZE)",
    "transforms.Resize(size, interpolation=_pil_interp(config.DATA.INTERPOLATION)),",
    "t.append(transforms.CenterCrop(config.DATA.IMG_SIZE))",
    "t.append(transforms.ToTensor())",
    "t.append(transforms.Normalize(IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD))",
]

# (name, file extension, PIL mode, width, height, save options, transform sizes). Odd sizes throughout; 64 is the tiny
# test model's input (Resize 73 then crop 64: a downscale for the larger images, an upscale for `small`); 96 on the
# portrait JPEG is an upscale (83 -> 109) with half-pixel crop offsets (6.5, 28.5: Python rounds half to even).
IMAGES = [
    ("portrait", "jpg", "RGB", 83, 117, dict(quality=90), [64, 96]),  # baseline, 4:2:0 (PIL's default)
    ("landscape-444", "jpg", "RGB", 121, 77, dict(quality=95, subsampling=0, progressive=True), [64]),
    ("gray", "jpg", "L", 57, 83, dict(quality=90), [64]),
    ("landscape", "png", "RGB", 121, 77, dict(), [64]),
    ("small", "png", "RGB", 45, 39, dict(), [64]),                      # upscale: 39 -> 73
    ("gray", "png", "L", 57, 83, dict(), [64]),
    ("alpha", "png", "RGBA", 67, 49, dict(), [64]),                    # alpha 0..255, colours under alpha 0
    ("palette", "png", "P", 50, 81, dict(transparency=3), [64]),       # palette with a transparent index
]


def synthetic_rgb(width, height, seed):
    """A deterministic, photo-like test pattern: gradients, waves, noise, a disc and a bar with hard edges."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    u, v = x / max(width - 1, 1), y / max(height - 1, 1)
    r = 255 * u * (0.6 + 0.4 * np.sin(6.0 * v))
    g = 255 * (0.5 + 0.5 * np.sin(9.0 * u + 4.0 * v))
    b = 255 * v
    image = np.stack([r, g, b], axis=-1) + rng.normal(0, 12, size=(height, width, 3))
    disc = (x - 0.35 * width) ** 2 + (y - 0.6 * height) ** 2 < (0.22 * min(width, height)) ** 2
    image[disc] = [250, 240, 20]
    image[int(0.2 * height):int(0.28 * height), int(0.5 * width):] = [10, 20, 200]
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def make_image(mode, width, height, seed):
    rgb = synthetic_rgb(width, height, seed)
    if mode == "RGB":
        return Image.fromarray(rgb, "RGB")
    if mode == "L":
        return Image.fromarray(rgb, "RGB").convert("L")
    if mode == "RGBA":
        rng = np.random.default_rng(seed + 1)
        alpha = rng.integers(0, 256, size=(height, width), dtype=np.uint8)
        alpha[:, : width // 4] = 0  # fully transparent pixels that still carry colour
        alpha[:, -width // 4:] = 255
        return Image.fromarray(np.dstack([rgb, alpha]), "RGBA")
    if mode == "P":
        return Image.fromarray(rgb, "RGB").quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    raise ValueError(mode)


def reference_transform(size):
    """build.py's evaluation transform for IMG_SIZE = size > 32 with TEST.CROP and bicubic interpolation."""
    return transforms.Compose([
        transforms.Resize(int((256 / 224) * size), interpolation=transforms.InterpolationMode.BICUBIC),
        transforms.CenterCrop(size),
        transforms.ToTensor(),
        transforms.Normalize(IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD),
    ])


def check_build_py(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    missing = [line for line in BUILD_PY_LINES if line not in text]
    if missing:
        raise SystemExit(f"{path} no longer contains {missing}; update the mirrored transform")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-py", help="the reference's classification/data/build.py, to check the mirrored lines")
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    build_py_sha256 = check_build_py(args.build_py) if args.build_py else None
    os.makedirs(args.out, exist_ok=True)

    tensors, manifest = {}, []
    for index, (name, extension, mode, width, height, options, sizes) in enumerate(IMAGES):
        file = f"{name}.{extension}"
        path = os.path.join(args.out, file)
        make_image(mode, width, height, seed=1000 + index).save(path, **options)

        with Image.open(path) as opened:
            file_mode = opened.mode
            decoded = opened.convert("RGB")  # what the reference's loader does
        assert decoded.size == (width, height)
        pixels = np.asarray(decoded, dtype=np.uint8)
        with open(os.path.join(args.out, f"{file}.rgb"), "wb") as f:
            f.write(pixels.tobytes(order="C"))
        for size in sizes:
            tensors[f"{file}/{size}"] = reference_transform(size)(decoded).contiguous()
        manifest.append(dict(file=file, pilMode=file_mode, width=width, height=height, sizes=sizes))

    write_safetensors(os.path.join(args.out, "expected.safetensors"), tensors)

    # ToTensor + Normalize is float32 arithmetic: (b / 255 - mean) / std, each step rounded to float32. Check that a
    # byte-by-byte float32 evaluation gives torch's values exactly, so the .NET side can compute it the same way.
    bytes_ = torch.arange(256, dtype=torch.uint8).reshape(1, 1, 256).expand(3, 1, 256).contiguous()
    torch_values = transforms.Normalize(IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD)(bytes_.float().div(255))
    mean32 = np.array(IMAGENET_DEFAULT_MEAN, dtype=np.float32).reshape(3, 1, 1)
    std32 = np.array(IMAGENET_DEFAULT_STD, dtype=np.float32).reshape(3, 1, 1)
    numpy_values = (bytes_.numpy().astype(np.float32) / np.float32(255) - mean32) / std32
    assert np.array_equal(torch_values.numpy(), numpy_values), "torch's normalisation is not plain float32 arithmetic"

    meta = dict(
        images=manifest,
        transform="Resize(int((256 / 224) * size), BICUBIC) -> CenterCrop(size) -> ToTensor -> Normalize(mean, std)",
        mean=IMAGENET_DEFAULT_MEAN, std=IMAGENET_DEFAULT_STD,
        decode='PIL.Image.open(path).convert("RGB")',
        versions=dict(pillow=PIL.__version__, torchvision=torchvision.__version__, torch=torch.__version__,
                      numpy=np.__version__),
        buildPySha256=build_py_sha256,
        script=hashlib.sha256(inspect.getsource(sys.modules[__name__]).encode("utf-8")).hexdigest(),
    )
    with open(os.path.join(args.out, "expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(args.out, f)) for f in os.listdir(args.out))
    print(f"wrote {len(manifest)} images and {len(tensors)} transformed tensors to {args.out} ({total:,} bytes)")


if __name__ == "__main__":
    main()
