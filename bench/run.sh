#!/usr/bin/env bash
# koldy's benchmark: koldy, Flyway and the database's own command-line client ("the floor") on the
# same migrations, side by side and interleaved (A B C A B C ...), a fresh database before each
# run, on SQLite, PostgreSQL and MariaDB. Prints medians, ranges, peak RSS and the ratios
# koldy/floor and koldy/Flyway, and writes them with date and machine to bench/results.md (or $OUT).
#
#   bench/run.sh                      # 5 runs, N = 100 and 1000, all three databases
#   RUNS=3 DBS="sqlite postgres" bench/run.sh
#   RUNS=1 SIZES="1000 10000" FLYWAY=no OUT=bench/results-10000.md bench/run.sh   # issue 18's N = 10,000
#
# Each migration: create a small table, create an index, insert one row; each in its own
# transaction with its history row. Servers: PostgreSQL at 127.0.0.1:5432 (user postgres, trust),
# MariaDB at 127.0.0.1:3306 (root, no password), as in .ci/run; database koldy_bench is recreated.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

RUNS=${RUNS:-5}
DBS=${DBS:-"sqlite postgres mysql"}
SIZES=${SIZES:-"100 1000"}
FLYWAY=${FLYWAY:-yes} # no: skip Flyway (one Flyway run of 10,000 migrations takes minutes)
OUT=${OUT:-bench/results.md}
DUMP_ROWS=${DUMP_ROWS:-15000} # the SQL-file load: one file of that many INSERTs (Chinook-sized)
SHAPE=${SHAPE:-three} # three: each migration three statements; small: one statement, 5% empty (issue 28)
BIG=$(printf '%s\n' $SIZES | sort -n | tail -n 1)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/koldy-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

log() { printf '%s\n' "$*" >&2; }

# ---- build -----------------------------------------------------------------------------------
log "building koldy (./koldy builds the jar and its class-data archive on first use) and the Flyway runner"
./koldy --version >/dev/null
mvn -B -q -f bench/flyway/pom.xml package -DskipTests >/dev/null
FLYWAY_JAR="$ROOT/bench/flyway/target/flyway-runner.jar"
# The JVM options the launcher runs koldy with, for the JDBC floor (so it measures the same JVM).
LAUNCHER_JVM_OPTS=$(sed -n 's/^jvm_opts="\(.*\)"$/\1/p' koldy)
[ -n "$LAUNCHER_JVM_OPTS" ] || { log "cannot read jvm_opts from ./koldy"; exit 1; }

# ---- migrations ------------------------------------------------------------------------------
# The statements of migration i, one per line without ';' (none: the migration is empty).
body() { # body <i>
  local i=$1 base
  if [ "$SHAPE" = small ]; then
    # one statement each, in turn on a table of four: CREATE TABLE, CREATE INDEX, ALTER TABLE ADD
    # COLUMN, INSERT; every 20th (an INSERT) empty, as real histories hold a few empty migrations
    base=$((i - (i - 1) % 4))
    if [ $((i % 20)) = 0 ]; then return; fi
    case $(((i - 1) % 4)) in
      0) echo "CREATE TABLE t_$base (id integer PRIMARY KEY, name varchar(50))" ;;
      1) echo "CREATE INDEX i_$i ON t_$base (name)" ;;
      2) echo "ALTER TABLE t_$base ADD COLUMN c_$i integer" ;;
      3) echo "INSERT INTO t_$base (id, name) VALUES (1, 'one')" ;;
    esac
  else
    echo "CREATE TABLE t_$i (id integer PRIMARY KEY, name varchar(50))"
    echo "CREATE INDEX i_$i ON t_$i (name)"
    echo "INSERT INTO t_$i VALUES (1, 'one')"
  fi
}

history_table() { # history_table <db>: the floor's history table
  case $1 in
    sqlite) echo "CREATE TABLE hist (id integer primary key autoincrement, script varchar(255) not null unique, script_timestamp integer not null, script_executed_at char(20) not null, script_execution_duration integer not null, script_checksum char(64));" ;;
    postgres) echo "CREATE TABLE hist (id bigserial primary key, script varchar(255) not null unique, script_timestamp bigint not null, script_executed_at timestamp not null, script_execution_duration integer not null, script_checksum char(64));" ;;
    mysql) echo "CREATE TABLE hist (id int unsigned not null auto_increment primary key, script varchar(255) not null unique, script_timestamp bigint not null, script_executed_at datetime not null, script_execution_duration int not null, script_checksum char(64)) ENGINE=InnoDB;" ;;
  esac
}

# The same SQL as koldy SQL files, koldy Java files, Flyway files and one floor script per database.
generate() { # generate <n>
  local n=$1 i ts statements up calls
  mkdir -p "$WORK/sql-$n/application/migrations" "$WORK/java-$n/application/migrations" "$WORK/flyway-$n"
  for db in sqlite postgres mysql; do
    # SHAPE=small: the up sections through the client file by file, as `psql -f a.sql -f b.sql`
    # runs them (each statement its own transaction, no history); else each migration in its own
    # transaction with one history-row insert, as a migration tool runs it
    [ "$SHAPE" = small ] || history_table "$db" > "$WORK/floor-$db-$n.sql"
    [ "$SHAPE" != small ] || : > "$WORK/floor-$db-$n.sql"
    # SHAPE=small also measures the least a tool that keeps a history does: the same statements,
    # each migration in its own transaction with one history-row insert
    [ "$SHAPE" != small ] || history_table "$db" > "$WORK/floor-$db-$n-history.sql"
  done
  for i in $(seq 1 "$n"); do
    ts=$((1700000000 + i))
    statements=$(body "$i")
    if [ -n "$statements" ]; then
      up=$(printf -- '-- koldy:up\n%s\n' "$(sed 's/$/;/' <<< "$statements")")
      calls=$(sed 's/.*/        Db.query("&").exec();/' <<< "$statements")
    else
      up='-- koldy:up empty'
      calls='        // nothing to do: kept as the history has it'
    fi
    printf '%s\n-- koldy:down empty\n' "$up" > "$WORK/sql-$n/application/migrations/${ts}_M$i.sql"
    printf 'import koldy.Db;\nimport koldy.Migration;\n\npublic class Migration_%d_M%d extends Migration {\n    @Override\n    public void up() {\n%s\n    }\n\n    @Override\n    public void down() {\n    }\n}\n' \
      "$ts" "$i" "$calls" > "$WORK/java-$n/application/migrations/${ts}_M$i.java"
    { [ -z "$statements" ] || sed 's/$/;/' <<< "$statements"; } > "$WORK/flyway-$n/V${ts}__M$i.sql"
    for db in sqlite postgres mysql; do
      with_history="BEGIN; $( [ -z "$statements" ] || sed 's/$/;/' <<< "$statements" | tr '\n' ' ')INSERT INTO hist (script, script_timestamp, script_executed_at, script_execution_duration, script_checksum) VALUES ('${ts}_M$i', $ts, '2026-01-01 00:00:00', 0, '0000000000000000000000000000000000000000000000000000000000000000'); COMMIT;"
      if [ "$SHAPE" = small ]; then
        [ -z "$statements" ] || sed 's/$/;/' <<< "$statements" >> "$WORK/floor-$db-$n.sql"
        echo "$with_history" >> "$WORK/floor-$db-$n-history.sql"
      else
        echo "$with_history" >> "$WORK/floor-$db-$n.sql"
      fi
    done
  done
}

# One large SQL file, as a schema+data dump is loaded: three tables and DUMP_ROWS single-row
# INSERTs, in one transaction. koldy runs it as one migration; the floor is the client reading it.
generate_dump() {
  mkdir -p "$WORK/dump/application/migrations"
  {
    echo "CREATE TABLE artist (id integer PRIMARY KEY, name varchar(120) NOT NULL);"
    echo "CREATE TABLE album (id integer PRIMARY KEY, title varchar(160) NOT NULL, artist_id integer NOT NULL);"
    echo "CREATE TABLE track (id integer PRIMARY KEY, name varchar(200) NOT NULL, album_id integer,"
    echo "  milliseconds integer NOT NULL, price numeric(10,2) NOT NULL);"
    echo "CREATE INDEX track_album ON track (album_id);"
    awk -v n="$DUMP_ROWS" -v q="'" 'BEGIN {
      for (i = 1; i <= n; i++) {
        if (i % 50 == 1) printf "INSERT INTO artist VALUES (%d, %sArtist %d; the %s%sband%s%s%s);\n", i, q, i, q, q, q, q, q
        else if (i % 10 == 2) printf "INSERT INTO album VALUES (%d, %sAlbum %d%s, %d);\n", i, q, i, q, i - i % 50 + 1
        else printf "INSERT INTO track VALUES (%d, %sTrack %d -- part %d%s, %d, %d, 0.99);\n", i, q, i, i % 7, q, i - i % 10 + 2, 200000 + i
      }
    }'
  } > "$WORK/dump-body.sql"
  { echo "-- koldy:up"; cat "$WORK/dump-body.sql"; echo "-- koldy:down empty"; } > "$WORK/dump/application/migrations/1700000000_Load.sql"
  { echo "BEGIN;"; cat "$WORK/dump-body.sql"; echo "COMMIT;"; } > "$WORK/dump-floor.sql"
  log "SQL file: $(grep -c '^INSERT' "$WORK/dump-body.sql") INSERTs, $(($(wc -c < "$WORK/dump-body.sql") / 1024)) KiB"
}

# ---- databases -------------------------------------------------------------------------------
url() { # the JDBC URL of the benchmark database
  case $1 in
    sqlite) echo "jdbc:sqlite:$WORK/db/bench.sqlite" ;;
    postgres) echo "jdbc:postgresql://127.0.0.1:5432/koldy_bench?user=postgres" ;;
    mysql) echo "jdbc:mysql://127.0.0.1:3306/koldy_bench?user=root" ;;
  esac
}

fresh() { # fresh <db>: an empty database
  case $1 in
    # an empty file is an empty SQLite database; a dry run needs one to exist
    sqlite) rm -rf "$WORK/db"; mkdir -p "$WORK/db"; : > "$WORK/db/bench.sqlite" ;;
    postgres) psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS koldy_bench WITH (FORCE)" \
                -qc "CREATE DATABASE koldy_bench" >/dev/null ;;
    mysql) mariadb -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS koldy_bench; CREATE DATABASE koldy_bench" ;;
  esac
}

# Each of these sets cmd to a plain command (GNU time measures executables, not shell functions).
floor_cmd() { # floor_cmd <db> <script>: the SQL through the database's own client, in one session
  case $1 in
    sqlite) cmd=(sqlite3 "$WORK/db/bench.sqlite" ".read $2") ;;
    postgres) cmd=(psql -h 127.0.0.1 -U postgres -d koldy_bench -q -v ON_ERROR_STOP=1 -f "$2") ;;
    mysql) cmd=(mariadb -h 127.0.0.1 -uroot koldy_bench -e "source $2") ;;
  esac
}

jdbc_floor_cmd() { # jdbc_floor_cmd <db> <script>: the same script through the JDBC driver, in one JVM session
  # With koldy's JVM options, SQLite's native library from koldy's cache, as koldy loads it, and a
  # class-data archive of its own (train_jdbc_floor), as koldy's launcher gives koldy one.
  local lib
  lib=$(find "$WORK"/sql-*/storage/koldy-cache/sqlite-native -name '*sqlitejdbc*' 2>/dev/null | head -n 1 || true) # none before koldy's first SQLite run
  # shellcheck disable=SC2206 # the launcher's option list, split on purpose
  cmd=(java $LAUNCHER_JVM_OPTS)
  [ -n "$lib" ] && cmd+=("-Dorg.sqlite.lib.path=$(dirname "$lib")" "-Dorg.sqlite.lib.name=$(basename "$lib")")
  [ -f "$WORK/floor-$1.jsa" ] && cmd+=("-XX:SharedArchiveFile=$WORK/floor-$1.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  cmd+=(-cp "$FLYWAY_JAR" bench.JdbcFloor "$(url "$1")" "$2")
}

# The JDBC floor's class-data archive, per database: the classes of ten migrations and a read of
# the history table, so that the floor starts as fast as any JVM tool can (koldy's launcher makes
# koldy's the same way). Without it the floor pays about 80 ms more class loading than koldy.
train_jdbc_floor() { # train_jdbc_floor <db>
  {
    if [ "$SHAPE" = small ]; then history_table "$1"; head -n 10 "$WORK/floor-$1-$BIG.sql"; else head -n 11 "$WORK/floor-$1-$BIG.sql"; fi
    echo "SELECT * FROM hist;"
  } > "$WORK/floor-$1-train.sql"
  fresh "$1"; jdbc_floor_cmd "$1" "$WORK/floor-$1-train.sql"
  "${cmd[@]:0:1}" -XX:ArchiveClassesAtExit="$WORK/floor-$1.jsa" -Xlog:all=off "${cmd[@]:1}" >/dev/null
}

koldy_cmd() { # koldy_cmd <db> <project> <args...>
  local db=$1 project=$2
  shift 2
  cmd=(env "KOLDY_DEFAULT_URL=$(url "$db")" KOLDY_PROGRESS_SECONDS=0 "$ROOT/koldy" --root "$project" "$@")
}

flyway_cmd() { # flyway_cmd <db> <migrate|info> <directory>
  local plain
  plain=$(url "$1" | sed 's/?user=.*//')
  case $1 in
    sqlite) cmd=(java -jar "$FLYWAY_JAR" "$2" "$plain" "$3") ;;
    postgres) cmd=(java -jar "$FLYWAY_JAR" "$2" "$plain" "$3" postgres) ;;
    mysql) cmd=(java -jar "$FLYWAY_JAR" "$2" "$plain" "$3" root) ;;
  esac
}

# measure <db> <scenario> <n> <command...>: wall time (ms) and peak RSS (KiB) of one run
measure() {
  local db=$1 scenario=$2 n=$3
  shift 3
  local start end rss
  # Write out what earlier runs left dirty (1000 class files, a dropped database), so that their
  # writeback does not land on this run's fsyncs.
  sync
  start=$(date +%s%N)
  if ! /usr/bin/time -o "$WORK/time" -f '%M' "$@" >/dev/null 2>"$WORK/err"; then
    log "FAILED: $db $scenario $n: $*"
    cat "$WORK/err" >&2
    exit 1
  fi
  end=$(date +%s%N)
  rss=$(tail -n 1 "$WORK/time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$db" "$scenario" "$n" $(((end - start) / 1000000)) "$rss" "$run" >> "$RESULTS"
  log "  $db $scenario N=$n: $(((end - start) / 1000000)) ms, $((rss / 1024)) MiB"
}

for n in $SIZES; do
  log "generating $n migrations"
  generate "$n"
done
generate_dump
for db in $DBS; do
  log "making the JDBC floor's class-data archive for $db"
  train_jdbc_floor "$db"
done
echo "SELECT * FROM koldy_migration;" > "$WORK/read-history.sql"

# ---- the runs, interleaved -------------------------------------------------------------------
for run in $(seq 1 "$RUNS"); do
  for db in $DBS; do
    log "run $run/$RUNS on $db"
    # compile only: an empty cache, and a dry run (every up() against the recording Db, nothing executed)
    rm -rf "$WORK/java-$BIG/storage/koldy-cache"
    fresh "$db"; koldy_cmd "$db" "$WORK/java-$BIG" migrate --dry-run; measure "$db" koldy-java-compile "$BIG" "${cmd[@]}"
    rm -rf "$WORK/java-$BIG/storage/koldy-cache"
    fresh "$db"; koldy_cmd "$db" "$WORK/java-$BIG" migrate; measure "$db" koldy-java-cold "$BIG" "${cmd[@]}"
    for n in $SIZES; do
      fresh "$db"; koldy_cmd "$db" "$WORK/sql-$n" migrate; measure "$db" koldy-sql "$n" "${cmd[@]}"
      if [ "$n" = "$BIG" ]; then
        # right after the SQL run, so the ratio Java warm/SQL compares neighbours on the same disk
        fresh "$db"; koldy_cmd "$db" "$WORK/java-$BIG" migrate; measure "$db" koldy-java-warm "$BIG" "${cmd[@]}"
        # nothing pending, with the BIG migrations the warm run left executed
        measure "$db" koldy-nothing-pending "$BIG" "${cmd[@]}"
        koldy_cmd "$db" "$WORK/java-$BIG" status; measure "$db" koldy-status "$BIG" "${cmd[@]}"
        # the floor of nothing pending: a JVM, the driver, one connection and a read of the same history
        jdbc_floor_cmd "$db" "$WORK/read-history.sql"; measure "$db" floor-jdbc-nothing-pending "$BIG" "${cmd[@]}"
        # the least any koldy command costs: JVM, log4j and the command line, no database
        koldy_cmd "$db" "$WORK/java-$BIG" --version; measure "$db" koldy-start 0 "${cmd[@]}"
        # the host's speed: a bare JVM with the launcher's options that prints one line
        # shellcheck disable=SC2206 # the option list, split on purpose
        cmd=(java $LAUNCHER_JVM_OPTS -cp "$FLYWAY_JAR" bench.Hello); measure "$db" jvm-start 0 "${cmd[@]}"
      fi
      if [ "$FLYWAY" != no ]; then
        fresh "$db"; flyway_cmd "$db" migrate "$WORK/flyway-$n"; measure "$db" flyway "$n" "${cmd[@]}"
      fi
      fresh "$db"; floor_cmd "$db" "$WORK/floor-$db-$n.sql"; measure "$db" floor "$n" "${cmd[@]}"
      fresh "$db"; jdbc_floor_cmd "$db" "$WORK/floor-$db-$n.sql"; measure "$db" floor-jdbc "$n" "${cmd[@]}"
      if [ "$SHAPE" = small ]; then
        fresh "$db"; jdbc_floor_cmd "$db" "$WORK/floor-$db-$n-history.sql"; measure "$db" floor-jdbc-history "$n" "${cmd[@]}"
      fi
    done
    if [ "$FLYWAY" != no ]; then
      fresh "$db"; flyway_cmd "$db" migrate "$WORK/flyway-$BIG"; "${cmd[@]}" >/dev/null
      measure "$db" flyway-nothing-pending "$BIG" "${cmd[@]}"
    fi
    fresh "$db"; koldy_cmd "$db" "$WORK/dump" migrate; measure "$db" koldy-sql-file "$DUMP_ROWS" "${cmd[@]}"
    fresh "$db"; floor_cmd "$db" "$WORK/dump-floor.sql"; measure "$db" floor-sql-file "$DUMP_ROWS" "${cmd[@]}"
  done
done

# ---- the report ------------------------------------------------------------------------------
report() {
  awk -F '\t' -v big="$BIG" -v dumprows="$DUMP_ROWS" -v shape="$SHAPE" '
    function middle(v, n,   i, j, t) { # the median of v[1..n], sorting v
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    function median(key,   n, a) {
      n = split(times[key], a, " ")
      return middle(a, n)
    }
    function range(key,   n, i, a, lo, hi) {
      n = split(times[key], a, " "); lo = a[1]; hi = a[1]
      for (i = 2; i <= n; i++) { if (a[i] + 0 < lo + 0) lo = a[i]; if (a[i] + 0 > hi + 0) hi = a[i] }
      return lo "-" hi
    }
    function rssmedian(key,   n, a) {
      n = split(rss[key], a, " ")
      return int(middle(a, n) / 1024)
    }
    function check(ok) { return ok ? "met" : "MISSED" }
    function at1000(ok) { return big == 1000 ? " (" check(ok) ")" : "" } # these targets are set at N = 1000
    function fixed(r) { return r ? sprintf("%.2f", r) : "-" } # "-": not measured (FLYWAY=no)
    # The median over runs of a/b taken within each run: a and b ran in the same round, so the drift of
    # the disk between rounds cancels out of each ratio.
    function ratio(a, b,   r, n, v) {
      n = 0
      for (r = 1; r <= runs; r++) if (((a, r) in byrun) && ((b, r) in byrun)) v[++n] = byrun[a, r] / byrun[b, r]
      return middle(v, n)
    }
    {
      byrun[$1 SUBSEP $2 SUBSEP $3, $6] = $4
      if ($6 + 0 > runs) runs = $6 + 0
      key = $1 SUBSEP $2 SUBSEP $3
      if (!(key in times)) { order[++count] = key; times[key] = $4; rss[key] = $5 }
      else { times[key] = times[key] " " $4; rss[key] = rss[key] " " $5 }
      dbs[$1] = 1
    }
    END {
      print "| database | what | N | median ms | range ms | peak RSS MiB (median) |"
      print "|---|---|---:|---:|---:|---:|"
      for (i = 1; i <= count; i++) {
        split(order[i], k, SUBSEP)
        printf "| %s | %s | %s | %d | %s | %d |\n", k[1], k[2], k[3], median(order[i]), range(order[i]), rssmedian(order[i])
      }
      print ""
      print "| database | N | koldy/floor | target koldy/floor | koldy/Flyway | koldy/JDBC floor (target 1.10) | JDBC floor/floor | Java warm/SQL | compile N Java ms | nothing pending ms | status ms | koldy start ms | JVM start ms | nothing pending / JVM start | JDBC floor nothing pending ms | JDBC floor nothing pending / JVM start |"
      print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      for (db in dbs) {
        split("", seen)
        for (i = 1; i <= count; i++) {
          split(order[i], k, SUBSEP)
          if (k[1] != db || k[2] != "koldy-sql" || (k[3] in seen)) continue
          seen[k[3]] = 1; n = k[3]
          ks = db SUBSEP "koldy-sql" SUBSEP n
          rfl = ratio(ks, db SUBSEP "floor" SUBSEP n); rfw = ratio(ks, db SUBSEP "flyway" SUBSEP n)
          rfj = ratio(ks, db SUBSEP "floor-jdbc" SUBSEP n)
          # what the JVM and the driver alone cost: no JVM tool gets below this
          rjf = ratio(db SUBSEP "floor-jdbc" SUBSEP n, db SUBSEP "floor" SUBSEP n)
          # issue 6 at N <= 1000; issue 18 at N = 10,000, where the floor itself grows faster than linearly
          # issue 28 (SHAPE=small): 1.3 against the client on every database
          target = n >= 10000 ? 1.15 : shape == "small" ? 1.3 : db == "mysql" ? 1.2 : 1.3
          if (n == big) {
            rjw = ratio(db SUBSEP "koldy-java-warm" SUBSEP n, ks); jc = median(db SUBSEP "koldy-java-compile" SUBSEP n)
            np = median(db SUBSEP "koldy-nothing-pending" SUBSEP n); st = median(db SUBSEP "koldy-status" SUBSEP n)
            ss = median(db SUBSEP "koldy-start" SUBSEP 0); js = median(db SUBSEP "jvm-start" SUBSEP 0)
            rnj = ratio(db SUBSEP "koldy-nothing-pending" SUBSEP n, db SUBSEP "jvm-start" SUBSEP 0)
            # the least nothing pending can cost on this JVM and driver, against the same target
            fnp = median(db SUBSEP "floor-jdbc-nothing-pending" SUBSEP n)
            rfnj = ratio(db SUBSEP "floor-jdbc-nothing-pending" SUBSEP n, db SUBSEP "jvm-start" SUBSEP 0)
            printf "| %s | %s | %.2f (%s) | %.2f | %s | %.2f (%s) | %.2f | %.2f (%s) | %d%s | %d%s | %d%s | %d | %d | %.2f%s | %d | %.2f |\n", db, n, rfl, check(rfl <= target), target, fixed(rfw), rfj, check(rfj <= 1.1), rjf, rjw, check(rjw <= 1.3), jc, at1000(jc <= 10000), np, at1000(np <= 400), st, at1000(st <= 400), ss, js, rnj, at1000(rnj <= 2.5), fnp, rfnj
          } else {
            printf "| %s | %s | %.2f (%s) | %.2f | %s | %.2f (%s) | %.2f | | | | | | | | | |\n", db, n, rfl, check(rfl <= target), target, fixed(rfw), rfj, check(rfj <= 1.1), rjf
          }
        }
      }
      if (shape == "small") {
        print ""
        print "| database | N | koldy/JDBC floor with history | JDBC floor with history/JDBC floor (what keeping a history costs) |"
        print "|---|---:|---:|---:|"
        for (db in dbs) for (i = 1; i <= count; i++) {
          split(order[i], k, SUBSEP)
          if (k[1] != db || k[2] != "floor-jdbc-history") continue
          h = db SUBSEP "floor-jdbc-history" SUBSEP k[3]
          printf "| %s | %s | %.2f | %.2f |\n", db, k[3], ratio(db SUBSEP "koldy-sql" SUBSEP k[3], h), ratio(h, db SUBSEP "floor-jdbc" SUBSEP k[3])
        }
      }
      print ""
      print "| database | SQL file of N INSERTs | koldy ms | client ms | koldy/client |"
      print "|---|---:|---:|---:|---:|"
      for (db in dbs) {
        kf = db SUBSEP "koldy-sql-file" SUBSEP dumprows; ff = db SUBSEP "floor-sql-file" SUBSEP dumprows
        if (kf in times) printf "| %s | %s | %d | %d | %.2f |\n", db, dumprows, median(kf), median(ff), ratio(kf, ff)
      }
      maxrss = 0
      for (i = 1; i <= count; i++) { split(order[i], k, SUBSEP); if (k[2] ~ /^koldy/ && rssmedian(order[i]) > maxrss) maxrss = rssmedian(order[i]) }
      print ""
      rsstarget = big >= 10000 ? 160 : 128
      printf "Largest koldy peak RSS (median of a scenario): %d MiB (target %d MiB at N = %d: %s).\n", maxrss, rsstarget, big, check(maxrss <= rsstarget)
    }' "$RESULTS"
}

machine() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
  echo "- java: $(java -version 2>&1 | head -n 1)"
  echo "- databases: SQLite $(sqlite3 --version | cut -d ' ' -f 1), $(psql -h 127.0.0.1 -U postgres -d postgres -tAc 'SHOW server_version' | cut -d ' ' -f 1) PostgreSQL, MariaDB $(mariadb -h 127.0.0.1 -uroot -N -e 'SELECT version()')"
  if [ "$SHAPE" = small ]; then
    echo "- migrations: one statement each (CREATE TABLE, CREATE INDEX, ALTER TABLE ADD COLUMN, INSERT in turn), every 20th empty; the floor runs the up sections in one client session, each statement its own transaction, no history (as \`psql -f a.sql -f b.sql\`)"
  else
    echo "- migrations: three statements each (CREATE TABLE, CREATE INDEX, INSERT); the floor runs each in its own transaction with one history-row insert"
  fi
  echo "- runs: $RUNS per scenario, interleaved, fresh database before each; Flyway $(sed -n 's:.*<flyway.version>\(.*\)</flyway.version>.*:\1:p' bench/flyway/pom.xml); floor = the database's own CLI in one session; JDBC floor = the same script through the same JDBC driver in one JVM session (with a class-data archive of its own), nothing else"
}

{
  echo "# koldy benchmark results"
  echo
  machine
  echo
  report
} > "$WORK/results.md"
cp "$WORK/results.md" "$OUT"
cat "$OUT"
