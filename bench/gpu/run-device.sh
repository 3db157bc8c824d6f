#!/usr/bin/env bash
# The GPU benchmark on the GPU machine: our CUDA backend (the published Grader.Bench.Inference,
# mode `sets`) and PyTorch on the same GPU (torch_gpu_bench.py), both over the CIFAR-10-sized and
# the GTSRB-sized synthetic sets, fp32 and TF32; then $OUT/gpu-bench.md (report.py --gpu).
#
#   BUNDLE_DIR=/path/to/unpacked/bundle OUT=/path/to/results bench/gpu/run-device.sh [--smoke]
#
# Called by scripts/gpu/device-run.sh. The machine has python3 with torch 2.x but no .NET SDK and
# no network, and device time is scarce: every runner has a time limit (about 3.5 minutes in all
# at worst) and a failing one leaves the others' results; status.txt says how each ended.
# Found in the bundle (overridable for a dry run on a dev machine):
#   GRADER_BENCH  the self-contained Grader.Bench.Inference (default: $BUNDLE_DIR/bench/Grader.Bench.Inference/,
#                 else the first one found under $BUNDLE_DIR)
#   GPU_MODELS    the folder make_models.py --set gpu wrote (default: $BUNDLE_DIR/bench/gpu-models)
#   PYTHON        python3 with torch (default: python3)
# --smoke: the same pipeline on the CPU with 256 images per set (our cpu backend, torch --device cpu).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${BUNDLE_DIR:?set BUNDLE_DIR to the unpacked bundle}" "${OUT:?set OUT to the results folder}"
PY="${PYTHON:-python3}"
WORK="${GPU_MODELS:-$BUNDLE_DIR/bench/gpu-models}"
BENCH="${GRADER_BENCH:-$BUNDLE_DIR/bench/Grader.Bench.Inference/Grader.Bench.Inference}"
[[ -x "$BENCH" ]] || BENCH="$(find "$BUNDLE_DIR" -maxdepth 4 -type f -name Grader.Bench.Inference -perm -u+x | head -1)"
OURS=(--backend cuda) TORCH=(--device cuda) LIMITS=(--passes 3 --max-s 20) SECONDS_EACH=60 TORCH_SECONDS=90
if [[ "${1:-}" == --smoke ]]; then
  OURS=(--backend cpu) TORCH=(--device cpu) LIMITS=(--images 256 --passes 1) SECONDS_EACH=300 TORCH_SECONDS=300
fi
mkdir -p "$OUT"
: >"$OUT/status.txt"

# Our backend looks for the CUDA libraries in GRADER_CUDA_PATH first: point it at the ones torch
# uses (the nvidia/*/lib wheels, torch/lib), which match the driver torch runs on.
if [[ -z "${GRADER_CUDA_PATH:-}" ]]; then
  GRADER_CUDA_PATH="$("$PY" "$HERE/../../scripts/gpu/cuda-lib-dirs.py" 2>/dev/null)"
  export GRADER_CUDA_PATH
fi

{
  echo "date:      $(date -Iseconds)"
  echo "gpu:       $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo none)"
  echo "cpu:       $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
  echo "torch:     $("$PY" -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())' 2>&1 | tail -1)"
  echo "bench:     ${BENCH:-not found}"
  echo "models:    $WORK ($(sed -n 's/.*"torch": "\([^"]*\)".*/exported with torch \1/p' "$WORK/models.json" 2>/dev/null))"
  echo "cuda path: ${GRADER_CUDA_PATH:-}"
} >"$OUT/env.txt"
cat "$OUT/env.txt" >&2

# runner NAME LIMIT_S COMMAND...: stdout to NAME.jsonl, stderr to NAME.log, its end to status.txt.
runner() {
  local name=$1 limit=$2 start=$SECONDS rc
  shift 2
  echo "== $name" >&2
  timeout --kill-after=5 "$limit" "$@" >"$OUT/$name.jsonl" 2>"$OUT/$name.log"
  rc=$?
  case $rc in
    0) what=ok ;; 3) what="no usable GPU" ;; 124 | 137) what="timed out after ${limit} s" ;; *) what="failed" ;;
  esac
  printf '%-12s exit %3d  %4d s  %s\n' "$name" "$rc" $((SECONDS - start)) "$what" >>"$OUT/status.txt"
  tail -3 "$OUT/$name.log" >&2
}

# PyTorch first: its figures are the baseline even if our backend fails or hangs.
runner torch "$TORCH_SECONDS" "$PY" "$HERE/torch_gpu_bench.py" --work "$WORK" "${TORCH[@]}" "${LIMITS[@]}" --tf32 both
if [[ -n "$BENCH" ]]; then
  runner grader-fp32 "$SECONDS_EACH" "$BENCH" sets --work "$WORK" "${OURS[@]}" "${LIMITS[@]}"
  if [[ "${OURS[1]}" == cuda ]]; then
    runner grader-tf32 "$SECONDS_EACH" "$BENCH" sets --work "$WORK" "${OURS[@]}" --tf32 "${LIMITS[@]}"
    # Where the GPU's time goes, kernel by kernel (CUDA events): for closing the gap to PyTorch.
    runner grader-profile 60 "$BENCH" profile --work "$WORK" "${OURS[@]}" --repeat 5
  fi
else
  echo "grader       Grader.Bench.Inference not found under $BUNDLE_DIR" >>"$OUT/status.txt"
fi
cat "$OUT/status.txt" >&2
"$PY" "$HERE/../inference/report.py" --gpu "$OUT" >/dev/null
echo "report: $OUT/gpu-bench.md" >&2
