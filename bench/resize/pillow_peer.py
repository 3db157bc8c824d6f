#!/usr/bin/python3
"""The peer of Grader.Bench.Inference's resize mode: Pillow resizing the same images.

    /usr/bin/python3 bench/resize/pillow_peer.py WORK_DIR SIZE [ROUNDS]

Reads WORK_DIR/resize-images.bin (written by the resize mode), turns each image into a PIL RGB
image once, then times Image.resize((SIZE, SIZE), BILINEAR) and BICUBIC over all of them (the
best of ROUNDS) and prints one JSON line per filter, as the grader's lines.
"""
import json
import struct
import sys
import time

import numpy as np
from PIL import Image


def main():
    work, size = sys.argv[1], int(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with open(f"{work}/resize-images.bin", "rb") as f:
        data = f.read()
    count, = struct.unpack_from("<i", data, 0)
    at, images = 4, []
    for _ in range(count):
        w, h = struct.unpack_from("<ii", data, at)
        at += 8
        planar = np.frombuffer(data, np.uint8, 3 * w * h, at).reshape(3, h, w)
        at += 3 * w * h
        images.append(Image.fromarray(np.ascontiguousarray(planar.transpose(1, 2, 0)), "RGB"))
    for method, flag in (("pil-bilinear", Image.BILINEAR), ("pil-bicubic", Image.BICUBIC)):
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for img in images:
                img.resize((size, size), flag)
            best = min(best, time.perf_counter() - start)
        print(json.dumps({"mode": "resize", "engine": "pillow", "method": method, "size": size, "images": count,
                          "best_seconds": round(best, 4), "images_per_s": round(count / best, 1)}))


if __name__ == "__main__":
    main()
