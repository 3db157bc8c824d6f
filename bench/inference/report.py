#!/usr/bin/env python3
"""Turns one run.sh results folder into the Markdown that goes into docs/performance.md.

    python3 bench/inference/report.py bench/.work/results/<stamp>
    python3 bench/inference/report.py --gpu OUT    # bench/gpu/run-device.sh's folder -> OUT/gpu-bench.md

Reads the JSON lines the runners wrote (grader.jsonl, ort.jsonl, torch-eager.jsonl,
torch-frozen.jsonl, grader-profile.jsonl, ort-profile.jsonl, gtsrb*.json), env.txt and loads.txt.
Throughput per (model, engine) is the best round over all sweeps; the median round is shown
beside it so noise from other processes is visible. Plain python3: no torch needed.
"""
import json
import os
import re
import statistics
import sys
from collections import OrderedDict

ENGINES = [("grader", "grader.jsonl"), ("ort", "ort.jsonl"),
           ("torch", "torch-eager.jsonl"), ("frozen", "torch-frozen.jsonl")]


def lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip().startswith("{")]


def throughput(results):
    """{model: {engine: {best, median, diff, batch}}}, models in the order first seen."""
    table = OrderedDict()
    for engine, file in ENGINES:
        for r in lines(os.path.join(results, file)):
            cell = table.setdefault(r["model"], {}).setdefault(engine, {"rounds": [], "sweeps": [], "diff": 0.0, "batch": r["batch"]})
            cell["rounds"] += r["rounds"]
            cell["sweeps"].append(max(r["rounds"]))
            cell["diff"] = max(cell["diff"], r["max_abs_diff"])
    for engines in table.values():
        for cell in engines.values():
            cell["best"] = max(cell["rounds"])
            cell["median"] = statistics.median(cell["rounds"])
    return table


def fmt_rate(cell):
    if cell is None:
        return "–"
    return f"{cell['best']:,.0f} ({cell['median']:,.0f})" if cell["best"] >= 100 else f"{cell['best']:.1f} ({cell['median']:.1f})"


def ratio(a, b):
    return f"{a['best'] / b['best']:.2f}x" if a and b else "–"


def sweep_ratios(a, b):
    """Grader/ORT within each sweep (the two ran seconds apart, so under similar load)."""
    if not a or not b or len(a["sweeps"]) != len(b["sweeps"]) or len(a["sweeps"]) < 2:
        return ""
    return " (" + ", ".join(f"{x / y:.2f}" for x, y in zip(a["sweeps"], b["sweeps"])) + ")"


def throughput_table(table):
    out = ["| model | batch | Grader images/s | onnxruntime images/s | PyTorch eager images/s | PyTorch frozen images/s "
           "| Grader/ORT (per sweep) | Grader/PyTorch eager | Grader/PyTorch frozen | max abs diff vs PyTorch: Grader | ORT |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for model, e in table.items():
        g, o, t, f = (e.get(k) for k in ("grader", "ort", "torch", "frozen"))
        batch = next(iter(e.values()))["batch"]
        diff = lambda c: f"{c['diff']:.1e}" if c else "–"  # noqa: E731
        out.append(f"| {model} | {batch} | {fmt_rate(g)} | {fmt_rate(o)} | {fmt_rate(t)} | {fmt_rate(f)} "
                   f"| **{ratio(g, o)}**{sweep_ratios(g, o)} | {ratio(g, t)} | {ratio(g, f)} | {diff(g)} | {diff(o)} |")
    return "\n".join(out)


# ORT's names for the same layer after its fusions.
FUSED = {"FusedConv": "Conv", "FusedGemm": "Gemm"}


def layer_key(layer):
    """Op, input shape, and the output without its channel count: ORT's blocked layout pads
    channels to a multiple of 16 (6 -> 16), and a ReorderOutput node then drops the padding."""
    out = layer["out_shape"].split("x")
    return (FUSED.get(layer["op"], layer["op"]), layer["in_shape"], "x".join(out[:1] + out[2:]))


def dims(shape):
    return [int(d) for d in shape.split("x")] if shape else []


def layer_flops(layer, out_shape):
    """Multiply-adds x 2 of a Conv or Gemm from ORT's record (its weight shape) and our logical
    output shape; ORT's blocked layout may pad the channel counts in its own shapes."""
    op, w, x, y = FUSED.get(layer["op"], layer["op"]), dims(layer.get("w_shape", "")), dims(layer["in_shape"]), dims(out_shape)
    if op == "Conv" and len(w) == 4 and len(x) == 4:
        n = 1
        for d in y:
            n *= d
        return 2 * n * min(w[1], x[1]) * w[2] * w[3]
    if op == "Gemm" and len(x) == 2 and len(y) == 2:
        return 2 * x[0] * x[1] * y[1]
    return 0


def layer_table(grader, ort, top):
    """Layers of the same op and logical shapes summed on both sides (ORT renames and fuses
    nodes, so names do not match); sorted by how much of the gap they explain."""
    groups = OrderedDict()
    for side, profile in (("g", grader), ("o", ort)):
        for layer in profile["layers"]:
            cell = groups.setdefault(layer_key(layer), {"g": 0.0, "o": 0.0, "gn": 0, "on": 0, "out": layer["out_shape"], "flops": 0})
            cell[side] += layer["ms"]
            cell[side + "n"] += 1
            if side == "o":
                cell["flops"] += layer_flops(layer, cell["out"])
    gap = grader["total_ms"] - ort["total_ms"]
    rows = sorted(groups.items(), key=lambda kv: kv[1]["o"] - kv[1]["g"])
    out = [f"{grader['model']} (batch {grader['batch']}): Grader {grader['total_ms']:.1f} ms, "
           f"onnxruntime {ort['total_ms']:.1f} ms per batch (sum of per-layer medians)\n",
           "| op | input -> output | layers (Grader/ORT) | Grader ms | ORT ms | Grader/ORT time | Grader GFLOP/s | ORT GFLOP/s | share of the gap |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for (op, ins, _), c in rows[:top]:
        outs = c["out"]
        share = f"{(c['g'] - c['o']) / gap:.0%}" if gap > 0 else "–"
        times = f"{c['g'] / c['o']:.1f}x" if c["o"] > 0 else "–"
        rate = lambda ms: f"{c['flops'] / ms / 1e6:.0f}" if c["flops"] and ms > 0 else "–"  # noqa: E731
        out.append(f"| {op} | {ins} -> {outs} | {c['gn']}/{c['on']} | {c['g']:.2f} | {c['o']:.2f} | {times} "
                   f"| {rate(c['g'])} | {rate(c['o'])} | {share} |")
    return "\n".join(out)


def by_op(profile):
    return ", ".join(f"{o['op']} {o['share']:.0%}" for o in profile["by_op"] if o["share"] >= 0.01)


def gtsrb_section(results):
    made = lines(os.path.join(results, "gtsrb-make.json"))
    runs = lines(os.path.join(results, "gtsrb.json"))
    if not runs:
        return "GTSRB: not run"
    r = runs[-1]
    out = [f"| images | model | batch | images/s | evaluation | model load + compile | peak RSS (VmHWM) | peak RSS (/usr/bin/time) |",
           "|---:|---|---:|---:|---:|---:|---:|---:|"]
    time_rss = "–"
    tpath = os.path.join(results, "gtsrb-time.txt")
    if os.path.exists(tpath):
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(tpath).read())
        if m:
            time_rss = f"{int(m.group(1)) / 1024:.0f} MiB"
    out.append(f"| {r['images']:,} | {r['model']} | {r['batch']} | {r['images_per_s']:.1f} | {r['evaluation_s']:.0f} s "
               f"| {r['load_s']:.1f} s | {r['peak_rss_mib']:.0f} MiB | {time_rss} |")
    if made:
        m = made[-1]
        out.append(f"\nSynthetic archive: {m['count']:,} images, {m['archive_mib']:.0f} MiB of zips; imported store "
                   f"{m['store_mib']:.0f} MiB" + ("" if m["existing"] else
                   f"; written in {m['build_s']:.0f} s, imported in {m['import_s']:.0f} s, import peak RSS {m['peak_rss_mib']:.0f} MiB"))
    return "\n".join(out)


GPU_RUNNERS = [("grader", "grader-fp32.jsonl"), ("grader", "grader-tf32.jsonl"), ("torch", "torch.jsonl")]


def gpu_report(results):
    """run-device.sh's results: per set and precision, our CUDA backend and PyTorch on the same
    GPU, images/s over the best whole pass (median pass in brackets), and our time over PyTorch's
    (the issue aims at 1.2x or less)."""
    rows = OrderedDict()
    for runner, file in GPU_RUNNERS:
        for r in lines(os.path.join(results, file)):
            rows.setdefault((r["model"], "tf32" if r["tf32"] else "fp32"), {})[runner] = r
    out = ["| set | images | batch | precision | Grader images/s | PyTorch images/s | Grader/PyTorch time "
           "| max abs diff vs reference: Grader | PyTorch |",
           "|---|---:|---:|---|---:|---:|---:|---:|---:|"]
    for (model, precision), cells in rows.items():
        g, t = cells.get("grader"), cells.get("torch")
        first = g or t
        rate = lambda c: f"{c['images_per_s']:,.0f} ({c['median_images_per_s']:,.0f})" if c else "–"  # noqa: E731
        diff = lambda c: f"{c['max_abs_diff']:.1e}" + ("" if c["pool_matches_reference"] else " (pool differs!)") if c else "–"  # noqa: E731
        time_ratio = f"**{t['images_per_s'] / g['images_per_s']:.2f}x**" if g and t else "–"
        out.append(f"| {model} | {first['images']:,} | {first['batch']} | {precision} | {rate(g)} | {rate(t)} "
                   f"| {time_ratio} | {diff(g)} | {diff(t)} |")
    engines = sorted({r["engine"] + (f" ({r['backend']})" if "backend" in r else f" on {r['device']}, pinned {r['pinned']}")
                      for cells in rows.values() for r in cells.values()})
    parts = ["\n".join(out), "Engines: " + "; ".join(engines) if engines else "No runner produced results."]
    for name in ("env.txt", "status.txt"):
        path = os.path.join(results, name)
        if os.path.exists(path):
            parts.append(f"{name}:\n\n```\n" + open(path).read().strip() + "\n```")
    text = "\n\n".join(parts) + "\n"
    with open(os.path.join(results, "gpu-bench.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


def main():
    if sys.argv[1] == "--gpu":
        return gpu_report(sys.argv[2])
    results = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    parts = []
    env = os.path.join(results, "env.txt")
    if os.path.exists(env):
        parts.append("```\n" + open(env).read().strip() + "\n```")
    loads = os.path.join(results, "loads.txt")
    if os.path.exists(loads):
        parts.append("Each runner: wall time, load average at its end (1/5/15 min; it counts the benchmark's own "
                     "threads), and the share of the 2 CPUs other processes took meanwhile:\n\n```\n"
                     + open(loads).read().strip() + "\n```")
    table = throughput(results)
    parts.append("Images/s: best round (median round in brackets); ratios use the best rounds.\n\n" + throughput_table(table))
    grader = {p["model"]: p for p in lines(os.path.join(results, "grader-profile.jsonl"))}
    ort = {p["model"]: p for p in lines(os.path.join(results, "ort-profile.jsonl"))}
    for model in list(table) + [m for m in grader if m not in table]:
        if model in grader:
            parts.append(f"Grader time by operator, {model}: {by_op(grader[model])}")
        if model in grader and model in ort:
            parts.append(layer_table(grader[model], ort[model], top))
    parts.append(gtsrb_section(results))
    text = "\n\n".join(parts) + "\n"
    with open(os.path.join(results, "report.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
