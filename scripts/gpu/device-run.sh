#!/usr/bin/env bash
# Runs on the GPU machine (no .NET SDK, no network), from the repository root, after
# artifacts/gpu/bundle.tar.xz (scripts/gpu/publish.sh) has been carried there:
#
#   1. unpacks the bundle into a temporary folder
#   2. prints nvidia-smi
#   3. finds the CUDA libraries of the Python environment (nvidia/*/lib) -> GRADER_CUDA_PATH
#   4. checks the trimmed CLI (dataset import + evaluate on the CPU: 9,058 of 10,000), then on
#      the GPU, then on the GPU in the sandbox (evaluate --sandbox)
#   5. runs the CUDA test program: results in $OUT/cuda-tests.{xml,trx,log}
#   6. runs bench/gpu/run-device.sh when the repository has it (BUNDLE_DIR = the unpacked bundle)
#
# Every step runs even when an earlier one failed; the exit status is non-zero if any failed.
# Usage: bash scripts/gpu/device-run.sh [BUNDLE]   (default artifacts/gpu/bundle.tar.xz)
# Environment: OUT (results folder, default ./out), GRADER_GPU_TEST_TIMEOUT (seconds, default
# 300), GRADER_GPU_BENCH_TIMEOUT (default 240): together well within the machine's 9 minutes.
set -uo pipefail   # no -e: a failed step is recorded, not fatal
cd "$(dirname "$0")/../.."
repo=$(pwd)

bundle=${1:-artifacts/gpu/bundle.tar.xz}
OUT=${OUT:-$repo/out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export OUT
test_timeout=${GRADER_GPU_TEST_TIMEOUT:-300}
bench_timeout=${GRADER_GPU_BENCH_TIMEOUT:-240}
started=$SECONDS

failed=()
step() { echo; echo "=== $* ($((SECONDS - started)) s)"; }
fail() { echo "device-run.sh: FAILED: $*" >&2; failed+=("$1"); }

# --- 1. unpack -------------------------------------------------------------------------------
step "unpack $bundle"
work=$(mktemp -d "${TMPDIR:-/tmp}/grader-gpu.XXXXXX")
trap 'rm -rf "$work"' EXIT
BUNDLE_DIR=$work/bundle
mkdir -p "$BUNDLE_DIR"
if [ -f "$bundle" ] && tar -C "$BUNDLE_DIR" -xJf "$bundle"; then
  cat "$BUNDLE_DIR/BUNDLE.txt" 2>/dev/null
else
  fail unpack "cannot unpack $bundle (run scripts/gpu/publish.sh and carry artifacts/gpu/bundle.tar.xz)"
  echo "device-run.sh: failed: ${failed[*]}" >&2
  exit 1   # nothing else can run without the bundle
fi
export BUNDLE_DIR

# --- 2. the device ---------------------------------------------------------------------------
step "nvidia-smi"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi 2>&1 | tee "$OUT/nvidia-smi.txt" || fail nvidia-smi "nvidia-smi failed"
else
  echo "no nvidia-smi on PATH (no NVIDIA driver here?)" | tee "$OUT/nvidia-smi.txt"
fi

# --- 3. the CUDA libraries -------------------------------------------------------------------
# PyTorch's wheels bring cuBLAS, NVRTC and cuDNN (scripts/gpu/cuda-lib-dirs.py finds their
# folders); libcuda.so.1 is the driver's and is found by the system loader. Not finding them is
# not a failure of this script: the tests then say why they skipped.
step "CUDA libraries"
cuda_dirs=""
if command -v python3 >/dev/null; then
  cuda_dirs=$(python3 scripts/gpu/cuda-lib-dirs.py 2>/dev/null) || cuda_dirs=""
fi
if [ -n "$cuda_dirs" ]; then
  # Folders already named by the caller come first.
  export GRADER_CUDA_PATH=${GRADER_CUDA_PATH:+$GRADER_CUDA_PATH:}$cuda_dirs
  echo "GRADER_CUDA_PATH=$GRADER_CUDA_PATH"
  tr ':' '\n' <<<"$cuda_dirs" | while read -r dir; do ls "$dir"; done \
    | grep -E '^lib(cublas|cublasLt|nvrtc|nvrtc-builtins|cudnn|cudart)[^/]*\.so' | sort | tr '\n' ' '
  echo
else
  echo "no CUDA library folders found through python3 (no python3, or no CUDA wheels); GRADER_CUDA_PATH=${GRADER_CUDA_PATH:-}"
fi
{ echo "GRADER_CUDA_PATH=${GRADER_CUDA_PATH:-}"; ldconfig -p 2>/dev/null | grep -E 'libcuda\.so|libcublas|libnvrtc|libcudnn' || true; } >"$OUT/cuda-libs.txt"

# The test set, for the tests and the benchmark hook (the tests also look next to themselves).
export GRADER_FASHION_MNIST=$BUNDLE_DIR/fixtures/fashion-mnist-data

# --- 4. the CLI ------------------------------------------------------------------------------
# The trimmed, self-contained CLI on this machine's OS (CPU inference): proves the bundle runs
# here before the GPU results are read.
step "CLI: dataset import + evaluate (CPU)"
grader=$BUNDLE_DIR/cli/grader
data=$work/datasets
if "$grader" --version \
   && "$grader" dataset import fashion-mnist "$GRADER_FASHION_MNIST" --data-dir "$data" \
   && "$grader" evaluate "$BUNDLE_DIR/fixtures/fashion-mnist/fashion_cnn.onnx" --dataset fashion-mnist \
        --mean 0.2860 --std 0.3530 --data-dir "$data" >"$OUT/cli-evaluate.txt" 2>&1; then
  cat "$OUT/cli-evaluate.txt"
  grep -q "(9,058 of 10,000)" "$OUT/cli-evaluate.txt" || fail cli "evaluate did not report 9,058 of 10,000"
else
  cat "$OUT/cli-evaluate.txt" 2>/dev/null
  fail cli "the CLI failed"
fi

# The same evaluation on the GPU: the worker's path (import, preprocessing, engine) end to end.
step "CLI: evaluate on the GPU"
if "$grader" evaluate "$BUNDLE_DIR/fixtures/fashion-mnist/fashion_cnn.onnx" --dataset fashion-mnist \
     --mean 0.2860 --std 0.3530 --data-dir "$data" --device gpu --batch 256 >"$OUT/cli-evaluate-gpu.txt" 2>&1; then
  cat "$OUT/cli-evaluate-gpu.txt"
  grep -q "(9,058 of 10,000)" "$OUT/cli-evaluate-gpu.txt" || fail cli-gpu "evaluate on the GPU did not report 9,058 of 10,000"
else
  cat "$OUT/cli-evaluate-gpu.txt" 2>/dev/null
  fail cli-gpu "evaluate on the GPU failed"
fi

# The same evaluation as a worker runs it: in a sandbox child (bubblewrap when installed, else a
# plain child), which opens the same GPU with the same CUDA libraries under the memory limit.
step "CLI: evaluate on the GPU in the sandbox"
if "$grader" evaluate "$BUNDLE_DIR/fixtures/fashion-mnist/fashion_cnn.onnx" --dataset fashion-mnist \
     --mean 0.2860 --std 0.3530 --data-dir "$data" --device gpu --batch 256 --sandbox >"$OUT/cli-evaluate-gpu-sandbox.txt" 2>&1; then
  cat "$OUT/cli-evaluate-gpu-sandbox.txt"
  grep -q "(9,058 of 10,000)" "$OUT/cli-evaluate-gpu-sandbox.txt" || fail cli-gpu-sandbox "the sandboxed GPU evaluation did not report 9,058 of 10,000"
else
  cat "$OUT/cli-evaluate-gpu-sandbox.txt" 2>/dev/null
  fail cli-gpu-sandbox "the sandboxed GPU evaluation failed"
fi

# --- 5. the CUDA tests -----------------------------------------------------------------------
# xunit v3's in-process runner: -xml/-trx result files, verbose console (each test and skip
# reason). Run from its own folder: fixtures are looked up next to it.
step "CUDA tests"
tests=$BUNDLE_DIR/tests/Grader.Inference.Cuda.Tests
if [ -x "$tests" ]; then
  (cd "$(dirname "$tests")" && timeout --kill-after=10 "$test_timeout" "$tests" -noColor -reporter verbose \
     -xml "$OUT/cuda-tests.xml" -trx "$OUT/cuda-tests.trx") 2>&1 | tee "$OUT/cuda-tests.log"
  status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] || fail tests "the CUDA tests exited with $status$([ "$status" -eq 124 ] && echo " (timed out after $test_timeout s)")"
  # One summary line from the xunit XML (the console's own summary is in the log above).
  assembly=$(grep -o '<assembly [^>]*' "$OUT/cuda-tests.xml" 2>/dev/null | head -n 1)
  count() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$assembly"; }
  if [ -n "$assembly" ]; then
    echo "CUDA tests: $(count passed) passed, $(count failed) failed, $(count skipped) skipped, $(count total) total"
  else
    fail tests "no results file ($OUT/cuda-tests.xml)"
  fi
else
  fail tests "no test program in the bundle"
fi

# --- 6. the benchmark hook -------------------------------------------------------------------
step "benchmark hook"
if [ -f bench/gpu/run-device.sh ]; then
  BUNDLE_DIR=$BUNDLE_DIR timeout --kill-after=10 "$bench_timeout" bash bench/gpu/run-device.sh 2>&1 | tee "$OUT/bench.log"
  status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] || fail bench "bench/gpu/run-device.sh exited with $status$([ "$status" -eq 124 ] && echo " (timed out after $bench_timeout s)")"
else
  echo "no bench/gpu/run-device.sh in the repository; skipped"
fi

echo
echo "=== done in $((SECONDS - started)) s; results in $OUT"
if [ ${#failed[@]} -gt 0 ]; then
  echo "device-run.sh: failed: ${failed[*]}" >&2
  exit 1
fi
echo "device-run.sh: all steps passed"
