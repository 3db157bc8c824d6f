#!/usr/bin/env bash
# Runs one of Grader's systemd units the way systemd would start it, for a machine without
# systemd (a container) and for the multi-host test (deploy/test/multihost.sh), so that what
# is tested is the units' own ExecStart, Environment, EnvironmentFile and User lines:
#
#   deploy/run-unit.sh [--root DIR] UNIT       e.g. grader-api.service, grader-worker@cpu.service
#
# It reads UNIT from DIR/etc/systemd/system (template grader-worker@.service for an instance)
# and its drop-ins (UNIT.d/*.conf, and for an instance the template's), sets the environment
# from Environment= then the EnvironmentFile= files in order (a '-' file may be missing), and
# execs ExecStart's command (the process keeps this PID) as User= (when that user exists here,
# else nobody) with no new privileges. %i, %C and %% are expanded. Absolute paths in
# EnvironmentFile= and in ExecStart's program are looked up under DIR (an installation made with
# deploy/install.sh --root DIR). Not applied: the sandboxing and resource lines (systemd's
# job), Restart= (the caller restarts), StateDirectory= (DIR/var/lib/grader is made here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/envfile.sh"

root=""
if [ "${1:-}" = "--root" ]; then root=${2%/}; shift 2; fi
unit=${1:?usage: run-unit.sh [--root DIR] UNIT}
say() { echo "run-unit.sh: $*" >&2; }

dir=$root/etc/systemd/system
name=${unit%.service}
instance=""
files=()
if [[ $name == *@* ]]; then
  instance=${name#*@}
  template=${name%%@*}@.service
  if [ -f "$dir/$name.service" ]; then files+=("$dir/$name.service"); else files+=("$dir/$template"); fi
  for d in "$dir/$template.d" "$dir/$name.service.d"; do
    [ -d "$d" ] && for f in "$d"/*.conf; do [ -f "$f" ] && files+=("$f"); done
  done
else
  files+=("$dir/$name.service")
  [ -d "$dir/$name.service.d" ] && for f in "$dir/$name.service.d"/*.conf; do [ -f "$f" ] && files+=("$f"); done
fi
[ -f "${files[0]}" ] || { say "no unit ${files[0]}"; exit 2; }

expand() {
  local s=$1
  s=${s//%%/$'\x01'}
  s=${s//%i/$instance}
  s=${s//%C//var/cache}
  s=${s//$'\x01'/%}
  printf '%s' "$s"
}

environment=()
env_files=()
exec_start=""
user=""
working_dir=""
for f in "${files[@]}"; do
  section=""
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line#"${line%%[![:space:]]*}"}
    [[ -z $line || $line == \#* || $line == \;* ]] && continue
    if [[ $line == \[*\] ]]; then section=$line; continue; fi
    [ "$section" = "[Service]" ] || continue
    key=${line%%=*}
    value=$(expand "${line#*=}")
    case $key in
      Environment) for pair in $value; do environment+=("$pair"); done ;;
      EnvironmentFile) env_files+=("$value") ;;
      ExecStart) exec_start=$value ;;
      User) user=$value ;;
      WorkingDirectory) working_dir=$value ;;
    esac
  done <"$f"
done
[ -n "$exec_start" ] || { say "$unit has no ExecStart"; exit 2; }

for file in "${env_files[@]}"; do
  optional=0
  if [[ $file == -* ]]; then optional=1; file=${file#-}; fi
  if [ -f "$root$file" ]; then
    read_env_file "$root$file" environment
  elif [ "$optional" -eq 0 ]; then
    say "$unit: EnvironmentFile $root$file is missing"; exit 2
  fi
done

read -r -a command <<<"$exec_start"
command[0]=$root${command[0]}
[ -x "${command[0]}" ] || { say "$unit: ${command[0]} is not executable"; exit 2; }

run_as=${user:-root}
if ! id "$run_as" >/dev/null 2>&1; then run_as=nobody; fi
home=$(getent passwd "$run_as" | cut -d: -f6)
mkdir -p "$root/var/lib/grader" "$root/var/cache/grader"
[ "$run_as" = root ] || chown "$run_as" "$root/var/lib/grader" "$root/var/cache/grader"
cd "${working_dir:+$root$working_dir}" 2>/dev/null || cd /

say "$unit: ${command[*]} as $run_as"
exec setpriv --reuid="$run_as" --regid="$(id -g "$run_as")" --init-groups --no-new-privs -- \
  env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="${home:-/}" USER="$run_as" "${environment[@]}" "${command[@]}"
