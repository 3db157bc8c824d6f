#!/usr/bin/env bash
# The queue benchmark in one command: our queue against Hangfire on the same jobs and database server.
#   bench/Grader.QueueBench/run.sh [jobs] [rounds]        (default 4000 jobs, 2 rounds)
# Uses GRADER_DB when set (pg_stat_statements must be in its shared_preload_libraries for the
# statement counts); else starts a private cluster in .data/postgres-bench with it loaded, fsync
# off (as the test cluster), and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=""
if [ -z "${GRADER_DB:-}" ]; then
  GRADER_DB=$(GRADER_PG_FSYNC=off GRADER_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements" \
    bash scripts/postgres.sh start .data/postgres-bench)
  export GRADER_DB
  started=.data/postgres-bench
fi
trap '[ -n "$started" ] && bash scripts/postgres.sh stop "$started"' EXIT
dotnet run -c Release --project bench/Grader.QueueBench -- "$@"
