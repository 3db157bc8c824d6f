#!/usr/bin/python3
"""Exports the benchmark models and their shared inputs into bench/.work/ (git-ignored).

Run with Debian's interpreter (the python3 on PATH lacks torch):
    /usr/bin/python3 bench/inference/make_models.py [work folder]

For each benchmark entry NAME it writes
    NAME.input.bin    float32 little-endian, [batch, *image_shape], the inputs all three runners use
    NAME.output.bin   PyTorch's eval-mode output for them, to check the engines agree
and per architecture ARCH.pt (state_dict: what torch_bench.py loads) and ARCH_HxW.onnx (opset 13,
dynamic batch). models.json lists the entries; runners read only that file.

Everything is seeded: rerunning gives the same weights and inputs.

    /usr/bin/python3 bench/inference/make_models.py --set gpu [bench/.work/gpu]

writes the GPU benchmark's files instead (bench/gpu/README.md): ResNet18 with tiled weights (they
compress, so the files fit the GPU machine's bundle), a TorchScript copy for a python3 without
torchvision, and per entry the reference logits of the first images of the shared synthetic pool.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

import models
import pool

SEED = 20260101
OPSET = 13

# name, architecture, image shape, batch. resnet18_224 is not in the brief's list; it is the
# GTSRB evaluation's shape, measured against the peers so the GTSRB images/s can be read in context.
# vit_b_16 is the transformer row (issue 15): attention, LayerNorm, GELU and large MatMuls.
ENTRIES = [
    ("resnet18_32", "resnet18", (3, 32, 32), 64),
    ("lenet5", "lenet5", (1, 32, 32), 256),
    ("fashion_cnn", "fashion_cnn", (1, 28, 28), 256),
    ("resnet18_224", "resnet18", (3, 224, 224), 16),
    ("vit_b_16", "vit_b_16", (3, 224, 224), 4),
]

# The GPU benchmark's sets: name, architecture, image shape, batch, images in the set. ResNet18 is
# the same torchvision definition (ImageNet stem) as the CPU entries of the same name.
GPU_ENTRIES = [
    ("resnet18_32", "resnet18", (3, 32, 32), 256, 10_000),   # CIFAR-10-sized test set
    ("resnet18_224", "resnet18", (3, 224, 224), 64, 12_630),  # GTSRB-sized test set
]
GPU_POOL = 1024        # distinct images each runner cycles through (a multiple of every batch)
GPU_CHECK_IMAGES = 4   # first pool images whose logits are recorded for the runners to compare
PATTERN = 4096         # floats repeated by tiled_weights: 16 KB, inside gzip's 32 KB window


def realistic_batchnorm(model, gen):
    """Fresh BatchNorm layers are the identity; give them trained-looking statistics so the
    folded convolutions have realistic weights (the same idea as the ONNX fixtures)."""
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(m.num_features, generator=gen) * 0.2)
                m.running_var.copy_(torch.rand(m.num_features, generator=gen) * 1.5 + 0.25)
                m.weight.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(m.num_features, generator=gen) * 0.2)


def fashion_weights_from_onnx(model):
    """The trained Fashion-MNIST fixture exists only as ONNX: copy its initializers (named after
    the module's parameters) into the PyTorch module."""
    inits = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy())
             for i in onnx.load(models.FASHION_ONNX).graph.initializer}
    model.load_state_dict({k: inits[k] for k in model.state_dict()})


def tiled_weights(model):
    """Weights that compress: random float32 weights do not (a ResNet18 ONNX file stays ~45 MB
    under gzip), so every Conv and Linear weight here repeats one pseudo-random pattern of PATTERN
    values, scaled to the tensor's initial standard deviation. BatchNorm keeps gamma 1 and variance
    1, so the exporter's Conv+BN folding multiplies every weight by one constant and the repeats
    survive; its shift gets the pattern too. Speed does not depend on the values."""
    pattern = pool.pool(1, (PATTERN,), SEED + 2).view(-1)

    def tiled(t):
        return pattern.repeat(math.ceil(t.numel() / PATTERN))[:t.numel()].view_as(t)

    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.bias.copy_(tiled(m.bias) * 0.1)
                m.running_mean.copy_(tiled(m.running_mean) * 0.1)
            elif isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
                m.weight.copy_(tiled(m.weight) * (m.weight.std() / pattern.std()))


def make_weights(arch, work, tiled=False):
    """Builds the architecture once (fixed seed) and saves its state_dict."""
    path = os.path.join(work, arch + ".pt")
    torch.manual_seed(SEED)
    model = models.build(arch)
    if tiled:
        tiled_weights(model)
    elif arch == "fashion_cnn":
        fashion_weights_from_onnx(model)
    else:
        realistic_batchnorm(model, torch.Generator().manual_seed(SEED + 1))
    torch.save(model.state_dict(), path)
    return path


def export(model, image_shape, path):
    x = torch.zeros((1,) + image_shape)
    torch.onnx.export(model, x, path, opset_version=OPSET, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))


def record(work, name, model, x):
    """NAME.input.bin and NAME.output.bin: the inputs and PyTorch's eval-mode outputs for them."""
    with torch.inference_mode():
        y = model(x)
    x.numpy().astype("<f4").tofile(os.path.join(work, name + ".input.bin"))
    y.numpy().astype("<f4").tofile(os.path.join(work, name + ".output.bin"))
    return {"input": name + ".input.bin", "output": name + ".output.bin", "output_shape": list(y.shape[1:])}


def entry(work, name, arch, model, weights, onnx_name, batch, image_shape, x):
    e = {"name": name, "arch": arch, "onnx": onnx_name, "state_dict": os.path.basename(weights), "batch": batch,
         "image_shape": list(image_shape), "parameters": int(sum(p.numel() for p in model.parameters()))}
    e.update(record(work, name, model, x))
    print(f"{name}: {onnx_name}, batch {batch}, input {list(image_shape)}, output {e['output_shape']}", file=sys.stderr)
    return e


def onnx_for(arch, model, image_shape, work):
    if arch == "fashion_cnn":
        onnx_name = "fashion_cnn.onnx"  # the repository fixture itself, copied unchanged
        with open(models.FASHION_ONNX, "rb") as src, open(os.path.join(work, onnx_name), "wb") as dst:
            dst.write(src.read())
    else:
        onnx_name = f"{arch}_{image_shape[1]}x{image_shape[2]}.onnx"
        export(model, image_shape, os.path.join(work, onnx_name))
    return onnx_name


def cpu_set(work):
    weights = {}
    entries = []
    for index, (name, arch, image_shape, batch) in enumerate(ENTRIES):
        if arch not in weights:
            weights[arch] = make_weights(arch, work)
        model = models.load(arch, weights[arch])
        onnx_name = onnx_for(arch, model, image_shape, work)
        x = torch.randn((batch,) + image_shape, generator=torch.Generator().manual_seed(SEED + 100 + index))
        entries.append(entry(work, name, arch, model, weights[arch], onnx_name, batch, image_shape, x))
    return entries


def gpu_set(work):
    """The GPU benchmark's entries; the input recorded is the first GPU_CHECK_IMAGES images of
    the pool each runner computes (pool.py), so a runner checks its pool and its logits."""
    weights = {}
    entries = []
    for index, (name, arch, image_shape, batch, images) in enumerate(GPU_ENTRIES):
        if arch not in weights:
            weights[arch] = make_weights(arch, work, tiled=True)
        model = models.load(arch, weights[arch])
        script = os.path.join(work, arch + ".ts")
        # For a python3 without torchvision; valid at any image size (adaptive pooling).
        torch.jit.trace(model, torch.zeros((1,) + image_shape)).save(script)
        onnx_name = onnx_for(arch, model, image_shape, work)
        seed = SEED + 200 + index
        x = pool.pool(GPU_CHECK_IMAGES, image_shape, seed)
        e = entry(work, name, arch, model, weights[arch], onnx_name, batch, image_shape, x)
        e.update({"torchscript": os.path.basename(script), "images": images, "pool": GPU_POOL, "pool_seed": seed})
        entries.append(e)
    return entries


def main():
    p = argparse.ArgumentParser()
    p.add_argument("work", nargs="?")
    p.add_argument("--set", choices=["cpu", "gpu"], default="cpu")
    args = p.parse_args()
    work = args.work or os.path.join(models.REPO, "bench", ".work", *(["gpu"] if args.set == "gpu" else []))
    os.makedirs(work, exist_ok=True)
    torch.set_num_threads(2)
    entries = gpu_set(work) if args.set == "gpu" else cpu_set(work)
    with open(os.path.join(work, "models.json"), "w") as f:
        json.dump({"torch": torch.__version__, "seed": SEED, "opset": OPSET, "models": entries}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
