#!/usr/bin/env bash
# Restores a dump made by backup.sh into the grader database, replacing what is there. On the
# database machine, as root, with the API and every worker stopped (it refuses while another
# session uses the database, unless --force):
#
#   deploy/backup/restore.sh FILE.dump [--database NAME] [--force]
#
# It checks the dump's .sha256 when present, drops and re-creates the database (owner grader),
# restores into it as the grader role, and prints the counts of submissions, marks and files.
# --database NAME restores into another database (a rehearsal, or to copy one submission's
# marks back by hand) and leaves grader alone. Start the services afterwards: they migrate the
# schema forward if the dump is from an older version.
set -euo pipefail
say() { echo "restore.sh: $*" >&2; }
file=${1:?usage: restore.sh FILE.dump [--database NAME] [--force]}
shift
database=grader force=0
while [ $# -gt 0 ]; do
  case $1 in
    --database) database=$2; shift 2 ;;
    --force) force=1; shift ;;
    *) say "unknown option $1"; exit 2 ;;
  esac
done
[ -r "$file" ] || { say "cannot read $file"; exit 2; }
[[ $database =~ ^[a-z_][a-z0-9_]*$ ]] || { say "--database: lower-case letters, digits and _ only"; exit 2; }
if [ -f "$file.sha256" ]; then
  (cd "$(dirname "$file")" && sha256sum --check --quiet "$(basename "$file").sha256") || { say "$file does not match its .sha256"; exit 1; }
fi
# Copied where the postgres user can read it.
copy=$(mktemp /tmp/grader-restore.XXXXXX)
trap 'rm -f "$copy"' EXIT
cp "$file" "$copy"
chmod 0644 "$copy"

as_postgres() { runuser -u postgres -- "$@"; }
others=$(as_postgres psql -X -At -d postgres -v db="$database" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$database' AND pid <> pg_backend_pid()")
if [ "$others" -gt 0 ] && [ "$force" -eq 0 ]; then
  say "$others sessions use $database: stop grader-api and the workers first (or --force ends them)"
  exit 1
fi
as_postgres psql -X -q -v ON_ERROR_STOP=1 -d postgres <<SQL
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$database' AND pid <> pg_backend_pid();
DROP DATABASE IF EXISTS "$database";
CREATE DATABASE "$database" OWNER grader ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE "$database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE "$database" TO grader;
SQL
started=$SECONDS
as_postgres pg_restore --exit-on-error --no-owner --no-privileges --role=grader --dbname="$database" "$copy"
as_postgres psql -X -At -d "$database" -c "SELECT format('restored into %s in %s s: %s submissions, %s marks, %s files (%s)', current_database(), $((SECONDS - started)),
  (SELECT count(*) FROM submissions), (SELECT count(*) FROM marks), (SELECT count(*) FROM file_blobs),
  pg_size_pretty(coalesce((SELECT sum(size) FROM file_blobs), 0)))" >&2
