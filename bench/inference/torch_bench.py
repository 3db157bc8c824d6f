#!/usr/bin/python3
"""PyTorch CPU peer: the same modules and weights as the ONNX files (rebuilt from models.py and
the state_dicts make_models.py saved), the same inputs, 2 threads.

    /usr/bin/python3 bench/inference/torch_bench.py [--work bench/.work] [--only NAME] [--rounds 5]
        [--min-round-s 1.0] [--mode eager|frozen]

Prints one JSON object per model: {model, batch, images_per_s (best round), median_images_per_s,
rounds, max_abs_diff (vs the recorded output), engine}. eager is what students run
(torch.inference_mode, BatchNorm unfused); frozen is TorchScript frozen + optimize_for_inference
(BatchNorm folded, as in the ONNX files), PyTorch's own fastest CPU path.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch

import models


def timed_rounds(step, batch, rounds, min_round_s):
    """Warm-up (at least 3 calls and 1 s), then `rounds` rounds of whole calls lasting at least
    min_round_s each; images/s per round."""
    start, calls = time.perf_counter(), 0
    while calls < 3 or time.perf_counter() - start < 1.0:
        step()
        calls += 1
    rates = []
    for _ in range(rounds):
        start, calls = time.perf_counter(), 0
        while calls < 1 or time.perf_counter() - start < min_round_s:
            step()
            calls += 1
        rates.append(batch * calls / (time.perf_counter() - start))
    return rates


def prepare(model, x, mode):
    if mode == "eager":
        return model
    with torch.inference_mode(False), torch.no_grad():
        traced = torch.jit.trace(model, x)
    return torch.jit.optimize_for_inference(torch.jit.freeze(traced))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--work", default=os.path.join(models.REPO, "bench", ".work"))
    p.add_argument("--only", action="append")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--min-round-s", type=float, default=1.0)
    p.add_argument("--mode", choices=["eager", "frozen"], default="eager")
    args = p.parse_args()
    torch.set_num_threads(2)
    manifest = json.load(open(os.path.join(args.work, "models.json")))
    for m in manifest["models"]:
        if args.only and m["name"] not in args.only:
            continue
        shape = [m["batch"]] + m["image_shape"]
        x = torch.from_numpy(np.fromfile(os.path.join(args.work, m["input"]), dtype="<f4").reshape(shape))
        expected = np.fromfile(os.path.join(args.work, m["output"]), dtype="<f4")
        net = prepare(models.load(m["arch"], os.path.join(args.work, m["state_dict"])), x, args.mode)
        with torch.inference_mode():
            y = net(x).numpy().reshape(-1)
            rates = timed_rounds(lambda: net(x), m["batch"], args.rounds, args.min_round_s)
        print(json.dumps({
            "model": m["name"], "batch": m["batch"], "engine": f"pytorch-{args.mode}",
            "images_per_s": round(max(rates), 1), "median_images_per_s": round(statistics.median(rates), 1),
            "rounds": [round(r, 1) for r in rates], "max_abs_diff": float(np.abs(y - expected).max()),
            "version": torch.__version__, "threads": torch.get_num_threads(),
        }), flush=True)


if __name__ == "__main__":
    sys.exit(main())
