#!/usr/bin/env bash
# The main job on a fresh machine: build the grader, validate every rubric, then run the whole
# service locally and grade the reference submissions through it:
#   a private PostgreSQL (scripts/postgres.sh: installed if missing, data in .data/postgres),
#   migrations, the five seed rubrics, one demo student per course, the API with a worker,
#   `grader submit` of every model solution (marks printed) and of every wrong reference answer
#   (one demo student each, so the dashboard's gradebooks and statistics have something to show),
#   and a staff account for the dashboard, whose sign-in it prints.
#   Model items: the seed sheets' need CIFAR-10 and GTSRB, which are not at hand (they stay
#   "missing"); the DEMO assignment of demo/rubrics (not a course sheet) grades a small committed
#   CNN as ONNX and as a state_dict on Debian's Fashion-MNIST (dataset-fashion-mnist, installed
#   when missing, as is bubblewrap for the evaluation sandbox), so its page shows a model item scored against its threshold, with per-class
#   accuracy and the confusion matrix. The worker evaluates models on the GPU when one is usable,
#   else on the CPU (--cpu-models).
# Usage: scripts/run.sh            run the demo, then keep serving the dashboard (Ctrl-C stops all)
#        scripts/run.sh --once     run the demo, then stop the service and the database
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "run.sh: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 2; }
dotnet build src/Grader.Cli -c Release --nologo -v quiet
grader=src/Grader.Cli/bin/Release/net10.0/grader
"$grader" check rubrics/
"$grader" check demo/rubrics/
echo

# The demo's test set, Debian's Fashion-MNIST, imported into the data directory the worker reads;
# and bubblewrap, the sandbox the worker evaluates students' networks in (without it, a plain child
# process: docs/models.md).
fashion=/usr/share/datasets/fashion-mnist
datasets=${GRADER_DATA_DIR:-.data/datasets}
missing=()
[ -f "$fashion/t10k-images-idx3-ubyte.gz" ] || missing+=(dataset-fashion-mnist)
command -v bwrap >/dev/null || missing+=(bubblewrap)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null; then sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi || true
fi
if [ -f "$fashion/t10k-images-idx3-ubyte.gz" ]; then
  [ -f "$datasets/fashion-mnist/manifest.json" ] || "$grader" dataset import fashion-mnist "$fashion" --data-dir "$datasets"
else
  echo "run.sh: Debian's dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist): the demo's model items will wait" >&2
fi

pg_dir=${GRADER_PG_DIR:-.data/postgres}
GRADER_DB=$(bash scripts/postgres.sh start "$pg_dir")
export GRADER_DB
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  bash scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== rubrics"
"$grader" admin import-rubrics rubrics/
"$grader" admin import-rubrics demo/rubrics/
demo=.data/demo
mkdir -p "$demo"
port=$(( 20000 + RANDOM % 20000 ))
url="http://127.0.0.1:$port"
"$grader" serve --urls "$url" --worker --cpu-models --data-dir "$datasets" > "$demo/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do curl -sf "$url/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "$url/ready" >/dev/null || { cat "$demo/serve.log" >&2; exit 1; }
echo "== service on $url (log: $demo/serve.log)"

# One dashboard login for every course; its password is made once and kept in .data/demo.
[ -s "$demo/staff-password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$demo/staff-password")
staff_password=$(cat "$demo/staff-password")

# A course's demo students (one per reference file) and the staff sign-in; prints nothing.
enrol() {
  local folder=$1 course=$2
  { echo "id,name,index"; echo "demo,Demo Student,180577X"
    for wrong in "$folder"/wrong-*.yaml; do
      [ -e "$wrong" ] || continue
      name=$(basename "$wrong" .yaml); echo "$name,Student ${name#wrong-},180577X"
    done; } > "$demo/roster-$course.csv"
  "$grader" admin roster "$course" "$demo/roster-$course.csv" --out "$demo/tokens-$course.csv" >/dev/null
  "$grader" admin staff add "$course" ta --name "Demo TA" --role instructor >/dev/null
  echo "$staff_password" | "$grader" admin staff password ta >/dev/null
}

for solution in reference/*/solution.yaml; do
  folder=$(dirname "$solution")
  assignment=$(basename "$folder")
  course=${assignment%%-*}
  enrol "$folder" "$course"
  token=$(grep '^demo,' "$demo/tokens-$course.csv" | cut -d, -f2)
  echo
  echo "== grader submit $assignment $solution"
  "$grader" submit "$assignment" "$solution" --server "$url" --token "$token"
  for wrong in "$folder"/wrong-*.yaml; do
    name=$(basename "$wrong" .yaml)
    token=$(grep "^$name," "$demo/tokens-$course.csv" | cut -d, -f2)
    printf '   %-32s ' "$name"
    "$grader" submit "$assignment" "$wrong" --server "$url" --token "$token" 2>/dev/null | tail -n 1 || true
  done
done

# The model demo: the Fashion-MNIST CNN of tests/fixtures, uploaded as ONNX and as a state_dict.
folder=demo/reference/demo-fashion-mnist
enrol "$folder" demo
token=$(grep '^demo,' "$demo/tokens-demo.csv" | cut -d, -f2)
echo
echo "== grader submit demo-fashion-mnist $folder/solution.yaml (a CNN evaluated on 10,000 Fashion-MNIST images)"
"$grader" submit demo-fashion-mnist "$folder/solution.yaml" --server "$url" --token "$token" --timeout 900 \
  --model cnn.onnx=tests/fixtures/fashion-mnist/fashion_cnn.onnx \
  --model cnn.state_dict=tests/fixtures/fashion-mnist/fashion_cnn.pt 2> "$demo/model-submit.log" || cat "$demo/model-submit.log" >&2
model_submission=$(sed -n 's/^grader: submitted \([0-9a-f-]*\).*/\1/p' "$demo/model-submit.log" | head -n 1)

echo
echo "== dashboard: $url/"
echo "   staff:    sign in as 'ta' with password '$staff_password' (instructor of every demo course)"
echo "   students: sign in with a token from $demo/tokens-<course>.csv"
[ -n "${model_submission:-}" ] && echo "   model demo: $url/submissions/$model_submission (accuracy, per-class accuracy, confusion matrix)"
if [ "${1:-}" != "--once" ]; then
  echo
  echo "The service runs on $url (GRADER_DB=$GRADER_DB); Ctrl-C stops it and the database."
  wait "$server_pid"
fi
