#!/usr/bin/env bash
# Prepares PostgreSQL for Grader on the database machine, as root, after `apt-get install
# postgresql` (Debian's cluster; any cluster psql reaches as the postgres user, e.g. with
# PGHOST/PGPORT set, works the same). Safe to run again: it converges.
#
#   deploy/postgres/setup.sh --clients 10.0.0.0/24 --listen 10.0.0.2 [options]
#
#   --clients CIDR[,CIDR]    networks of the API and worker machines (pg_hba.conf; nothing else
#                            may connect as grader over the network)
#   --listen ADDR[,ADDR]     addresses PostgreSQL listens on (default: localhost and all
#                            addresses: '*'; give the internal one)
#   --max-connections N      server-wide limit (default 200; docs/deploy.md, "Sizing")
#   --role-limit N           connections the grader role may hold (default max - 20: room for
#                            backups, psql and the superuser's reserved slots)
#   --idle-in-transaction S  a session idle inside a transaction this long is ended, so a worker
#                            whose link died mid-transaction releases its row locks (default 30s,
#                            the workers' lease)
#   --password-file FILE     the grader role's password (default: generated, kept in
#                            /etc/grader/db-password, mode 0600)
#   --no-restart             do not restart PostgreSQL (listen_addresses and max_connections
#                            apply after a restart; the rest is reloaded)
#
# It creates the role grader (LOGIN, CONNECTION LIMIT) and the database grader owned by it,
# closes the database to other roles, sets the server settings below with ALTER SYSTEM
# (postgresql.auto.conf), writes its block of pg_hba.conf (hostssl when the server has SSL on,
# scram-sha-256), reloads, and prints the GRADER_DB connection string as its last line.
set -euo pipefail
say() { echo "setup.sh: $*" >&2; }
clients="" listen="*" max_connections=200 role_limit="" idle_tx=30s password_file="" restart=1
while [ $# -gt 0 ]; do
  case $1 in
    --clients) clients=$2; shift 2 ;;
    --listen) listen=$2; shift 2 ;;
    --max-connections) max_connections=$2; shift 2 ;;
    --role-limit) role_limit=$2; shift 2 ;;
    --idle-in-transaction) idle_tx=$2; shift 2 ;;
    --password-file) password_file=$2; shift 2 ;;
    --no-restart) restart=0; shift ;;
    *) say "unknown option $1"; exit 2 ;;
  esac
done
[ -n "$clients" ] || { say "--clients is required (the API's and workers' network)"; exit 2; }
[[ $max_connections =~ ^[0-9]+$ ]] || { say "--max-connections takes a number"; exit 2; }
role_limit=${role_limit:-$((max_connections - 20))}
[[ $role_limit =~ ^[0-9]+$ ]] && [ "$role_limit" -gt 0 ] || { say "--role-limit must be a positive number"; exit 2; }

if [ -n "$password_file" ]; then
  password=$(head -n 1 "$password_file")
else
  install -d -m 0750 /etc/grader
  if [ ! -s /etc/grader/db-password ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >/etc/grader/db-password)
    say "generated the grader role's password in /etc/grader/db-password"
  fi
  password=$(head -n 1 /etc/grader/db-password)
fi

psql_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }
psql_admin -v password="$password" -v role_limit="$role_limit" -v idle_tx="$idle_tx" \
  -v listen="$listen" -v max_connections="$max_connections" <<'SQL'
SELECT 'CREATE ROLE grader LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'grader') \gexec
SET password_encryption = 'scram-sha-256';
ALTER ROLE grader WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password' CONNECTION LIMIT :role_limit;
SELECT 'CREATE DATABASE grader OWNER grader ENCODING ''UTF8'' TEMPLATE template0' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'grader') \gexec
REVOKE ALL ON DATABASE grader FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE grader TO grader;
-- A worker cut off inside a transaction holds row locks that SKIP LOCKED makes the others pass
-- over: end such sessions after about a lease. Only for this role.
ALTER ROLE grader SET idle_in_transaction_session_timeout = :'idle_tx';
ALTER SYSTEM SET listen_addresses = :'listen';
ALTER SYSTEM SET max_connections = :'max_connections';
ALTER SYSTEM SET password_encryption = 'scram-sha-256';
-- Notice a client machine that vanished (power, link) in about a minute, not the kernel's
-- default two hours: its connections and locks are freed.
ALTER SYSTEM SET tcp_keepalives_idle = 30;
ALTER SYSTEM SET tcp_keepalives_interval = 10;
ALTER SYSTEM SET tcp_keepalives_count = 3;
ALTER SYSTEM SET tcp_user_timeout = '60s';
SQL

hba=$(psql_admin -At -c "SHOW hba_file")
ssl=$(psql_admin -At -c "SHOW ssl")
kind=host
[ "$ssl" = on ] && kind=hostssl
block=$(mktemp)
{
  echo "# BEGIN grader (deploy/postgres/setup.sh; rewritten when it runs)"
  IFS=',' read -r -a networks <<<"$clients"
  for network in "${networks[@]}"; do
    network=${network// /}
    [[ $network == */* ]] || network=$network/32
    echo "$kind grader grader $network scram-sha-256"
  done
  echo "# END grader"
} >"$block"
# Drop the previous block, then put ours first, ahead of any broader line that would match.
awk '/^# BEGIN grader /{skip=1} !skip{print} /^# END grader$/{skip=0}' "$hba" >"$hba.grader-new"
cat "$block" "$hba.grader-new" >"$hba.grader-tmp"
rm -f "$hba.grader-new" "$block"
chown --reference="$hba" "$hba.grader-tmp"
chmod --reference="$hba" "$hba.grader-tmp"
mv "$hba.grader-tmp" "$hba"
psql_admin -At -c "SELECT pg_reload_conf()" >/dev/null
say "pg_hba.conf: $kind grader grader from $clients (scram-sha-256)"

pending=$(psql_admin -At -c "SELECT string_agg(name, ', ') FROM pg_settings WHERE pending_restart")
if [ -n "$pending" ]; then
  if [ "$restart" -eq 1 ] && [ -d /run/systemd/system ]; then
    say "restarting PostgreSQL for: $pending"
    systemctl restart postgresql
  else
    say "restart PostgreSQL for these to apply: $pending"
  fi
fi

port=$(psql_admin -At -c "SHOW port")
host=${listen%%,*}
[ "$host" = "*" ] && host=$(hostname -f)
ssl_mode=Prefer
[ "$ssl" = on ] && ssl_mode=Require
echo "Host=$host;Port=$port;Database=grader;Username=grader;Password=$password;SSL Mode=$ssl_mode;Keepalive=30;Timeout=10"
