#!/usr/bin/python3
"""Writes resize_methods.bin and resize_methods.json: Pillow's and PyTorch's resizes of images of
varied sizes (15 to 250 px a side, as in GTSRB; up- and downscaling, non-square), the reference
for Grader.Datasets' resize methods (tests/Grader.Datasets.Tests/ResizeMethodTests.cs).

    /usr/bin/python3 tests/Grader.Datasets.Tests/Fixtures/make_resize_fixture.py

For each case, a seeded uint8 image (a smooth gradient with noise and a hard edge, so both
averaging and ringing show) and, per method, the output as the student's pipeline makes it:
  pil-bilinear        torchvision.transforms.Resize((h, w))(pil_image), Pillow's BILINEAR: uint8
  pil-bicubic         Resize((h, w), InterpolationMode.BICUBIC)(pil_image): uint8
  bilinear-antialias  Resize((h, w), antialias=True)(ToTensor()(pil_image)), i.e.
                      F.interpolate(x, mode="bilinear", antialias=True, align_corners=False): float32 in [0, 1]
  bilinear            F.interpolate(x, mode="bilinear", align_corners=False), no antialiasing: float32
The script asserts that torchvision's Resize on a PIL image is Pillow's Image.resize (the default
the grader adopts), and on a float tensor with antialias=True is F.interpolate(antialias=True).
The .bin holds, per case, the input (C x H x W, planar uint8) and then each method's output
(planar; uint8 for the PIL methods, float32 little-endian otherwise) at the offsets in the JSON.
"""
import json
import os

import numpy as np
import PIL
import torch
import torch.nn.functional as F
import torchvision
import torchvision.transforms as T
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = [
    # (channels, in_h, in_w, out_h, out_w)
    (3, 15, 15, 32, 32),    # the smallest GTSRB sign, upscaled
    (3, 250, 180, 32, 32),  # the largest, strongly downscaled
    (3, 37, 53, 32, 32),    # non-square down and up
    (3, 64, 64, 48, 48),    # mild downscale
    (3, 29, 31, 64, 72),    # small to a larger, non-square input
    (3, 120, 97, 28, 40),   # non-square output
    (1, 28, 28, 32, 32),    # grey, Fashion-MNIST to LeNet
    (1, 45, 19, 17, 60),    # grey, down in H, up in W
    (3, 33, 47, 33, 20),    # same height: one pass only
]
METHODS = ["pil-bilinear", "pil-bicubic", "bilinear-antialias", "bilinear"]


def image(rng, c, h, w):
    y, x = np.mgrid[0:h, 0:w]
    base = (x * 255.0 / max(w - 1, 1) * 0.6 + y * 255.0 / max(h - 1, 1) * 0.4)
    planes = []
    for k in range(c):
        p = base * (0.5 + 0.25 * k) + rng.normal(0, 40, size=(h, w))
        p[:, w // 2:] = 255 - p[:, w // 2:] * 0.3   # a hard vertical edge
        planes.append(np.clip(np.rint(p), 0, 255).astype(np.uint8))
    return np.stack(planes)


def pil(u8):
    return Image.fromarray(u8[0]) if u8.shape[0] == 1 else Image.fromarray(np.transpose(u8, (1, 2, 0)), "RGB")


def planar(img, c):
    a = np.asarray(img, dtype=np.uint8)
    return a[None] if c == 1 else np.transpose(a, (2, 0, 1))


def main():
    rng = np.random.default_rng(20240915)
    blob = bytearray()
    cases = []
    for c, ih, iw, oh, ow in CASES:
        u8 = image(rng, c, ih, iw)
        entry = {"channels": c, "in_h": ih, "in_w": iw, "out_h": oh, "out_w": ow, "input": len(blob)}
        blob += u8.tobytes()
        img = pil(u8)
        x = T.ToTensor()(img)[None]    # float32 [0, 1], exactly u8 / 255
        outputs = {
            "pil-bilinear": planar(T.Resize((oh, ow))(img), c),
            "pil-bicubic": planar(T.Resize((oh, ow), interpolation=T.InterpolationMode.BICUBIC)(img), c),
            "bilinear-antialias": F.interpolate(x, size=(oh, ow), mode="bilinear", antialias=True, align_corners=False)[0].numpy(),
            "bilinear": F.interpolate(x, size=(oh, ow), mode="bilinear", align_corners=False)[0].numpy(),
        }
        # The defaults this fixture stands for.
        assert np.array_equal(outputs["pil-bilinear"], planar(img.resize((ow, oh), Image.BILINEAR), c))
        assert np.array_equal(outputs["pil-bicubic"], planar(img.resize((ow, oh), Image.BICUBIC), c))
        tv = T.Resize((oh, ow), antialias=True)(x)[0].numpy()
        assert np.allclose(tv, outputs["bilinear-antialias"], atol=1e-6)
        for m in METHODS:
            entry[m] = len(blob)
            out = outputs[m]
            blob += out.astype(np.uint8).tobytes() if m.startswith("pil-") else out.astype("<f4").tobytes()
        cases.append(entry)
    with open(os.path.join(HERE, "resize_methods.bin"), "wb") as f:
        f.write(bytes(blob))
    with open(os.path.join(HERE, "resize_methods.json"), "w") as f:
        json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__, "pillow": PIL.__version__,
                   "methods": METHODS, "cases": cases}, f, indent=1)
    print(f"{len(cases)} cases, {len(blob)} bytes")


if __name__ == "__main__":
    main()
