#!/usr/bin/env bash
# Many tenants (issue 29): N tenants x 20 migrations, brought up to date by
#   koldy-tenants   one `koldy migrate --tenants --parallel P`
#   floor-fanout    psql, one session per tenant running the same 20 migrations (each in its own
#                   transaction with one history row, as a migration tool must), P at a time
#   koldy-loop      one `koldy --tenant T migrate` per tenant, one after another: what teams do by
#                   hand today; measured on LOOP tenants (default 100) and scaled to N, since a
#                   loop's time is the sum of its runs
#   koldy-tenants-nothing-pending   the same command again with everything executed
# A tenant is a PostgreSQL schema (DATABASE=postgresql, the default), a MariaDB database
# (DATABASE=mariadb) or a SQLite file (DATABASE=sqlite); the floor's client is psql, mariadb or sqlite3.
# each on fresh schemas, interleaved, RUNS rounds; prints medians and peak RSS, writes $OUT.
#
#   bench/tenants.sh                              # N = 200 and 2000, 3 runs
#   RUNS=1 SIZES=200 bench/tenants.sh
#   DATABASE=mariadb RUNS=1 SIZES=200 OUT=bench/results-tenants-mariadb.md bench/tenants.sh
#
# Needs what .ci/run provides (PostgreSQL at 127.0.0.1:5432, user postgres; MariaDB at
# 127.0.0.1:3306, root) and GNU time. PostgreSQL: the database koldy_tenants_bench is dropped and
# recreated; MariaDB: the databases kbt_00001 ... are.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

RUNS=${RUNS:-3}
SIZES=${SIZES:-"200 2000"}
PARALLEL=${PARALLEL:-4}
LOOP=${LOOP:-100}
MIGRATIONS=${MIGRATIONS:-20}
OUT=${OUT:-bench/results-tenants.md}
DATABASE=${DATABASE:-postgresql}
DB=koldy_tenants_bench
WORK=$(mktemp -d "${TMPDIR:-/tmp}/koldy-tenants.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
psql_() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
mariadb_() { mariadb -h 127.0.0.1 -u root "$@"; }
log() { printf '%s\n' "$*" >&2; }

# ---- where tenants live, per database: the configuration, fresh(n), the floor for one tenant ----
case $DATABASE in
  postgresql)
    PREFIX=t_
    URL="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres"
    CONFIG="default.url = $URL
tenants.url = $URL&currentSchema={tenant}
tenants.pattern = t%"
    SERIAL="bigserial primary key"; NOW="now()"
    fresh() { # fresh <n>: a database with n empty tenant schemas t_00001 ...
      psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
      psql_ -d "$DB" -c "DO \$\$ BEGIN FOR g IN 1..$1 LOOP EXECUTE format('CREATE SCHEMA t_%s', lpad(g::text, 5, '0')); END LOOP; END \$\$"
    }
    floor_one() { psql -h 127.0.0.1 -U postgres -d "$DB" -q -v ON_ERROR_STOP=1 -c "SET search_path = $1" -f "$WORK/floor.sql"; }
    drop_all() { psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"; }
    VERSION="PostgreSQL $(psql_ -d postgres -tAc 'SHOW server_version' | cut -d ' ' -f 1); a schema per tenant"
    ;;
  mariadb)
    PREFIX=kbt_
    CONFIG="default.url = jdbc:mysql://127.0.0.1:3306/$DB?user=root
tenants.url = jdbc:mysql://127.0.0.1:3306/{tenant}?user=root
tenants.pattern = kbt%"
    SERIAL="bigint auto_increment primary key"; NOW="now()"
    drop_all() {
      mariadb_ -N -e "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'kbt\\_%'" |
        while read -r d; do echo "DROP DATABASE \`$d\`;"; done | mariadb_
      mariadb_ -e "DROP DATABASE IF EXISTS $DB"
    }
    fresh() { drop_all; { echo "CREATE DATABASE $DB;"; for g in $(seq -f '%05g' 1 "$1"); do echo "CREATE DATABASE kbt_$g;"; done; } | mariadb_; }
    floor_one() { mariadb_ "$1" < "$WORK/floor.sql"; }
    VERSION="MariaDB $(mariadb_ -N -e 'SELECT VERSION()' | cut -d - -f 1); a database per tenant"
    ;;
  sqlite)
    PREFIX=t_
    CONFIG="default.url = jdbc:sqlite:storage/koldy.sqlite
tenants.url = jdbc:sqlite:$WORK/tenants/{tenant}.sqlite
tenants.pattern = t%"
    SERIAL="integer primary key autoincrement"; NOW="datetime('now')"
    fresh() { # n empty files: an empty file is an empty SQLite database, which the pattern finds
      rm -rf "$WORK/tenants"; mkdir -p "$WORK/tenants"
      for g in $(seq -f '%05g' 1 "$1"); do : > "$WORK/tenants/t_$g.sqlite"; done
    }
    floor_one() { sqlite3 -bail "$WORK/tenants/$1.sqlite" < "$WORK/floor.sql"; }
    drop_all() { rm -rf "$WORK/tenants"; }
    VERSION="SQLite $(sqlite3 --version | cut -d ' ' -f 1); a file per tenant"
    ;;
  *) log "DATABASE is postgresql, mariadb or sqlite, not $DATABASE"; exit 2 ;;
esac
export -f floor_one mariadb_ 2>/dev/null || true
export DB WORK

./koldy --version >/dev/null

# ---- the project: tenants' migrations, small ones as real histories hold ----------------------
mkdir -p "$WORK/project/configs" "$WORK/project/application/migrations" "$WORK/project/application/tenant-migrations"
printf '%s\n' "$CONFIG" > "$WORK/project/configs/database.properties"
: > "$WORK/floor-body.sql"
for i in $(seq 1 "$MIGRATIONS"); do
  ts=$((1700000000 + i))
  base=$((i - (i - 1) % 4))
  case $(((i - 1) % 4)) in
    0) sql="CREATE TABLE t_$base (id integer PRIMARY KEY, name varchar(50))" ;;
    1) sql="CREATE INDEX i_$i ON t_$base (name)" ;;
    2) sql="ALTER TABLE t_$base ADD COLUMN c_$i integer" ;;
    3) sql="INSERT INTO t_$base (id, name) VALUES (1, 'one')" ;;
  esac
  printf -- '-- koldy:up\n%s;\n-- koldy:down empty\n' "$sql" > "$WORK/project/application/tenant-migrations/${ts}_M$i.sql"
  echo "BEGIN; $sql; INSERT INTO hist (script, script_timestamp, script_executed_at, script_execution_duration, script_checksum) VALUES ('${ts}_M$i', $ts, $NOW, 0, '0000000000000000000000000000000000000000000000000000000000000000'); COMMIT;" >> "$WORK/floor-body.sql"
done
{
  echo "CREATE TABLE hist (id $SERIAL, script varchar(255) not null unique, script_timestamp bigint not null, script_executed_at timestamp not null, script_execution_duration integer not null, script_checksum char(64));"
  cat "$WORK/floor-body.sql"
} > "$WORK/floor.sql"

measure() { # measure <scenario> <n> <command...>
  local scenario=$1 n=$2
  shift 2
  sync
  local start end
  start=$(date +%s%N)
  if ! /usr/bin/time -o "$WORK/time" -f '%M' "$@" >"$WORK/out" 2>"$WORK/err"; then
    log "FAILED: $scenario $n"; tail -n 20 "$WORK/out" "$WORK/err" >&2; exit 1
  fi
  end=$(date +%s%N)
  printf '%s\t%s\t%s\t%s\t%s\n' "$scenario" "$n" $(((end - start) / 1000000)) "$(tail -n 1 "$WORK/time")" "$run" >> "$RESULTS"
  log "  $scenario N=$n: $(((end - start) / 1000000)) ms, $(($(tail -n 1 "$WORK/time") / 1024)) MiB"
}

tenants_of() { # the tenants' names t_00001 ... t_<n>
  seq -f "$PREFIX%05g" 1 "$1"
}

for run in $(seq 1 "$RUNS"); do
  for n in $SIZES; do
    log "run $run/$RUNS, $n tenants"
    fresh "$n"
    measure koldy-tenants "$n" env KOLDY_PROGRESS_SECONDS=0 "$ROOT/koldy" --root "$WORK/project" migrate --tenants --parallel "$PARALLEL"
    grep -q "0 failed" "$WORK/out" || { log "koldy-tenants did not migrate every tenant"; cat "$WORK/out" >&2; exit 1; }
    measure koldy-tenants-nothing-pending "$n" env KOLDY_PROGRESS_SECONDS=0 "$ROOT/koldy" --root "$WORK/project" migrate --tenants --parallel "$PARALLEL"

    fresh "$n"
    tenants_of "$n" > "$WORK/tenants.txt"
    measure floor-fanout "$n" xargs -P "$PARALLEL" -I{} bash -c 'floor_one "$1"' _ {} < "$WORK/tenants.txt"

    fresh "$n"
    loop=$(( LOOP < n ? LOOP : n ))
    tenants_of "$loop" > "$WORK/loop.txt"
    cat > "$WORK/loop.sh" <<EOF
while read -r t; do KOLDY_PROGRESS_SECONDS=0 "$ROOT/koldy" --root "$WORK/project" --tenant "\$t" migrate >/dev/null; done < "$WORK/loop.txt"
EOF
    measure koldy-loop-sample "$loop" bash "$WORK/loop.sh"
  done
done

report() {
  awk -F '\t' -v loopn="$LOOP" '
    function middle(v, n,   i, j, t) {
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    function median(key,   n, a) { n = split(times[key], a, " "); return middle(a, n) }
    function rssmedian(key,   n, a) { n = split(rss[key], a, " "); return int(middle(a, n) / 1024) }
    { key = $1 SUBSEP $2; times[key] = times[key] " " $3; rss[key] = rss[key] " " $4; if ($1 == "koldy-tenants") sizes[$2] = 1; if ($1 == "koldy-loop-sample") loops[$2] = $2 }
    END {
      print "| tenants | koldy --tenants s | peak RSS MiB | nothing pending s | client fanned out s | koldy / fanned-out floor (target 1.5) | loop of koldy runs s (scaled) | loop / koldy --tenants (target 10) |"
      print "|---:|---:|---:|---:|---:|---:|---:|---:|"
      for (n in sizes) {
        k = median("koldy-tenants" SUBSEP n); f = median("floor-fanout" SUBSEP n)
        for (l in loops) if (l + 0 <= n + 0 && (best == "" || l + 0 > best + 0)) best = l
        lp = median("koldy-loop-sample" SUBSEP best) * n / best; best = ""
        printf "| %d | %.2f | %d | %.2f | %.2f | %.2f | %.1f | %.1f |\n", n, k / 1000, rssmedian("koldy-tenants" SUBSEP n), median("koldy-tenants-nothing-pending" SUBSEP n) / 1000, f / 1000, k / f, lp / 1000, lp / k
      }
    }' "$RESULTS" | { IFS= read -r header; IFS= read -r rule; echo "$header"; echo "$rule"; sort -t '|' -k2 -n; }
}

{
  echo "# koldy tenants benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
  echo "- $VERSION; $MIGRATIONS one-statement migrations per tenant; --parallel $PARALLEL; $RUNS runs, medians"
  echo "- floor: the database's client per tenant, $PARALLEL at a time (xargs -P), each migration in its own transaction with one history row"
  echo "- loop: koldy --tenant T migrate per tenant, one after another, measured on $LOOP tenants and scaled to N"
  echo
  report
} > "$WORK/results.md"
cp "$WORK/results.md" "$OUT"
cat "$OUT"
drop_all
