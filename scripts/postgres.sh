#!/usr/bin/env bash
# A private PostgreSQL cluster for development and tests: no system service, no shared state.
#
#   scripts/postgres.sh start [DIR]   install PostgreSQL if missing (Debian package), create the
#                                     cluster in DIR on first use, start it on a free port (the
#                                     previous one if still free) and print its admin connection
#                                     string (the only stdout line)
#   scripts/postgres.sh stop [DIR]    stop it (fast shutdown)
#   scripts/postgres.sh url [DIR]     print the connection string of a running cluster (Npgsql syntax,
#                                     what GRADER_DB takes)
#   scripts/postgres.sh libpq-url [DIR]  the same as a libpq URL (psql, pg_dump: psql "$(... libpq-url)")
#   scripts/postgres.sh psql [DIR] [psql arguments...]  a psql session on it (e.g. -c 'SELECT ...')
#   scripts/postgres.sh status [DIR]
#
# DIR defaults to $GRADER_PG_DIR or .data/postgres. Inside it: cluster/ (PGDATA), socket/,
# log, port and password. The cluster listens on 127.0.0.1 only, with a generated password
# (scram-sha-256); the unix socket accepts only the OS user that owns the cluster.
# Environment: GRADER_PG_FSYNC=off for disposable clusters (tests), GRADER_PG_MAX_CONNECTIONS,
# GRADER_PG_OPTIONS for more server settings (e.g. "-c shared_preload_libraries=pg_stat_statements").
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:-start}
# psql's own arguments may follow DIR, or come at once (DIR defaulted) when the second word is an option.
if [ -n "${2:-}" ] && [ "${2#-}" = "$2" ]; then dir=$2; shift 2; else dir=${GRADER_PG_DIR:-.data/postgres}; shift $(( $# > 0 ? 1 : 0 )); fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
say() { echo "postgres.sh: $*" >&2; }

# As root the cluster runs as the 'postgres' OS user, who may not be able to reach DIR (a
# checkout under /root, say): then the cluster lives in /var/tmp, in a folder named after DIR.
if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
  dir=/var/tmp/grader-pg-$(echo -n "$dir" | sha256sum | cut -c1-12)
  mkdir -p "$dir"
  chmod 755 "$dir"
fi
pgdata=$dir/cluster
log=$dir/log

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ] && [ -x "$found/pg_ctl" ]; then echo "$found"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  return 1
}

install_postgres() {
  say "PostgreSQL not found; installing the Debian package"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2
  # The package's own cluster is not used: policy-rc.d keeps it from being started where it can.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
}

bin=$(find_bin || { install_postgres; find_bin; }) || { say "no PostgreSQL binaries after install"; exit 2; }

# PostgreSQL refuses to run as root: as root, the cluster belongs to the 'postgres' OS user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Unix socket paths are limited to ~107 bytes: fall back to a short per-cluster folder in /tmp.
socket_dir() {
  local s=$dir/socket
  if [ ${#s} -gt 80 ]; then s=/tmp/grader-pg-$(echo -n "$dir" | sha256sum | cut -c1-12); fi
  echo "$s"
}

# A restarted cluster keeps the port it had when that port is still free, so connection strings
# that clients hold (a server under test, a developer's shell) stay valid across a restart.
previous_port() {
  local port
  port=$(cat "$dir/port" 2>/dev/null) || return 1
  [[ "$port" =~ ^[0-9]+$ ]] || return 1
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 1; fi
  echo "$port"
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  say "no free port found"; exit 2
}

url() {
  echo "Host=127.0.0.1;Port=$(cat "$dir/port");Username=grader;Password=$(cat "$dir/password");Database=postgres"
}

# The same address for libpq clients; the generated password is [A-Za-z0-9], safe in a URL as it is.
libpq_url() {
  echo "postgresql://grader:$(cat "$dir/password")@127.0.0.1:$(cat "$dir/port")/postgres"
}

running() { [ -f "$pgdata/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; }

create_cluster() {
  say "creating a cluster in $pgdata"
  head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$dir/password"
  chmod 600 "$dir/password"
  mkdir -p "$pgdata"
  local pwfile
  pwfile=$(mktemp)
  cp "$dir/password" "$pwfile"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$pgdata" "$pwfile"; fi
  chmod 700 "$pgdata"
  as_owner "$bin/initdb" -D "$pgdata" -U grader --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
    || { rm -f "$pwfile"; cat "$dir/initdb.log" >&2; exit 2; }
  rm -f "$pwfile"
}

start() {
  if running; then url; return; fi
  [ -f "$pgdata/PG_VERSION" ] || create_cluster
  local sock port
  sock=$(socket_dir)
  port=$(previous_port || free_port)
  echo "$port" > "$dir/port"
  mkdir -p "$sock"
  touch "$log"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$sock" "$log"; fi
  local options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$sock"
  options+=" -c max_connections=${GRADER_PG_MAX_CONNECTIONS:-300} -c shared_buffers=128MB"
  if [ "${GRADER_PG_FSYNC:-on}" = "off" ]; then
    options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  options+=" ${GRADER_PG_OPTIONS:-}"
  as_owner "$bin/pg_ctl" -D "$pgdata" -l "$log" -o "$options" -w -t 60 start >&2 \
    || { tail -n 30 "$log" >&2; exit 2; }
  url
}

stop() {
  if running; then as_owner "$bin/pg_ctl" -D "$pgdata" -m fast -w stop >&2; else say "not running"; fi
}

case "$action" in
  start) start ;;
  stop) stop ;;
  url) running && url || { say "not running"; exit 1; } ;;
  libpq-url) running && libpq_url || { say "not running"; exit 1; } ;;
  psql) running || { say "not running"; exit 1; }; exec "$bin/psql" "$(libpq_url)" "$@" ;;
  status) if running; then say "running on port $(cat "$dir/port")"; else say "stopped"; exit 1; fi ;;
  *) say "usage: scripts/postgres.sh start|stop|url|libpq-url|psql|status [DIR]"; exit 2 ;;
esac
