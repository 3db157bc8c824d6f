#!/usr/bin/env bash
# The sandbox's cost per evaluation (docs/performance.md, "Sandboxed evaluation"): the same
# evaluation in the benchmark's own process (warm, as in a worker that has run one before) and
# in a fresh sandbox child, interleaved A B B A, for the Fashion-MNIST CNN on the real test set
# and for ResNet18 on the GTSRB-sized synthetic set (12,630 images at 224x224).
#
#   bench/sandbox/run.sh [--rounds N] [--gtsrb-rounds N] [--skip-gtsrb] [--sandbox auto|bubblewrap|process]
#
# Needs what bench/inference/run.sh makes (it makes it when missing): bench/.work/resnet18_224x224.onnx
# (make_models.py, Debian's python3-torch) and the synthetic GTSRB store (gtsrb-make, ~1.7 GB).
# Results: bench/.work/sandbox/<stamp>/{fashion,gtsrb}.jsonl (one line per evaluation, then the summary).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=bench/.work
ROUNDS=6
GTSRB_ROUNDS=2
GTSRB=1
SANDBOX=auto
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --gtsrb-rounds) GTSRB_ROUNDS="$2"; shift 2 ;;
    --skip-gtsrb) GTSRB=0; shift ;;
    --sandbox) SANDBOX="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

dotnet build -c Release bench/Grader.Bench.Sandbox/Grader.Bench.Sandbox.csproj -nologo -v q >&2
BENCH=bench/Grader.Bench.Sandbox/bin/Release/net10.0/Grader.Bench.Sandbox
GRADER=bench/Grader.Bench.Sandbox/bin/Release/net10.0/grader
RESULTS="$WORK/sandbox/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
{
  echo "date:      $(date -Iseconds)"
  echo "cpu:       $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB"
  echo "bwrap:     $(bwrap --version 2>/dev/null || echo 'not installed')"
  echo ".NET:      runtime $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -1)"
  echo "commit:    $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (src modified)')"
} >"$RESULTS/env.txt"

if [[ ! -f "$WORK/fashion-mnist/fashion-mnist/manifest.json" ]]; then
  "$GRADER" dataset import fashion-mnist /usr/share/datasets/fashion-mnist --data-dir "$WORK/fashion-mnist" >&2
fi
echo "== Fashion-MNIST CNN, $ROUNDS rounds" >&2
"$BENCH" --model tests/fixtures/fashion-mnist/fashion_cnn.onnx --dataset fashion-mnist --data "$WORK/fashion-mnist" \
  --mean 0.2860 --std 0.3530 --rounds "$ROUNDS" --sandbox "$SANDBOX" | tee "$RESULTS/fashion.jsonl" >&2

if [[ $GTSRB == 1 ]]; then
  if [[ ! -f "$WORK/resnet18_224x224.onnx" ]]; then
    (cd bench/inference && /usr/bin/python3 make_models.py "../.work") >&2
  fi
  dotnet build -c Release bench/Grader.Bench.Inference/Grader.Bench.Inference.csproj -nologo -v q >&2
  bench/Grader.Bench.Inference/bin/Release/net10.0/Grader.Bench.Inference gtsrb-make --work "$WORK" >&2
  echo "== ResNet18 on the GTSRB-sized set, $GTSRB_ROUNDS rounds" >&2
  "$BENCH" --model "$WORK/resnet18_224x224.onnx" --dataset gtsrb --data "$WORK/gtsrb-12630/data" --resize 224x224 \
    --mean 0.485,0.456,0.406 --std 0.229,0.224,0.225 --rounds "$GTSRB_ROUNDS" --sandbox "$SANDBOX" | tee "$RESULTS/gtsrb.jsonl" >&2
fi
echo "results in $RESULTS" >&2
