#!/usr/bin/env bash
# Starts (or finds running) a 3-node MariaDB Galera cluster on loopback for the tests, and prints
# the nodes' JDBC URLs, comma-separated. Nodes listen on 3311-3313; their files live under
# ${KOLDY_GALERA_DIR:-/var/tmp/koldy-galera}. Needs galera-4 and rsync (the state transfer).
set -euo pipefail

base=${KOLDY_GALERA_DIR:-/var/tmp/koldy-galera}
ports=(3311 3312 3313)
gcomm=(4567 4577 4587)
sst=(4444 4454 4464)
address="gcomm://127.0.0.1:${gcomm[0]},127.0.0.1:${gcomm[1]},127.0.0.1:${gcomm[2]}"

ready() { # ready <port>: the node answers and has joined the cluster
  [ "$(mariadb -h 127.0.0.1 -P "$1" -uroot -N -e "SHOW STATUS LIKE 'wsrep_ready'" 2>/dev/null | cut -f2)" = ON ]
}

wait_ready() {
  for _ in $(seq 1 120); do
    if ready "$1"; then return 0; fi
    sleep 1
  done
  echo ".ci/galera.sh: node on port $1 did not join; see $base/node$2/error.log" >&2
  tail -n 30 "$base/node$2/error.log" >&2 || true
  return 1
}

# The node runs detached, with none of this script's descriptors: the caller reads this script's
# output with $(...), which waits until every holder of the pipe has closed it.
start_node() { # start_node <n> [option]
  (cd / && exec setsid mariadbd --defaults-file="$base/node$1/my.cnf" "${@:2}") </dev/null >/dev/null 2>&1 &
}

urls() {
  local out=()
  for port in "${ports[@]}"; do out+=("jdbc:mysql://127.0.0.1:$port/koldy_test?user=root"); done
  (IFS=,; echo "${out[*]}")
}

all_ready=1
for port in "${ports[@]}"; do ready "$port" || all_ready=0; done
if [ "$all_ready" = 1 ]; then
  mariadb -h 127.0.0.1 -P "${ports[0]}" -uroot -e "CREATE DATABASE IF NOT EXISTS koldy_test"
  urls
  exit 0
fi

for package in galera-4 rsync; do
  if ! dpkg -s "$package" >/dev/null 2>&1; then
    echo ".ci/galera.sh: installing $package" >&2
    apt-get install -y -q "$package" >/dev/null || { apt-get update -q && apt-get install -y -q "$package" >/dev/null; }
  fi
done

for i in 0 1 2; do
  n=$((i + 1))
  dir="$base/node$n"
  if [ -f "$dir/mysqld.pid" ] && kill -0 "$(cat "$dir/mysqld.pid")" 2>/dev/null; then
    kill "$(cat "$dir/mysqld.pid")" || true
    sleep 2
  fi
  rm -rf "$dir"
  mkdir -p "$dir/data"
  cat > "$dir/my.cnf" <<CNF
[mysqld]
user=mysql
datadir=$dir/data
socket=$dir/mysqld.sock
pid-file=$dir/mysqld.pid
log-error=$dir/error.log
port=${ports[$i]}
bind-address=127.0.0.1
innodb_buffer_pool_size=32M
innodb_log_file_size=16M
performance_schema=OFF
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=/usr/lib/galera/libgalera_smm.so
wsrep_cluster_name=koldy_test
wsrep_cluster_address=$address
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:${gcomm[$i]}
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:${gcomm[$i]};ist.recv_addr=127.0.0.1:$((gcomm[$i] + 1));gcache.size=32M"
wsrep_sst_receive_address=127.0.0.1:${sst[$i]}
wsrep_sst_method=rsync
CNF
  chown -R mysql:mysql "$dir"
  mariadb-install-db --defaults-file="$dir/my.cnf" --user=mysql --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/install.log" 2>&1
done

echo ".ci/galera.sh: starting a 3-node Galera cluster on ports ${ports[*]}" >&2
start_node 1 --wsrep-new-cluster
wait_ready "${ports[0]}" 1
for i in 1 2; do
  start_node $((i + 1))
  wait_ready "${ports[$i]}" $((i + 1))
done
mariadb -h 127.0.0.1 -P "${ports[0]}" -uroot -e "CREATE DATABASE IF NOT EXISTS koldy_test"
urls
