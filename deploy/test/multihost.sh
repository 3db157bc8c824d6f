#!/usr/bin/env bash
# The multi-host test: Grader installed on four "machines" (network namespaces this script
# makes: db 10.203.0.2, api .3, worker w1 .4, worker w2 .5, and a client .6, joined by veth pairs
# on a bridge inside a namespace of their own, so nothing of the host's network changes), set up
# the way docs/deploy.md tells an operator: deploy/publish.sh, deploy/install.sh on each machine,
# deploy/postgres/setup.sh on the database machine, the systemd units started by
# deploy/run-unit.sh (the units' own ExecStart, Environment, EnvironmentFile and User: there is
# no systemd in a namespace), Caddy with deploy/caddy/Caddyfile in front of the API (where caddy is
# installed), deploy/backup/backup.sh and restore.sh at the end.
#
# It uploads $GRADER_MULTIHOST_SUBMISSIONS (400) submissions from the client through the API
# host, with Idempotency-Key and retries as `grader submit` does, while it
#   1. cuts worker w2's link while w2 is in the middle of jobs (held there by a lock the test
#      takes on grading_runs, so the cut lands mid-job every time, not by luck): w2's leases
#      expire, w1 takes those jobs, and when the link is back w2's late completion is refused
#      (its grader_jobs_total{outcome="lease_lost"} counts it);
#   2. restarts the API's process;
#   3. restarts PostgreSQL;
# then checks in the database that every submission was stored once and graded exactly once
# (one grading run, its job succeeded, its marks those `grader grade` computes for the same
# file), scrapes /metrics of the API and both workers, backs up and restores into a second
# database and compares them. Every wait is bounded; the namespaces and processes it made are
# removed on exit, failed or not.
#
#   deploy/test/multihost.sh [--bundle DIR]     (as root; DIR: an unpacked bundle, else publish.sh runs)
#
# Exit 0 passed, 1 failed, 77 skipped (not root, no `ip netns`, no PostgreSQL): the message says why.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
started=$SECONDS
say() { echo "multihost: [$((SECONDS - started))s] $*" >&2; }
skip() { echo "multihost: SKIPPED: $*" >&2; exit 77; }
fail() { echo "multihost: FAILED: $*" >&2; exit 1; }

bundle=""
[ "${1:-}" = "--bundle" ] && bundle=$2
submissions=${GRADER_MULTIHOST_SUBMISSIONS:-400}
assignment=ai6126-hw1
course=ai6126

[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
command -v ip >/dev/null || skip "no ip command (iproute2)"
for tool in curl setpriv runuser; do command -v $tool >/dev/null || skip "no $tool"; done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] || skip "no PostgreSQL server binaries (scripts/postgres.sh installs them)"
id postgres >/dev/null 2>&1 || skip "no postgres OS user"

tag=gmh$$
ns_net=$tag-net ns_db=$tag-db ns_api=$tag-api ns_w1=$tag-w1 ns_w2=$tag-w2 ns_client=$tag-cl
ip netns add "$ns_net" 2>/dev/null || skip "cannot create network namespaces here (ip netns add failed)"
net=10.203.0
work=$(mktemp -d /tmp/grader-multihost.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/logs"
pids=()

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  sleep 1
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  [ -d "$work/db/cluster" ] && ip netns exec "$ns_db" runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/db/cluster" -m immediate stop >/dev/null 2>&1
  for ns in "$ns_db" "$ns_api" "$ns_w1" "$ns_w2" "$ns_client" "$ns_net"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
    echo "multihost: logs of the failed run:" >&2
    for log in "$work"/logs/*.log "$work/db/postgres.log"; do echo "--- $log (last 25 lines)" >&2; tail -n 25 "$log" >&2; done
    mkdir -p "$repo/artifacts/multihost" && cp -r "$work/logs" "$repo/artifacts/multihost/" 2>/dev/null
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# --- the network: a bridge in its own namespace, one veth pair per machine -------------------
ip -n "$ns_net" link add br0 type bridge || fail "cannot create a bridge"
ip -n "$ns_net" link set br0 up
ip -n "$ns_net" link set lo up
host_ip() { case $1 in db) echo $net.2 ;; api) echo $net.3 ;; w1) echo $net.4 ;; w2) echo $net.5 ;; cl) echo $net.6 ;; esac; }
for host in db api w1 w2 cl; do
  ns=$tag-$host
  ip netns add "$ns" || fail "ip netns add $ns"
  ip link add "$tag$host" type veth peer name "p$tag$host" || fail "veth for $host"
  ip link set "$tag$host" netns "$ns"
  ip link set "p$tag$host" netns "$ns_net"
  ip -n "$ns" link set "$tag$host" name eth0
  ip -n "$ns" addr add "$(host_ip $host)/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  ip -n "$ns_net" link set "p$tag$host" master br0
  ip -n "$ns_net" link set "p$tag$host" up
done
ip netns exec "$ns_client" ping -c 1 -W 5 "$(host_ip db)" >/dev/null 2>&1 || ip netns exec "$ns_client" bash -c "exec 3<>/dev/tcp/$(host_ip db)/1" 2>/dev/null
say "network up: db $(host_ip db), api $(host_ip api), w1 $(host_ip w1), w2 $(host_ip w2), client $(host_ip cl)"

in_ns() { local host=$1; shift; ip netns exec "$tag-$host" "$@"; }
# Bounded waits on a condition (a command), never on time alone.
wait_for() {
  local what=$1 limit=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "waited $limit s for: $what"
    sleep 0.2
  done
}

# --- the bundle ------------------------------------------------------------------------------
if [ -z "$bundle" ]; then
  say "deploy/publish.sh"
  bundle=$(bash deploy/publish.sh 2>"$work/logs/publish.log" | tail -n 1) || fail "deploy/publish.sh failed"
fi
[ -x "$bundle/deploy/install.sh" ] || fail "no bundle at $bundle"
bundle=$(cd "$bundle" && pwd)
grader_local=$bundle/bin/grader

# --- db: PostgreSQL as Debian's package would run it, then deploy/postgres/setup.sh -----------
mkdir -p "$work/db"
chown postgres "$work/db"
sock=$work/db
runuser -u postgres -- "$pgbin/initdb" -D "$work/db/cluster" --auth-local=peer --auth-host=scram-sha-256 -E UTF8 >"$work/logs/initdb.log" 2>&1 || fail "initdb"
start_db() { in_ns db runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/db/cluster" -l "$work/db/postgres.log" -o "-k $sock -p 5432 -c fsync=off" -w -t 60 "$@" >/dev/null; }
start_db start || fail "PostgreSQL did not start"
psql_db() { in_ns db runuser -u postgres -- psql -X -At -h "$sock" -p 5432 -d "${PSQL_DATABASE:-grader}" -v ON_ERROR_STOP=1 "$@"; }
echo "mh-$tag-secret" >"$work/db-password"
chmod 644 "$work/db-password"
conn=$(in_ns db env PGHOST="$sock" PGPORT=5432 bash deploy/postgres/setup.sh --clients "$net.0/24" --listen "$(host_ip db)" \
  --max-connections 100 --idle-in-transaction 10s --password-file "$work/db-password" --no-restart 2>"$work/logs/setup.log" | tail -n 1) \
  || fail "deploy/postgres/setup.sh failed: $(cat "$work/logs/setup.log")"
start_db restart || fail "PostgreSQL did not restart after setup.sh"
say "PostgreSQL on $(host_ip db):5432 set up by setup.sh ($conn)"
[[ $conn == Host=$net.2\;* ]] || fail "setup.sh printed an unexpected connection string: $conn"

# --- api, w1, w2: deploy/install.sh, then /etc/grader/grader.env as an operator edits it -----
set_env() { # FILE KEY VALUE: replace the KEY line (commented or not) or append it
  local file=$1 key=$2 value=$3
  if grep -qE "^#?$key=" "$file"; then sed -i "s|^#\?$key=.*|$key=\"$value\"|" "$file"; else echo "$key=\"$value\"" >>"$file"; fi
}
for host in api w1 w2; do
  bash "$bundle/deploy/install.sh" --root "$work/$host" 2>>"$work/logs/install.log" || fail "install.sh for $host"
  env_file=$work/$host/etc/grader/grader.env
  set_env "$env_file" GRADER_DB "$conn;Maximum Pool Size=20"
  set_env "$env_file" GRADER_METRICS_FROM "$(host_ip cl)/32"
  set_env "$env_file" GRADER_LOG_FORMAT json
done
# Caddy on the API machine proxies to 127.0.0.1:8080 (its forwarded headers believed: the shipped
# GRADER_TRUSTED_PROXIES); Prometheus (the client here) scrapes the internal address.
set_env "$work/api/etc/grader/grader.env" GRADER_URLS "http://127.0.0.1:8080;http://$(host_ip api):8080"
for host in w1 w2; do
  env_file=$work/$host/etc/grader/grader.env
  set_env "$env_file" GRADER_WORKER_NAME "$host"
  set_env "$env_file" GRADER_CONCURRENCY 2
  set_env "$env_file" GRADER_BATCH_SIZE 4
  set_env "$env_file" GRADER_LEASE_SECONDS 6
  set_env "$env_file" GRADER_METRICS_PORT 9464
done

# The units as systemd reads them: systemd-analyze (where installed) must find nothing to say but
# that /opt/grader/grader is not installed on this machine (it is under each host's root).
if command -v systemd-analyze >/dev/null; then
  units=$work/units
  mkdir -p "$units"
  cp "$work/api/etc/systemd/system/grader-api.service" "$units/"
  cp "$work/api/etc/systemd/system/grader-worker@.service" "$units/grader-worker@cpu.service"
  cp "$work/api/etc/systemd/system/grader-worker@.service" "$units/grader-worker@gpu.service"
  complaints=$(systemd-analyze verify "$units"/*.service 2>&1 | grep -v 'Command /opt/grader/grader is not executable')
  [ -z "$complaints" ] || fail "systemd-analyze verify: $complaints"
  say "ok: systemd-analyze verify finds nothing wrong with the units"
fi

start_unit() { # HOST UNIT; $pid_HOST is the service's own process (ip netns exec, run-unit.sh and setpriv exec)
  ip netns exec "$tag-$1" bash "$work/$1/opt/grader/deploy/run-unit.sh" --root "$work/$1" "$2" >>"$work/logs/$1.log" 2>&1 &
  pids+=($!)
  eval "pid_$1=$!"
}
admin() { in_ns api "$work/api/usr/local/bin/grader" admin "$@"; }

admin import-rubrics "$repo/rubrics/$assignment.yaml" >"$work/logs/admin.log" 2>&1 || fail "grader admin import-rubrics: $(cat "$work/logs/admin.log")"
students=$(( (submissions + 7) / 8 ))
{ echo "id,name"; for i in $(seq 1 "$students"); do echo "s$i,Student $i"; done; } >"$work/roster.csv"
admin roster "$course" "$work/roster.csv" --out "$work/tokens.csv" >>"$work/logs/admin.log" 2>&1 || fail "grader admin roster"
mapfile -t tokens < <(grep -o 'grd_[A-Za-z0-9_-]*' "$work/tokens.csv")
[ "${#tokens[@]}" -eq "$students" ] || fail "expected $students tokens, got ${#tokens[@]}"
# A TA's dashboard account, as docs/deploy.md has the operator make one.
echo "multihost-ta-password" | admin staff add "$course" ta1 --name "TA One" --role ta --password-stdin >>"$work/logs/admin.log" 2>&1 \
  || fail "grader admin staff add: $(tail -3 "$work/logs/admin.log")"

start_unit api grader-api.service
start_unit w1 grader-worker@cpu.service
start_unit w2 grader-worker@cpu.service
api_url=http://$(host_ip api):8080
wait_for "the API's /ready from the client" 120 in_ns cl curl -sf "$api_url/ready"
# Students reach the API through Caddy with the shipped Caddyfile (plain HTTP here: no certificate
# can be had offline), where Caddy is installed (scripts/prerequisites.sh installs it).
upload_url=$api_url
if command -v caddy >/dev/null; then
  mkdir -p "$work/caddy"
  ip netns exec "$ns_api" env GRADER_DOMAIN="http://$(host_ip api)" GRADER_CADDY_LOG="$work/logs/caddy-access.log" \
    HOME="$work/caddy" XDG_DATA_HOME="$work/caddy" XDG_CONFIG_HOME="$work/caddy" \
    caddy run --config "$work/api/opt/grader/deploy/caddy/Caddyfile" --adapter caddyfile >"$work/logs/caddy.log" 2>&1 &
  pids+=($!)
  upload_url=http://$(host_ip api)
  wait_for "the API's /ready through Caddy" 60 in_ns cl curl -sf "$upload_url/ready"
  caddy_metrics=$(in_ns cl curl -s -o /dev/null -w '%{http_code}' "$upload_url/metrics")
  [ "$caddy_metrics" = 404 ] || fail "Caddy passed /metrics on ($caddy_metrics), the Caddyfile says 404"
  say "ok: Caddy (deploy/caddy/Caddyfile) in front of the API; /metrics not passed on"
else
  say "caddy is not installed: uploads go to the API directly"
fi
wait_for "w1's metrics" 120 in_ns cl curl -sf "http://$(host_ip w1):9464/metrics"
wait_for "w2's metrics" 120 in_ns cl curl -sf "http://$(host_ip w2):9464/metrics"
say "API and both workers up (units run by run-unit.sh)"

# Expected marks: `grader grade` on this machine, no service involved.
mapfile -t answer_files < <(ls "$repo/reference/$assignment"/*.yaml | grep -v cases.yaml)
declare -A expected_total
for f in "${answer_files[@]}"; do
  expected_total[$(basename "$f")]=$("$grader_local" grade "$repo/rubrics/$assignment.yaml" "$f" --json | grep -m1 '"total"' | tr -dc '0-9.')
done

# --- the uploads: one curl per submission, the same Idempotency-Key on every retry ------------
cat >"$work/upload.sh" <<'UPLOAD'
#!/usr/bin/env bash
# upload.sh N TOKEN FILE URL OUT: one submission. Like `grader submit`: a connection error, a 5xx
# or a 429 is retried after a second with the same Idempotency-Key (at most 60 tries); another
# answer ends it. Writes "N ID FILE TRIES" (or "N FAILED FILE STATUS") to OUT.
n=$1 token=$2 file=$3 url=$4 out=$5
key=mh-$n-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
for try in $(seq 1 60); do
  status=$(curl -sS -o "$out.$n" -w '%{http_code}' --max-time 20 -H "Authorization: Bearer $token" -H "Idempotency-Key: $key" \
    -F "answers=@$file;type=application/yaml" "$url/api/v1/assignments/ai6126-hw1/submissions" 2>/dev/null)
  case $status in
    200|201|202)
      id=$(grep -o '"id":"[0-9a-f-]*"' "$out.$n" | head -n 1 | cut -d'"' -f4)
      rm -f "$out.$n"
      echo "$n $id $(basename "$file") $try" >>"$out"
      sleep 0.4 # spreads the uploads over the disruptions (pacing, not waiting on a result)
      exit 0 ;;
    000|5*|429) sleep 1 ;;
    *) echo "$n FAILED $(basename "$file") $status $(head -c 300 "$out.$n")" >>"$out"; exit 0 ;;
  esac
done
echo "$n FAILED $(basename "$file") gave-up" >>"$out"
UPLOAD
for i in $(seq 1 "$submissions"); do
  echo "$i ${tokens[$(( (i - 1) % students ))]} ${answer_files[$(( (i - 1) % ${#answer_files[@]} ))]}"
done >"$work/plan.txt"
: >"$work/uploaded.txt"
in_ns cl bash -c "xargs -P 4 -L 1 bash '$work/upload.sh' < <(awk '{print \$1, \$2, \$3, \"$upload_url\", \"$work/uploaded.txt\"}' '$work/plan.txt')" \
  >"$work/logs/uploads.log" 2>&1 &
uploader=$!
pids+=($uploader)
uploaded() { wc -l <"$work/uploaded.txt"; }
uploaded_at_least() {
  if grep -q FAILED "$work/uploaded.txt"; then fail "an upload was refused: $(grep -m 1 FAILED "$work/uploaded.txt")"; fi
  [ "$(uploaded)" -ge "$1" ]
}
wait_for "the first 40 uploads" 120 uploaded_at_least 40

# --- 1. w2's link cut in the middle of its jobs ----------------------------------------------
# A lock on grading_runs holds every worker's completing transaction (the claim, marks and
# grading run commit together), so w2 is certainly mid-job when its link goes down.
w2_blocked() { [ "$(psql_db -c "SELECT count(*) FROM pg_stat_activity a WHERE a.wait_event_type = 'Lock' AND client_addr = '$(host_ip w2)'")" -ge 1 ]; }
stranded=()
for attempt in 1 2 3; do
  say "holding grading_runs locked until w2 is mid-job (try $attempt)"
  in_ns db runuser -u postgres -- env PGAPPNAME=mh-lock psql -X -q -h "$sock" -p 5432 -d grader \
    -c "BEGIN; LOCK TABLE grading_runs IN EXCLUSIVE MODE; SELECT pg_sleep(120);" >/dev/null 2>&1 &
  pids+=($!)
  wait_for "w2 waiting inside a job's transaction" 60 w2_blocked
  ip -n "$ns_net" link set "p${tag}w2" down
  cut_at=$SECONDS
  mapfile -t stranded < <(psql_db -c "SELECT id FROM jobs WHERE state = 'running' AND lease_owner = 'w2' ORDER BY id")
  if [ "${#stranded[@]}" -eq 0 ]; then
    # w2 was waiting, but on jobs it no longer held (a lease that ran out on a starved machine):
    # say what the database saw, and cut again.
    psql_db -c "SELECT client_addr, state, wait_event_type, wait_event, left(query, 100) FROM pg_stat_activity WHERE datname = 'grader'" >&2
  fi
  psql_db -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mh-lock'" >/dev/null
  [ "${#stranded[@]}" -ge 1 ] && break
  ip -n "$ns_net" link set "p${tag}w2" up
done
[ "${#stranded[@]}" -ge 1 ] || fail "w2 held no running job when its link went down, in 3 tries"
say "w2's link down with ${#stranded[@]} jobs in hand (${stranded[*]}); lock released"
ids=$(IFS=,; echo "${stranded[*]}")
taken_over() { [ "$(psql_db -c "SELECT count(*) FROM jobs WHERE id IN ($ids) AND state = 'succeeded' AND lease_owner = 'w1'")" -eq "${#stranded[@]}" ]; }
wait_for "w1 to finish the jobs w2 was cut off with" 150 taken_over
say "w1 took over and finished all ${#stranded[@]} after $((SECONDS - cut_at)) s"
ip -n "$ns_net" link set "p${tag}w2" up
say "w2's link up again"
metric() { # URL NAME-WITH-LABELS: the sample's value (0 when absent)
  in_ns cl curl -sf "$1/metrics" | awk -v name="$2" 'index($0, name " ") == 1 { v = $2 } END { print v + 0 }'
}
w2_refused() { [ "$(metric "http://$(host_ip w2):9464" 'grader_jobs_total{queue="cpu",kind="grade_submission",outcome="lease_lost"}')" -ge 1 ]; }
wait_for "w2's late completion to be refused (lease_lost)" 180 w2_refused
say "w2's late results were refused: lease_lost $(metric "http://$(host_ip w2):9464" 'grader_jobs_total{queue="cpu",kind="grade_submission",outcome="lease_lost"}')"

# --- 2. the API's process restarted -----------------------------------------------------------
say "restarting the API ($(uploaded) uploads so far)"
old_api=$pid_api
[ "$(readlink "/proc/$pid_api/exe")" = "$work/api/opt/grader/grader" ] || fail "process $pid_api is not the API's grader"
kill -TERM "$pid_api"
wait "$pid_api" 2>/dev/null
! kill -0 "$old_api" 2>/dev/null || fail "the API's process $old_api still runs after SIGTERM"
in_ns cl curl -s -o /dev/null "$api_url/ready" && fail "something still answers on the API's port after it stopped"
start_unit api grader-api.service
wait_for "the API's /ready after its restart" 120 in_ns cl curl -sf "$api_url/ready"
api_started_twice() { [ "$(grep -c 'grader: serving on' "$work/logs/api.log")" -eq 2 ]; }
wait_for "the restarted API to say it serves" 60 api_started_twice

# --- 3. PostgreSQL restarted ------------------------------------------------------------------
say "restarting PostgreSQL ($(uploaded) uploads so far)"
start_db restart -m fast || fail "PostgreSQL did not restart"
wait_for "the API's /ready after PostgreSQL's restart" 120 in_ns cl curl -sf "$api_url/ready"

# --- all graded, exactly once ------------------------------------------------------------------
wait "$uploader"
grep -q FAILED "$work/uploaded.txt" && fail "uploads refused or failed after every retry: $(grep FAILED "$work/uploaded.txt" | head -n 3)"
[ "$(uploaded)" -eq "$submissions" ] || fail "$(uploaded) of $submissions uploads answered"
say "all $submissions uploads accepted, in $(awk '{ t += $4 } END { print t }' "$work/uploaded.txt") requests ($(awk '$4 > 1' "$work/uploaded.txt" | wc -l) retried)"
all_graded() { [ "$(psql_db -c "SELECT count(*) FROM submissions WHERE status = 'graded'")" -eq "$submissions" ]; }
wait_for "every submission graded" 180 all_graded

check() { # DESCRIPTION SQL EXPECTED
  local got
  got=$(psql_db -c "$2") || fail "query for '$1' failed"
  [ "$got" = "$3" ] || fail "$1: expected $3, got $got"
  say "ok: $1 ($got)"
}
check "submissions stored (one per upload: retries reused their Idempotency-Key)" "SELECT count(*) FROM submissions" "$submissions"
check "distinct submission ids the client was given" "SELECT $(awk '{print $2}' "$work/uploaded.txt" | sort -u | wc -l)" "$submissions"
check "submissions without exactly one grading run" \
  "SELECT count(*) FROM submissions s WHERE (SELECT count(*) FROM grading_runs r WHERE r.submission_id = s.id) <> 1" 0
check "grading jobs, all succeeded" "SELECT count(*) FILTER (WHERE state = 'succeeded') || '/' || count(*) FROM jobs WHERE kind = 'grade_submission'" "$submissions/$submissions"
check "jobs w2 was cut off with: graded by w1 on a later attempt" \
  "SELECT count(*) FROM jobs j JOIN grading_runs r ON r.job_id = j.id WHERE j.id IN ($ids) AND r.worker = 'w1' AND j.attempts >= 2" "${#stranded[@]}"
items=$(psql_db -c "SELECT count(*) FROM marks WHERE submission_id = (SELECT min(id::text)::uuid FROM submissions)")
check "submissions whose mark count differs from the first's ($items)" \
  "SELECT count(*) FROM submissions s WHERE (SELECT count(*) FROM marks m WHERE m.submission_id = s.id) <> $items" 0
psql_db -c "SELECT s.id, coalesce(sum(m.points), 0) FROM submissions s LEFT JOIN marks m ON m.submission_id = s.id GROUP BY s.id" | tr '|' ' ' >"$work/totals.txt"
for file in "${!expected_total[@]}"; do echo "$file ${expected_total[$file]}"; done >"$work/expected.txt"
# uploaded.txt: N ID FILE TRIES; totals.txt: ID TOTAL; expected.txt: FILE TOTAL.
wrong=$(awk 'FILENAME ~ /expected/ { want[$1] = $2; next } FILENAME ~ /totals/ { got[$1] = $2; next }
  { d = got[$2] - want[$3]; if (!($2 in got) || d > 1e-9 || d < -1e-9) { print "submission " $2 " (" $3 "): total " got[$2] ", grader grade says " want[$3] > "/dev/stderr"; n++ } }
  END { print n + 0 }' "$work/expected.txt" "$work/totals.txt" "$work/uploaded.txt")
[ "$wrong" -eq 0 ] || fail "$wrong submissions' totals differ from grader grade's"
say "ok: every submission's total equals grader grade's for its file"

# --- metrics ------------------------------------------------------------------------------------
api_waiting=$(metric "$api_url" 'grader_queue_jobs{queue="cpu",state="waiting"}')
api_running=$(metric "$api_url" 'grader_queue_jobs{queue="cpu",state="running"}')
db_up=$(metric "$api_url" 'grader_database_up')
[ "$api_waiting" = 0 ] && [ "$api_running" = 0 ] && [ "$db_up" = 1 ] || fail "API metrics after grading: waiting $api_waiting, running $api_running, database_up $db_up"
succeeded=0
for w in w1 w2; do
  s=$(metric "http://$(host_ip $w):9464" 'grader_jobs_total{queue="cpu",kind="grade_submission",outcome="succeeded"}')
  say "$w: $s grading jobs succeeded"
  succeeded=$((succeeded + s))
done
[ "$succeeded" -eq "$submissions" ] || fail "the workers' metrics count $succeeded succeeded grading jobs, the database $submissions"
forbidden=$(in_ns w1 curl -s -o /dev/null -w '%{http_code}' "$api_url/metrics")
[ "$forbidden" = 403 ] || fail "/metrics from w1 (outside GRADER_METRICS_FROM) answered $forbidden, not 403"
in_ns cl curl -sf "$api_url/metrics" | grep -q "Student 1\b" && fail "/metrics shows a student's name"
say "ok: metrics agree (queue empty, $succeeded succeeded across workers), /metrics refused outside its network"

# --- backup and restore --------------------------------------------------------------------------
in_ns api env GRADER_ENV_FILE="$work/api/etc/grader/grader.env" bash "$work/api/opt/grader/deploy/backup/backup.sh" "$work/backups" \
  >"$work/logs/backup.log" 2>&1 || fail "backup.sh: $(cat "$work/logs/backup.log")"
dump=$(tail -n 1 "$work/logs/backup.log")
in_ns db env PGHOST="$sock" PGPORT=5432 bash deploy/backup/restore.sh "$dump" --database grader_restored >"$work/logs/restore.log" 2>&1 \
  || fail "restore.sh: $(cat "$work/logs/restore.log")"
fingerprint="SELECT (SELECT count(*) FROM submissions) || ' ' || (SELECT count(*) FROM marks) || ' ' || (SELECT count(*) FROM grading_runs)
  || ' ' || (SELECT md5(string_agg(encode(sha256, 'hex') || md5(content), ',' ORDER BY sha256)) FROM file_blobs)
  || ' ' || (SELECT md5(string_agg(submission_id::text || item_id || points::text, ',' ORDER BY submission_id, item_id)) FROM marks)"
original=$(psql_db -c "$fingerprint")
restored=$(PSQL_DATABASE=grader_restored psql_db -c "$fingerprint")
[ "$original" = "$restored" ] || fail "the restored database differs: $original against $restored"
say "ok: backup.sh + restore.sh reproduce submissions, marks, grading runs and file blobs ($(grep -o 'restored into.*' "$work/logs/restore.log"))"

say "PASSED: $submissions submissions graded exactly once across a cut worker link, an API restart and a PostgreSQL restart"
