"""Prints, ':'-joined, the folders of this Python's CUDA libraries: the nvidia/*/lib folders of
PyTorch's CUDA wheels (cuBLAS, NVRTC, cuDNN), then torch/lib (wheels that bundle them inside
torch), the order the CUDA backend searches them in. Prints nothing when there are none.
`nvidia` is a namespace package (no __file__), so its folders come from nvidia.__path__."""
import glob
import importlib.util
import os

dirs = []
try:
    import nvidia
    for base in nvidia.__path__:
        dirs += sorted(d for d in glob.glob(os.path.join(base, "*", "lib")) if os.path.isdir(d))
except ImportError:
    pass
torch = importlib.util.find_spec("torch")
if torch is not None and torch.origin:
    lib = os.path.join(os.path.dirname(torch.origin), "lib")
    if os.path.isdir(lib):
        dirs.append(lib)
print(":".join(dict.fromkeys(dirs)))
