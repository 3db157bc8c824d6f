# Turns Grader's Npgsql connection string ($GRADER_DB, else GRADER_DB in /etc/grader/grader.env)
# into the PG* variables pg_dump and psql read. Sourced by backup.sh and restore.sh.
load_grader_db() {
  local conn=${GRADER_DB:-} pair key value
  if [ -z "$conn" ] && [ -r "${GRADER_ENV_FILE:-/etc/grader/grader.env}" ]; then
    # shellcheck source=deploy/envfile.sh
    . "$(dirname "${BASH_SOURCE[0]}")/../envfile.sh"
    local settings=() entry
    read_env_file "${GRADER_ENV_FILE:-/etc/grader/grader.env}" settings
    for entry in "${settings[@]}"; do [[ $entry == GRADER_DB=* ]] && conn=${entry#GRADER_DB=}; done
  fi
  [ -n "$conn" ] || { echo "no connection: set GRADER_DB or GRADER_DB in /etc/grader/grader.env" >&2; return 2; }
  IFS=';' read -r -a pairs <<<"$conn"
  for pair in "${pairs[@]}"; do
    key=$(echo "${pair%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
    value=${pair#*=}
    case $key in
      host|server) export PGHOST=$value ;;
      port) export PGPORT=$value ;;
      database|db) export PGDATABASE=$value ;;
      username|userid|userid|user) export PGUSER=$value ;;
      password|pwd) export PGPASSWORD=$value ;;
      sslmode) export PGSSLMODE=$(echo "$value" | tr '[:upper:]' '[:lower:]') ;;
    esac
  done
}
