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
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

import models

SEED = 20260101
OPSET = 13

# name, architecture, image shape, batch. resnet18_224 is not in the brief's list; it is the
# GTSRB evaluation's shape, measured against the peers so the GTSRB images/s can be read in context.
ENTRIES = [
    ("resnet18_32", "resnet18", (3, 32, 32), 64),
    ("lenet5", "lenet5", (1, 32, 32), 256),
    ("fashion_cnn", "fashion_cnn", (1, 28, 28), 256),
    ("resnet18_224", "resnet18", (3, 224, 224), 16),
]


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


def make_weights(arch, work):
    """Builds the architecture once (fixed seed) and saves its state_dict."""
    path = os.path.join(work, arch + ".pt")
    torch.manual_seed(SEED)
    model = models.build(arch)
    if arch == "fashion_cnn":
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


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else os.path.join(models.REPO, "bench", ".work")
    os.makedirs(work, exist_ok=True)
    torch.set_num_threads(2)
    weights = {}
    entries = []
    for index, (name, arch, image_shape, batch) in enumerate(ENTRIES):
        if arch not in weights:
            weights[arch] = make_weights(arch, work)
        model = models.load(arch, weights[arch])
        if arch == "fashion_cnn":
            onnx_name = "fashion_cnn.onnx"  # the repository fixture itself, copied unchanged
            with open(models.FASHION_ONNX, "rb") as src, open(os.path.join(work, onnx_name), "wb") as dst:
                dst.write(src.read())
        else:
            onnx_name = f"{arch}_{image_shape[1]}x{image_shape[2]}.onnx"
            export(model, image_shape, os.path.join(work, onnx_name))
        gen = torch.Generator().manual_seed(SEED + 100 + index)
        x = torch.randn((batch,) + image_shape, generator=gen)
        with torch.inference_mode():
            y = model(x)
        x.numpy().astype("<f4").tofile(os.path.join(work, name + ".input.bin"))
        y.numpy().astype("<f4").tofile(os.path.join(work, name + ".output.bin"))
        entries.append({
            "name": name, "arch": arch, "onnx": onnx_name, "state_dict": os.path.basename(weights[arch]),
            "input": name + ".input.bin", "output": name + ".output.bin",
            "batch": batch, "image_shape": list(image_shape), "output_shape": list(y.shape[1:]),
            "parameters": int(sum(p.numel() for p in model.parameters())),
        })
        print(f"{name}: {onnx_name}, batch {batch}, input {list(image_shape)}, output {list(y.shape[1:])}",
              file=sys.stderr)
    with open(os.path.join(work, "models.json"), "w") as f:
        json.dump({"torch": torch.__version__, "seed": SEED, "opset": OPSET, "models": entries}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
