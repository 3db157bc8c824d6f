#!/usr/bin/python3
"""Writes bilinear_torch.json: PyTorch reference values for Grader.Datasets' bilinear resize.

    /usr/bin/python3 tests/Grader.Datasets.Tests/Fixtures/make_bilinear_fixture.py

Each case is a uint8 CHW image, scaled to [0,1] exactly as the grader does
(float32(u8) / float32(255)), resized with
F.interpolate(x, size=(H, W), mode="bilinear", align_corners=False) (antialias off, the
PyTorch 1.13 default), and the float32 output stored (NCHW order, N=1).
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

CASES = [
    # (channels, in_h, in_w, out_h, out_w)
    (1, 2, 2, 4, 4),      # 2x upscale
    (1, 3, 5, 7, 4),      # up in H, down in W
    (3, 5, 4, 8, 6),      # non-integer upscale, colour
    (1, 6, 6, 3, 3),      # 2x downscale
    (1, 7, 9, 4, 5),      # non-integer downscale
    (3, 13, 11, 8, 8),    # GTSRB-like: small colour image to a square input
    (1, 4, 6, 4, 9),      # same height (copied rows), wider
]


def main():
    rng = np.random.default_rng(1234)
    cases = []
    for c, ih, iw, oh, ow in CASES:
        u8 = rng.integers(0, 256, size=(c, ih, iw), dtype=np.uint8)
        x = u8.astype(np.float32) / np.float32(255)
        y = F.interpolate(torch.from_numpy(x)[None], size=(oh, ow), mode="bilinear", align_corners=False)[0]
        cases.append({
            "channels": c, "in_h": ih, "in_w": iw, "out_h": oh, "out_w": ow,
            "input_u8": [int(v) for v in u8.reshape(-1)],
            "output": [float(v) for v in y.numpy().reshape(-1)],
        })
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bilinear_torch.json")
    with open(out, "w") as f:
        json.dump({"torch_version": torch.__version__,
                   "call": "F.interpolate(x, size=(out_h, out_w), mode='bilinear', align_corners=False)",
                   "scaling": "x = float32(u8) / float32(255)",
                   "cases": cases}, f)
        f.write("\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
