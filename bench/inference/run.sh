#!/usr/bin/env bash
# The inference benchmark in one command: our engine and onnxruntime side by side in one process
# (Grader.Bench.Inference models --peer onnxruntime, rounds interleaved), PyTorch CPU on the same
# models and inputs, then the GTSRB-sized evaluation with its peak RSS.
#
#   bench/inference/run.sh [--quick] [--sweeps N] [--only MODEL] [--gtsrb-limit N] [--skip-gtsrb] [--skip-torch] [--remake]
#
#   --quick        2 short rounds per runner and 512 GTSRB images: checks the pipeline in ~2 minutes
#   --sweeps N     run the three runners N times, interleaved per model (default 1); best round wins
#   --only MODEL   one entry of models.json (repeatable)
#   --gtsrb-limit  evaluate only the first N images of the 12,630
#   --skip-torch   leave out the two PyTorch runners (the Grader/onnxruntime columns only)
#   --remake       re-export the models even if bench/.work/models.json exists
#   --wait-quiet S before each runner, wait up to S seconds for other processes to use under 10 %
#                  of the CPUs over 3 s (the machine is shared; a busy neighbour halves any figure)
#
# Everything generated goes to bench/.work/ (git-ignored); this run's raw JSON and the Markdown
# report to bench/.work/results/<stamp>/. Needs dotnet (onnxruntime comes from NuGet,
# Microsoft.ML.OnnxRuntime) and Debian's /usr/bin/python3 with torch + torchvision + onnx.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$ROOT/bench/.work"
PY=/usr/bin/python3   # the python3 on PATH may lack torch
ROUNDS=5 MIN_ROUND=1.0 SWEEPS=1 GTSRB_LIMIT="" SKIP_GTSRB=0 SKIP_TORCH=0 REMAKE=0 PROFILE_RUNS=20 WAIT_QUIET=0
ONLY=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) ROUNDS=2 MIN_ROUND=0.5 GTSRB_LIMIT=512 PROFILE_RUNS=5; shift ;;
    --sweeps) SWEEPS="$2"; shift 2 ;;
    --only) ONLY+=("$2"); shift 2 ;;
    --gtsrb-limit) GTSRB_LIMIT="$2"; shift 2 ;;
    --skip-gtsrb) SKIP_GTSRB=1; shift ;;
    --skip-torch) SKIP_TORCH=1; shift ;;
    --remake) REMAKE=1; shift ;;
    --wait-quiet) WAIT_QUIET="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

step() { echo "== $*" >&2; }
# The load average counts this benchmark's own threads (about 2 while a runner works), so each
# runner is also wrapped in `measured`, which logs how much CPU the other processes on the machine
# took while it ran: /proc/stat's busy time over the run minus the runner's own user+system time.
# That is the figure that can disturb a measurement (the machine is shared; 2 cores).
cpu_busy_percent() {  # share of all CPUs busy over $1 seconds (nothing of ours runs meanwhile)
  local a b t=0 j
  read -ra a < <(head -1 /proc/stat); sleep "$1"; read -ra b < <(head -1 /proc/stat)
  for j in 1 2 3 4 5 6 7 8; do t=$((t + b[j] - a[j])); done
  echo $((100 * (t - (b[4] - a[4] + b[5] - a[5])) / t))
}
wait_quiet() {
  local end=$((SECONDS + WAIT_QUIET))
  while ((SECONDS < end)) && (($(cpu_busy_percent 3) >= 10)); do :; done
}
measured() {
  local phase=$1 s0 s1 t
  shift
  wait_quiet
  t=$(mktemp)
  s0=$(head -1 /proc/stat)
  /usr/bin/time -f "%e %U %S" -o "$t" "$@"
  s1=$(head -1 /proc/stat)
  # Fields: "cpu" and 10 counters twice (1-11, 12-22; user nice system idle iowait irq softirq
  # steal ...), then elapsed, user and system seconds (23-25) and clock ticks per second (26).
  echo "$s0 $s1 $(tail -1 "$t") $(getconf CLK_TCK)" | awk -v phase="$phase" -v now="$(date +%T)" \
    -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '{
    total = 0; for (i = 2; i <= 9; i++) total += $(i + 11) - $i
    idle = ($16 - $5) + ($17 - $6)
    ours = ($24 + $25) * $26
    printf "%s %-26s %6.1f s, load %s, others used %3.0f%% of the CPUs, this runner %3.0f%%\n",
      now, phase, $23, load, 100 * (total - idle - ours) / total, 100 * ours / total
  }' >>"$RESULTS/loads.txt"
  rm -f "$t"
}

step "models"
if [[ $REMAKE == 1 || ! -f "$WORK/models.json" ]]; then
  "$PY" "$HERE/make_models.py" "$WORK"
fi
dotnet build -c Release "$ROOT/bench/Grader.Bench.Inference/Grader.Bench.Inference.csproj" -nologo -v q >&2
BENCH="$ROOT/bench/Grader.Bench.Inference/bin/Release/net10.0/Grader.Bench.Inference"

RESULTS="$WORK/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
{
  echo "date:      $(date -Iseconds)"
  echo "cpu:       $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB"
  echo "flags:     $(grep -o -w -E 'avx512f|avx2|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  echo ".NET:      SDK $(dotnet --version), runtime $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -1)"
  echo "ort:       Microsoft.ML.OnnxRuntime $(sed -n 's/.*Include="Microsoft.ML.OnnxRuntime" Version="\([^"]*\)".*/\1/p' "$ROOT/bench/Grader.Bench.Inference/Grader.Bench.Inference.csproj") in process (CPU EP, 2 intra-op threads, sequential, all optimisations)"
  [[ $SKIP_TORCH == 1 ]] || echo "torch:     $("$PY" -c 'import torch, torchvision; print(torch.__version__, "/ torchvision", torchvision.__version__)')"
  echo "commit:    $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src || echo ' (src modified)')"
} >"$RESULTS/env.txt"

if [[ ${#ONLY[@]} -eq 0 ]]; then
  mapfile -t ONLY < <("$PY" -c "import json; [print(m['name']) for m in json.load(open('$WORK/models.json'))['models']]")
fi
TIMING=(--work "$WORK" --rounds "$ROUNDS" --min-round-s "$MIN_ROUND")
for ((s = 1; s <= SWEEPS; s++)); do
  for m in "${ONLY[@]}"; do
    # Interleaved per model, so a burst of load from another process hits all engines alike.
    step "sweep $s/$SWEEPS: $m"
    # Ours and onnxruntime in one process, rounds interleaved: one line per engine.
    pair=$(mktemp)
    measured "$m grader+onnxruntime" "$BENCH" models "${TIMING[@]}" --only "$m" --threads 2 --peer onnxruntime >"$pair"
    cat "$pair" >&2
    grep '"engine":"onnxruntime' "$pair" >>"$RESULTS/ort.jsonl"
    grep -v '"engine":"onnxruntime' "$pair" >>"$RESULTS/grader.jsonl"
    rm -f "$pair"
    if [[ $SKIP_TORCH == 0 ]]; then
      measured "$m pytorch eager" "$PY" "$HERE/torch_bench.py" "${TIMING[@]}" --only "$m" --mode eager | tee -a "$RESULTS/torch-eager.jsonl" >&2
      measured "$m pytorch frozen" "$PY" "$HERE/torch_bench.py" "${TIMING[@]}" --only "$m" --mode frozen | tee -a "$RESULTS/torch-frozen.jsonl" >&2
    fi
  done
done

step "per-layer profiles"
for m in "${ONLY[@]}"; do
  measured "$m grader profile" "$BENCH" profile --work "$WORK" --only "$m" --repeat "$PROFILE_RUNS" --threads 2 >>"$RESULTS/grader-profile.jsonl"
  measured "$m onnxruntime profile" "$BENCH" profile --work "$WORK" --only "$m" --repeat "$PROFILE_RUNS" --threads 2 --peer onnxruntime >>"$RESULTS/ort-profile.jsonl"
done

if [[ $SKIP_GTSRB == 0 ]]; then
  step "GTSRB: synthetic archive + import (once)"
  "$BENCH" gtsrb-make --work "$WORK" | tee "$RESULTS/gtsrb-make.json" >&2
  step "GTSRB: evaluation of ResNet18 at 224x224${GTSRB_LIMIT:+ (first $GTSRB_LIMIT images)}"
  measured "gtsrb evaluation" /usr/bin/time -v -o "$RESULTS/gtsrb-time.txt" "$BENCH" gtsrb --work "$WORK" \
    --model "$WORK/resnet18_224x224.onnx" ${GTSRB_LIMIT:+--limit "$GTSRB_LIMIT"} | tee "$RESULTS/gtsrb.json" >&2
fi

step "report ($RESULTS/report.md)"
python3 "$HERE/report.py" "$RESULTS"
