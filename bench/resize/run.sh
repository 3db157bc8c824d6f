#!/usr/bin/env bash
# The resize methods against Pillow, side by side: a GTSRB-sized set (12,630 RGB images, 15..250
# px a side) resized to 32x32 and 224x224 by the grader (each method, scale and normalise
# included) and by Pillow (resize only), alternating grader and Pillow runs so a busy machine
# affects both alike. Needs Debian's python3-pil and python3-numpy.
# Usage: bench/resize/run.sh [--rounds 3] [--repeats 2]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=3; repeats=2
while [ $# -gt 0 ]; do case "$1" in --rounds) rounds=$2; shift 2;; --repeats) repeats=$2; shift 2;; *) echo "unknown option $1" >&2; exit 2;; esac; done
work=bench/.work/resize
mkdir -p "$work"
dotnet build bench/Grader.Bench.Inference -c Release --nologo -v quiet >/dev/null
bench=bench/Grader.Bench.Inference/bin/Release/net10.0/Grader.Bench.Inference
for repeat in $(seq 1 "$repeats"); do
  for size in 32 224; do
    "$bench" resize --work "$work" --size "$size" --rounds "$rounds"
    /usr/bin/python3 bench/resize/pillow_peer.py "$work" "$size" "$rounds"
  done
done | tee "$work/results.jsonl"
