"""Synthetic images that every runner of the GPU benchmark (bench/gpu) computes bit for bit
alike: torch_gpu_bench.py here, SyntheticPool.cs in Grader.Bench.Inference. A set of 12,630
images at 3x224x224 is 7.6 GB of floats, so runners cycle through a pool of distinct images;
sharing the exact values lets both check their logits against the same recorded reference.

Element j of a pool (images laid out NCHW, one after another) is an integer hash of j and the
seed mapped to a multiple of 2^-22 in [-2, 2): exact in float32 and computed with int64 tensor
operations that never overflow, so no RNG whose stream might change between torch versions is
involved. make_models.py also uses it for the tiled, compressible weights of the GPU set.
"""
import torch

MULTIPLIER = 2654435761  # Knuth's multiplicative hash
MIX = 0x45D9F3B
CHUNK_ELEMENTS = 1 << 24  # bounds the int64 temporaries (128 MiB each)


def pool(count, image_shape, seed):
    """count images of image_shape as one float32 tensor [count, *image_shape]."""
    out = torch.empty((count,) + tuple(image_shape), dtype=torch.float32)
    flat = out.view(-1)
    for start in range(0, flat.numel(), CHUNK_ELEMENTS):
        end = min(start + CHUNK_ELEMENTS, flat.numel())
        h = (torch.arange(start, end, dtype=torch.int64) * MULTIPLIER + seed) & 0xFFFFFFFF
        h ^= h >> 16
        h = (h * MIX) & 0xFFFFFFFF
        h ^= h >> 16
        flat[start:end] = ((h >> 8) - (1 << 23)).to(torch.float32) / (1 << 22)
    return out
