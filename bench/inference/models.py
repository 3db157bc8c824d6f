"""The benchmark's model definitions, shared by make_models.py (export) and torch_bench.py (the
PyTorch peer), so that both build exactly the same modules. LeNet-5 and the Fashion-MNIST CNN are
imported from the fixture scripts rather than copied, so the benchmark measures the models the
tests use. torchvision and the fixture scripts are imported only when an architecture needs them:
the GPU machine's python3 has torch but may lack torchvision (bench/gpu/torch_gpu_bench.py then
falls back to a TorchScript file) and gets only this file and pool.py."""
import os
import sys

import torch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tools", "fixtures"))

FASHION_ONNX = os.path.join(REPO, "tests", "fixtures", "fashion-mnist", "fashion_cnn.onnx")


def build(arch):
    """A fresh, untrained module for an architecture name used in models.json."""
    if arch == "resnet18":
        import torchvision
        # Full width (64-128-256-512), torchvision's own definition; 43 classes as in GTSRB.
        return torchvision.models.resnet18(num_classes=43)
    if arch == "vit_b_16":
        import torchvision
        # torchvision's ViT-B/16 (12 layers, 768 wide, 86M parameters), 10 classes: the largest
        # transformer the benchmark runs, at its native 224x224.
        model = torchvision.models.vit_b_16(num_classes=10)
        # torchvision starts the classifier at zero, so every logit would be 0 and the engines'
        # outputs could not be told apart: a random head, as after training.
        torch.nn.init.normal_(model.heads.head.weight, std=0.02)
        return model
    if arch == "lenet5":
        from generate_onnx_fixtures import LeNet5
        return LeNet5()
    if arch == "fashion_cnn":
        from train_fashion_mnist import FashionCnn
        return FashionCnn()
    raise ValueError(f"unknown architecture {arch}")


def load(arch, state_dict_path):
    """The module with the weights make_models.py saved, in eval mode."""
    model = build(arch)
    model.load_state_dict(torch.load(state_dict_path))
    return model.eval()
