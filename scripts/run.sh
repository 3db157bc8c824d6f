#!/usr/bin/env bash
# The main job on a fresh machine: build the grader, validate every rubric, and grade every
# reference submission (the model solutions must score full marks).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "run.sh: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 2; }
dotnet build src/Grader.Cli -c Release --nologo -v quiet
grader=src/Grader.Cli/bin/Release/net10.0/grader
"$grader" check rubrics/
echo
"$grader" grade rubrics/rptu-dl-ex2.yaml reference/rptu-dl-ex2/solution.yaml
