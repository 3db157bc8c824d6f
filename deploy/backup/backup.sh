#!/usr/bin/env bash
# A consistent backup of Grader's database: everything, the uploaded files included (they are
# rows of file_blobs, content-addressed), in pg_dump's custom format (compressed; restore.sh reads
# it). Runs on any machine that can connect as grader (the API machine, from cron or a timer),
# while the service runs: pg_dump reads one snapshot.
#
#   deploy/backup/backup.sh DIR [--keep N]     writes DIR/grader-<UTC time>.dump (+ .sha256)
#
# The connection: $GRADER_DB (Npgsql syntax) or the one in /etc/grader/grader.env; --keep N
# removes all but the newest N dumps (default 14). Exit status non-zero when anything failed
# (a half-written dump is removed). Restore it with deploy/backup/restore.sh on the database
# machine; /etc/grader (settings, secrets) is backed up with the machine, not here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
say() { echo "backup.sh: $*" >&2; }
dir=${1:?usage: backup.sh DIR [--keep N]}
keep=14
[ "${2:-}" = "--keep" ] && keep=${3:?--keep takes a number}

# shellcheck source=deploy/backup/pgenv.sh
. "$here/pgenv.sh"
load_grader_db

mkdir -p "$dir"
name=grader-$(date -u +%Y%m%dT%H%M%SZ).dump
tmp=$dir/.$name.partial
trap 'rm -f "$tmp"' EXIT
started=$SECONDS
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$tmp"
mv "$tmp" "$dir/$name"
(cd "$dir" && sha256sum "$name" >"$name.sha256")
say "wrote $dir/$name ($(du -h "$dir/$name" | cut -f1), $((SECONDS - started)) s)"
# Retention: the newest $keep dumps stay.
ls -1 "$dir"/grader-*.dump 2>/dev/null | sort | head -n -"$keep" | while read -r old; do rm -f "$old" "$old.sha256"; done
echo "$dir/$name"
