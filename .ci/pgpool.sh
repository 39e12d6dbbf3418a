#!/usr/bin/env bash
# Starts (or finds running) a read/write-splitting deployment of our own: a PostgreSQL primary on
# port 5441, a streaming replica on 5442 that applies the primary's changes 3 s late, and
# pgpool-II on 9998 sending writes to the primary and load-balanced reads to the replica. Prints
# "<pgpool URL>,<primary URL>". Its files live under ${KOLDY_PGPOOL_DIR:-/var/tmp/koldy-pgpool};
# the local shared server is not touched. Needs postgresql (its binaries) and pgpool2.
set -euo pipefail

base=${KOLDY_PGPOOL_DIR:-/var/tmp/koldy-pgpool}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
primary=5441
replica=5442
pool=9998
urls="jdbc:postgresql://127.0.0.1:$pool/postgres?user=postgres,jdbc:postgresql://127.0.0.1:$primary/postgres?user=postgres"

as_postgres() { su postgres -s /bin/sh -c "$1"; }
answers() { psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; }

if answers "$pool" && answers "$primary" && answers "$replica"; then
  echo "$urls"
  exit 0
fi

if ! command -v pgpool >/dev/null 2>&1; then
  echo ".ci/pgpool.sh: installing pgpool2" >&2
  apt-get install -y -q pgpool2 >/dev/null || { apt-get update -q && apt-get install -y -q pgpool2 >/dev/null; }
fi

echo ".ci/pgpool.sh: starting a primary ($primary), a replica 3 s behind ($replica) and pgpool-II ($pool)" >&2
for dir in primary replica; do
  if [ -f "$base/$dir/postmaster.pid" ]; then as_postgres "$bin/pg_ctl -D '$base/$dir' -m immediate stop" >/dev/null 2>&1 || true; fi
done
if [ -f "$base/pgpool.pid" ]; then kill "$(cat "$base/pgpool.pid")" 2>/dev/null || true; sleep 1; fi
rm -rf "$base"
mkdir -p "$base"
chown postgres "$base"

as_postgres "$bin/initdb -D '$base/primary' -A trust -U postgres >/dev/null"
cat >> "$base/primary/postgresql.conf" <<CONF
port = $primary
listen_addresses = '127.0.0.1'
unix_socket_directories = '$base'
wal_level = replica
max_wal_senders = 5
fsync = off
CONF
as_postgres "$bin/pg_ctl -D '$base/primary' -l '$base/primary.log' -w start >/dev/null"
as_postgres "$bin/pg_basebackup -h 127.0.0.1 -p $primary -U postgres -D '$base/replica' -R -X stream"
cat >> "$base/replica/postgresql.conf" <<CONF
port = $replica
recovery_min_apply_delay = '3s'
hot_standby = on
CONF
as_postgres "$bin/pg_ctl -D '$base/replica' -l '$base/replica.log' -w start >/dev/null"

touch "$base/pcp.conf"
cat > "$base/pgpool.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pool
unix_socket_directories = '$base'
pcp_listen_addresses = ''
pcp_socket_dir = '$base'
pid_file_name = '$base/pgpool.pid'
logdir = '$base'
backend_clustering_mode = 'streaming_replication'
backend_hostname0 = '127.0.0.1'
backend_port0 = $primary
backend_weight0 = 0
backend_flag0 = 'ALWAYS_PRIMARY|DISALLOW_TO_FAILOVER'
backend_hostname1 = '127.0.0.1'
backend_port1 = $replica
backend_weight1 = 1
backend_flag1 = 'DISALLOW_TO_FAILOVER'
load_balance_mode = on
sr_check_period = 0
health_check_period = 0
failover_on_backend_error = off
num_init_children = 16
max_pool = 2
enable_pool_hba = off
CONF
chown postgres "$base"/pgpool.conf "$base"/pcp.conf
(cd / && exec setsid su postgres -s /bin/sh -c "pgpool -n -f '$base/pgpool.conf' -F '$base/pcp.conf' >'$base/pgpool.log' 2>&1") </dev/null >/dev/null 2>&1 &
for _ in $(seq 1 60); do
  if answers "$pool"; then
    echo "$urls"
    exit 0
  fi
  sleep 1
done
echo ".ci/pgpool.sh: pgpool-II did not come up; see $base/pgpool.log" >&2
tail -n 30 "$base/pgpool.log" >&2 || true
exit 1
