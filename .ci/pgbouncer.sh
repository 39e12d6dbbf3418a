#!/usr/bin/env bash
# Starts (or finds running) PgBouncer in transaction pooling mode in front of the local
# PostgreSQL (127.0.0.1:5432), on 127.0.0.1:6439, and prints its JDBC URL. Any database name is
# passed through. PgBouncer refuses to run as root, so it runs as postgres.
set -euo pipefail

dir=${KOLDY_PGBOUNCER_DIR:-/var/tmp/koldy-pgbouncer}
port=6439

if psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc "SELECT 1" >/dev/null 2>&1; then
  echo "jdbc:postgresql://127.0.0.1:$port/koldy_test?user=postgres"
  exit 0
fi

if ! command -v pgbouncer >/dev/null 2>&1; then
  echo ".ci/pgbouncer.sh: installing pgbouncer" >&2
  apt-get install -y -q pgbouncer >/dev/null || { apt-get update -q && apt-get install -y -q pgbouncer >/dev/null; }
fi

mkdir -p "$dir"
cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir = $dir
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 200
default_pool_size = 20
; pgjdbc sends these at start-up; PgBouncer cannot keep session settings in transaction mode
ignore_startup_parameters = extra_float_digits,search_path
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
echo '"postgres" ""' > "$dir/userlist.txt"
chown -R postgres "$dir"
echo ".ci/pgbouncer.sh: starting PgBouncer (transaction pooling) on port $port" >&2
su postgres -s /bin/sh -c "pgbouncer -d '$dir/pgbouncer.ini'"
for _ in $(seq 1 30); do
  if psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc "SELECT 1" >/dev/null 2>&1; then
    echo "jdbc:postgresql://127.0.0.1:$port/koldy_test?user=postgres"
    exit 0
  fi
  sleep 1
done
echo ".ci/pgbouncer.sh: PgBouncer did not come up; see $dir/pgbouncer.log" >&2
exit 1
