#!/usr/bin/env python3
"""PyTorch peer of the GPU benchmark: the sets of the GPU manifest (make_models.py --set gpu)
end to end, as `Grader.Bench.Inference sets --backend cuda` runs them.

    python3 bench/gpu/torch_gpu_bench.py --work DIR [--only NAME] [--device cuda|cpu] [--tf32 off|on|both]
        [--images N] [--passes 3] [--max-s 30] [--source auto|torchvision|torchscript]

Same modules and weights (models.load on the manifest's state_dict, or its TorchScript copy when
torchvision is missing), same images (pool.py, bit for bit), set sizes and batch sizes. The pool
lives in host memory, pinned on a GPU; every batch is copied with x.to(device, non_blocking=True),
run under torch.inference_mode(), and its logits copied back with .cpu(), which waits for the
GPU: the time covers both copies like our Run(host span → host span). cudnn.benchmark is on;
fp32 runs with TF32 off for cuDNN and cuBLAS, then (--tf32 both) again with TF32 on. Warm-up: at
least 3 batches and 1 s, plus the last partial batch's size once (it may autotune new kernels).

Prints one JSON object per (model, precision): images_per_s over the best whole pass, the pass
times, and max_abs_diff of the first pool images' logits against the manifest's reference.
Uses only APIs of both torch 1.13 (this machine, --device cpu smoke tests) and 2.x (the GPU machine),
and no numpy.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "inference"))
import models  # noqa: E402
import pool  # noqa: E402


def read_floats(path):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=torch.float32)


def load_model(m, work, source, device):
    """(module, how it was built): eager torchvision when available, else the TorchScript copy."""
    if source in ("auto", "torchvision"):
        try:
            return models.load(m["arch"], os.path.join(work, m["state_dict"])).to(device), "eager"
        except ImportError:
            if source == "torchvision":
                raise
            print("torchvision missing: using the TorchScript copy", file=sys.stderr)
    return torch.jit.load(os.path.join(work, m["torchscript"]), map_location=device).eval(), "torchscript"


def set_tf32(on):
    torch.backends.cuda.matmul.allow_tf32 = on
    torch.backends.cudnn.allow_tf32 = on


def run_set(step, images, batch, pool_size, passes, max_s):
    """Warm-up, then whole passes over the set (at most max_s seconds after the first); seconds per pass."""
    start, calls = time.perf_counter(), 0
    while calls < 3 or time.perf_counter() - start < 1.0:
        step(0, batch)
        calls += 1
    if images % batch:
        step(0, images % batch)
    seconds, total = [], time.perf_counter()
    while len(seconds) < passes and (not seconds or time.perf_counter() - total < max_s):
        start = time.perf_counter()
        for done in range(0, images, batch):
            step(done % pool_size, min(batch, images - done))
        seconds.append(time.perf_counter() - start)
    return seconds


def device_name(device):
    return torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"


def bench(m, work, args, device):
    batch = args.batch or m["batch"]
    images = args.images or m["images"]
    pool_size = min(m["pool"], -(-images // batch) * batch)  # as SetBenchmark.cs
    data = pool.pool(pool_size, m["image_shape"], m["pool_seed"])
    recorded = read_floats(os.path.join(work, m["input"]))
    pool_matches = torch.equal(data.view(-1)[:recorded.numel()], recorded)
    expected = read_floats(os.path.join(work, m["output"]))
    check = expected.numel() // m["output_shape"][0]
    pinned = device.type == "cuda"
    if pinned:
        data = data.pin_memory()
    net, source = load_model(m, work, args.source, device)

    def step(first, n):
        x = data[first:first + n].to(device, non_blocking=True)
        return net(x).cpu()

    for tf32 in {"off": [False], "on": [True], "both": [False, True]}[args.tf32]:
        set_tf32(tf32)
        with torch.inference_mode():
            diff = (step(0, check).reshape(-1) - expected).abs().max().item()
            seconds = run_set(step, images, batch, pool_size, args.passes, args.max_s)
        print(json.dumps({
            "model": m["name"], "images": images, "batch": batch, "pool": pool_size,
            "engine": f"pytorch-{source}", "device": device_name(device), "tf32": tf32, "pinned": pinned,
            "images_per_s": round(images / min(seconds), 1),
            "median_images_per_s": round(images / statistics.median(seconds), 1),
            "pass_seconds": [round(s, 3) for s in seconds],
            "pool_matches_reference": pool_matches, "max_abs_diff": diff,
            "reference_max_abs": expected.abs().max().item(),
            "version": torch.__version__, "cuda": torch.version.cuda,
            "cudnn": torch.backends.cudnn.version() if device.type == "cuda" else None,
        }), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--work", required=True, help="folder of the GPU manifest (make_models.py --set gpu)")
    p.add_argument("--only", action="append")
    p.add_argument("--device", default="cuda")
    p.add_argument("--tf32", choices=["off", "on", "both"], default="both")
    p.add_argument("--images", "--limit", type=int, help="run only the first N images of each set")
    p.add_argument("--batch", type=int)
    p.add_argument("--passes", type=int, default=3)
    p.add_argument("--max-s", type=float, default=30.0)
    p.add_argument("--source", choices=["auto", "torchvision", "torchscript"], default="auto")
    args = p.parse_args()
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print("torch sees no CUDA device", file=sys.stderr)
        return 3
    torch.backends.cudnn.benchmark = True
    with open(os.path.join(args.work, "models.json")) as f:
        manifest = json.load(f)
    for m in manifest["models"]:
        if not args.only or m["name"] in args.only:
            bench(m, args.work, args, device)
    return 0


if __name__ == "__main__":
    sys.exit(main())
