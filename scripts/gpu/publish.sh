#!/usr/bin/env bash
# Publishes what a bare GPU machine (no .NET SDK, no network) needs, into artifacts/gpu/:
#
#   cli/grader     the CLI/service, self-contained linux-x64, trimmed, one file
#   tests/         the CUDA test program (xunit v3, self-contained, NOT trimmed: xunit reflects)
#                  and the inference benchmark (Grader.Bench.Inference), sharing that runtime
#   bench/gpu-models/  ResNet18 for the GPU benchmark (bench/inference/make_models.py --set gpu)
#   fixtures/      tests/fixtures/{onnx,fashion-mnist} and fashion-mnist-data/ (the test set)
#   BUNDLE.txt     commit, date and sizes
#   bundle.tar.xz  all of the above, the one file to carry (scripts/gpu/device-run.sh unpacks it)
#
# It checks the trimmed CLI here (--help, dataset import, evaluate, also in the sandbox: 9,058 of 10,000) and the test
# program (runs standalone, writes a results file), and fails when the archive is over
# $GRADER_BUNDLE_LIMIT_MIB (default 60) MiB. Usage: scripts/gpu/publish.sh [--skip-checks]
set -euo pipefail
cd "$(dirname "$0")/../.."

out=artifacts/gpu
logs=artifacts/gpu-logs          # publish logs stay out of the bundle
limit_mib=${GRADER_BUNDLE_LIMIT_MIB:-60}
fashion_src=/usr/share/datasets/fashion-mnist
rid=linux-x64
checks=1
[ "${1:-}" = "--skip-checks" ] && checks=0

say() { echo "publish.sh: $*" >&2; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
# Apparent size in bytes of the given folders together; a file hard-linked from several of them
# (the test program's fixtures) counts once, as tar stores it once.
bytes() { du -scb "$@" | tail -n 1 | cut -f 1; }
command -v dotnet >/dev/null || { say "the .NET 10 SDK is required (dotnet not on PATH)"; exit 2; }
started=$SECONDS

# The test set: Debian package dataset-fashion-mnist (only its t10k files are shipped).
if [ ! -f "$fashion_src/t10k-images-idx3-ubyte.gz" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing dataset-fashion-mnist"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null; }
  fi
  [ -f "$fashion_src/t10k-images-idx3-ubyte.gz" ] || { say "missing $fashion_src (apt-get install dataset-fashion-mnist)"; exit 2; }
fi

rm -rf "$out" "$logs"
mkdir -p "$out" "$logs"

# --- the CLI ---------------------------------------------------------------------------------
# TrimMode=partial trims only assemblies marked trimmable (the runtime, most of ASP.NET Core);
# ours and EF Core, Npgsql, YamlDotNet, System.CommandLine, Spectre.Console stay whole, so their
# reflection (EF model building, YAML/JSON binding, Razor Pages) keeps working. TrimMode=full
# was tried: 45 MiB instead of 52 unpacked, but it removes members reflection needs.
# JsonSerializerIsReflectionEnabledByDefault: trimming turns reflection-based System.Text.Json
# off by default; the CLI serialises with it (dataset manifests, --json, the API).
# ILLinkTreatWarningsAsErrors=false: the trimmer's IL2026/IL2104 warnings (EF Core, MVC, JSON)
# are expected here and must not fail the build; compiler warnings are still errors.
# EnableTrimAnalyzer=false: PublishTrimmed (a global property) would also turn on the compiler's
# trim analyzer in every library, whose IL2026 warnings TreatWarningsAsErrors makes errors; the
# trimmer reports the same findings in its log.
# Single file, uncompressed: 42 MiB, which xz packs to 12 MiB; with EnableCompressionInSingleFile
# it is 24 MiB but xz can no longer shrink it (23 MiB), and the archive would exceed 60 MiB.
# The trimmer skips its work when its inputs are unchanged even if the trim settings changed,
# so its intermediate folder is cleared to make these settings always apply.
rm -rf src/Grader.Cli/obj/Release/net10.0/$rid/linked
say "publishing the CLI (trimmed, single file)"
dotnet publish src/Grader.Cli/Grader.Cli.csproj -c Release -r $rid --self-contained --nologo \
  -p:PublishTrimmed=true -p:TrimMode=partial -p:ILLinkTreatWarningsAsErrors=false -p:EnableTrimAnalyzer=false \
  -p:JsonSerializerIsReflectionEnabledByDefault=true \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=false \
  -p:SatelliteResourceLanguages=en -p:DebugType=embedded \
  -o "$out/cli" >"$logs/publish-cli.log" 2>&1 \
  || { tail -n 30 "$logs/publish-cli.log" >&2; say "CLI publish failed (log: $logs/publish-cli.log)"; exit 1; }
say "CLI published; trimmer warnings: $(grep -c 'warning IL' "$logs/publish-cli.log" || true) (log: $logs/publish-cli.log)"

# --- the fixtures ----------------------------------------------------------------------------
mkdir -p "$out/fixtures/fashion-mnist-data"
cp -r tests/fixtures/onnx tests/fixtures/fashion-mnist "$out/fixtures/"
cp "$fashion_src"/t10k-images-idx3-ubyte.gz "$fashion_src"/t10k-labels-idx1-ubyte.gz "$out/fixtures/fashion-mnist-data/"

# --- the CUDA test program -------------------------------------------------------------------
say "publishing the CUDA test program (self-contained, not trimmed)"
dotnet publish tests/Grader.Inference.Cuda.Tests/Grader.Inference.Cuda.Tests.csproj -c Release -r $rid \
  --self-contained --nologo -p:SatelliteResourceLanguages=en \
  -o "$out/tests" >"$logs/publish-tests.log" 2>&1 \
  || { tail -n 30 "$logs/publish-tests.log" >&2; say "test program publish failed (log: $logs/publish-tests.log)"; exit 1; }

# The benchmark goes into the same folder: one self-contained runtime serves both programs
# (a second copy would not fit the archive).
say "publishing the inference benchmark beside it"
dotnet publish bench/Grader.Bench.Inference/Grader.Bench.Inference.csproj -c Release -r $rid \
  --self-contained --nologo -p:SatelliteResourceLanguages=en \
  -o "$out/tests" >"$logs/publish-bench.log" 2>&1 \
  || { tail -n 30 "$logs/publish-bench.log" >&2; say "benchmark publish failed (log: $logs/publish-bench.log)"; exit 1; }

# The benchmark's ResNet18 (tiled weights: they compress) and reference logits, made here with
# Debian's PyTorch once and reused (bench/.work is git-ignored).
if [ ! -f bench/.work/gpu/models.json ]; then
  say "exporting the GPU benchmark's models"
  /usr/bin/python3 bench/inference/make_models.py --set gpu >"$logs/make-models.log" 2>&1 \
    || { tail -n 30 "$logs/make-models.log" >&2; say "make_models.py --set gpu failed"; exit 1; }
fi
mkdir -p "$out/bench"
cp -r bench/.work/gpu "$out/bench/gpu-models"

# Microsoft.NET.Test.Sdk brings Microsoft.CodeCoverage, whose publish target copies its whole
# build folder (the code-coverage collector for `dotnet vstest /collect`, for every OS: 25 MiB)
# into the output. The in-process xunit runner never loads it. Remove exactly those copies: a
# file identical to the package's and not named in the program's deps.json (the host insists on
# every file listed there).
coverage_dir=$(ls -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/microsoft.codecoverage/*/build/netstandard2.0 2>/dev/null | sort -V | tail -n 1 || true)
deps=$out/tests/Grader.Inference.Cuda.Tests.deps.json
if [ -n "$coverage_dir" ]; then
  removed=0
  while IFS= read -r -d '' file; do
    rel=${file#"$coverage_dir"/}
    name=$(basename "$rel")
    if [ -f "$out/tests/$rel" ] && cmp -s "$file" "$out/tests/$rel" && ! grep -qF "$name\"" "$deps"; then
      rm "$out/tests/$rel"
      removed=$((removed + 1))
    fi
  done < <(find "$coverage_dir" -type f -print0)
  find "$out/tests" -type d -empty -delete
  say "removed $removed code-coverage collector files from the test program"
fi

# The test program carries its own copy of the fixtures (its csproj copies them next to it);
# make those hard links to fixtures/ so the archive holds them once. The test set goes there too
# (fixtures/fashion-mnist-data: the tests look for it next to the program as well as in
# $GRADER_FASHION_MNIST and /usr/share/datasets/fashion-mnist).
for dir in onnx fashion-mnist fashion-mnist-data; do
  if [ ! -e "$out/tests/fixtures/$dir" ] || diff -rq "$out/tests/fixtures/$dir" "$out/fixtures/$dir" >/dev/null 2>&1; then
    rm -rf "$out/tests/fixtures/$dir"
    mkdir -p "$out/tests/fixtures"
    cp -al "$out/fixtures/$dir" "$out/tests/fixtures/$dir"
  fi
done

# --- checks ----------------------------------------------------------------------------------
if [ "$checks" -eq 1 ]; then
  say "checking the trimmed CLI"
  check_dir=$(mktemp -d)
  trap 'rm -rf "$check_dir"' EXIT
  "$out/cli/grader" --help >"$check_dir/help.txt"
  grep -q "evaluate" "$check_dir/help.txt" || { say "grader --help lists no evaluate command"; exit 1; }
  "$out/cli/grader" dataset import fashion-mnist "$out/fixtures/fashion-mnist-data" --data-dir "$check_dir/datasets" >"$check_dir/import.txt"
  head -n 1 "$check_dir/import.txt" >&2
  grep -q "imported fashion-mnist: 10,000 images, 10 classes" "$check_dir/import.txt" || { say "dataset import failed"; exit 1; }
  "$out/cli/grader" evaluate "$out/fixtures/fashion-mnist/fashion_cnn.onnx" --dataset fashion-mnist \
    --mean 0.2860 --std 0.3530 --data-dir "$check_dir/datasets" >"$check_dir/evaluate.txt"
  head -n 2 "$check_dir/evaluate.txt" >&2
  grep -q "(9,058 of 10,000)" "$check_dir/evaluate.txt" || { say "evaluate did not report 9,058 of 10,000"; exit 1; }
  # The single-file executable is also the sandbox's evaluation child (its hidden sandbox-child command).
  "$out/cli/grader" evaluate "$out/fixtures/fashion-mnist/fashion_cnn.onnx" --dataset fashion-mnist \
    --mean 0.2860 --std 0.3530 --data-dir "$check_dir/datasets" --sandbox >"$check_dir/evaluate-sandbox.txt"
  grep -E "^sandbox " "$check_dir/evaluate-sandbox.txt" >&2
  grep -q "(9,058 of 10,000)" "$check_dir/evaluate-sandbox.txt" || { say "evaluate --sandbox did not report 9,058 of 10,000"; exit 1; }

  say "checking the test program standalone"
  "$out/tests/Grader.Inference.Cuda.Tests" -noColor -noLogo -xml "$check_dir/tests.xml" >"$check_dir/tests.txt" 2>&1 \
    || { cat "$check_dir/tests.txt" >&2; say "the test program failed here"; exit 1; }
  grep "Total:" "$check_dir/tests.txt" >&2 || true
  [ -s "$check_dir/tests.xml" ] || { say "the test program wrote no results file"; exit 1; }
fi

# --- the archive -----------------------------------------------------------------------------
cli_bytes=$(bytes "$out/cli" "$out/fixtures")
# The test program without the fixtures it shares with the CLI.
tests_bytes=$(( $(bytes "$out/cli" "$out/fixtures" "$out/tests") - cli_bytes ))
{
  echo "grader GPU bundle"
  echo "commit:    $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "built:     $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n)"
  echo "cli/grader + fixtures/: $(mib "$cli_bytes") unpacked"
  echo "tests/ (its fixtures are hard links to fixtures/): $(mib "$tests_bytes") unpacked besides those"
} >"$out/BUNDLE.txt"

# xz: every tar on a stock Debian/Ubuntu machine unpacks it (zstd needs the zstd binary).
# -9: a 64 MiB window, so the runtime files of the CLI and the test program compress together.
say "packing"
archive=$out/bundle.tar.xz
tar -C "$out" --sort=name --owner=0 --group=0 --numeric-owner -cf - BUNDLE.txt cli fixtures tests bench \
  | xz -9 -T0 >"$archive.tmp"
mv "$archive.tmp" "$archive"
archive_bytes=$(stat -c %s "$archive")

echo "cli/grader:             $(mib "$(bytes "$out/cli")")"
echo "cli + fixtures:         $(mib "$cli_bytes") unpacked"
echo "tests (test program):   $(mib "$tests_bytes") unpacked (besides the shared fixtures)"
echo "bundle.tar.xz:          $(mib "$archive_bytes") (limit $limit_mib MiB)"
echo "time:                   $((SECONDS - started)) s"
if [ "$archive_bytes" -gt $((limit_mib * 1048576)) ]; then
  say "the archive is over $limit_mib MiB"
  exit 1
fi
