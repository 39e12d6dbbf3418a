#!/usr/bin/env bash
# A Spring Boot application's start-up with 100 executed migrations: the koldy starter enabled and
# disabled, and Flyway's starter enabled and disabled on the same application, alternating, on
# PostgreSQL. Prints medians of the wall time (Spring Boot's "process running for") and CPU time at "Started".
#   ROUNDS=7  PG_URL=jdbc:postgresql://127.0.0.1:5432/koldy_test?user=postgres  bash bench/spring-boot/run.sh
# Needs this build in the local Maven repository (mvn -B install -DskipTests at the root).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
ROUNDS=${ROUNDS:-7}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/koldy_test?user=postgres}
OUT=${OUT:-bench/spring-boot/results.md}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

schema() { PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d koldy_test -qc "$1" >/dev/null; }

# koldy: the example, with 98 more SQL migrations (100 in all, one of them Java).
cp -r "$ROOT/examples/spring-boot-app" "$work/koldy"
rm -rf "$work/koldy/target"
for i in $(seq 1 98); do
  ts=$((1764000300 + i))
  printf -- '-- koldy:up\nCREATE TABLE bench_%d (id integer);\n-- koldy:down\nDROP TABLE bench_%d;\n' "$i" "$i" \
    >"$work/koldy/application/migrations/${ts}_Bench$i.sql"
done

# Flyway: the same application and the same 100 migrations (the Java one's INSERT as SQL).
cp -r "$work/koldy" "$work/flyway"
rm -rf "$work/flyway/application"
mkdir -p "$work/flyway/src/main/resources/db/migration"
printf 'CREATE TABLE greeting (\n    id bigint PRIMARY KEY,\n    text varchar(100) NOT NULL\n);\n' \
  >"$work/flyway/src/main/resources/db/migration/V1__CreateGreeting.sql"
printf "INSERT INTO greeting (id, text) VALUES (1, 'Hello from a Java migration');\n" \
  >"$work/flyway/src/main/resources/db/migration/V2__WelcomeGreeting.sql"
for i in $(seq 1 98); do
  printf 'CREATE TABLE bench_%d (id integer);\n' "$i" >"$work/flyway/src/main/resources/db/migration/V$((i + 2))__Bench$i.sql"
done
python3 - "$work/flyway/pom.xml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
koldy = """    <dependency>
      <groupId>io.koldy</groupId>
      <artifactId>koldy-spring-boot-starter</artifactId>
      <version>${koldy.version}</version>
    </dependency>
"""
flyway = """    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-flyway</artifactId>
    </dependency>
    <dependency>
      <groupId>org.flywaydb</groupId>
      <artifactId>flyway-database-postgresql</artifactId>
    </dependency>
"""
assert koldy in s
s = s.replace(koldy, flyway)
start = s.index("      <plugin>\n        <!-- compiles application/migrations")
end = s.index("      </plugin>", start) + len("      </plugin>\n")
s = s[:start] + s[end:]
open(p, "w").write(s)
PY
sed -i 's/health,koldy/health/' "$work/flyway/src/main/resources/application.properties"

for app in koldy flyway; do
  (cd "$work/$app" && mvn -B -ntp -q package >"$work/$app-build.log" 2>&1) || { cat "$work/$app-build.log"; exit 1; }
done

url_of() { echo "$PG_URL&currentSchema=$1"; }
schema "DROP SCHEMA IF EXISTS bench_koldy CASCADE; CREATE SCHEMA bench_koldy"
schema "DROP SCHEMA IF EXISTS bench_flyway CASCADE; CREATE SCHEMA bench_flyway"

# one start: prints the wall and CPU seconds at "Started", then stops the app
start() { # start <app> <schema> [args...]
  local app=$1 s=$2; shift 2
  local log="$work/start.log"
  DATABASE_URL=$(url_of "$s") java -jar "$work/$app/target/greetings-1.0.jar" --server.port=0 "$@" >"$log" 2>&1 &
  local pid=$!
  local started=
  for _ in $(seq 1 1200); do
    if grep -q "Started GreetingsApplication" "$log"; then started=1; break; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$started" ]; then # a start that failed or hung is no sample: stop the benchmark, show why
    kill "$pid" 2>/dev/null; cat "$log" >&2; echo "bench/spring-boot: a start did not finish" >&2; exit 1
  fi
  # CPU seconds (user + system) the JVM used until it started: less disturbed than the wall clock
  # by what the host's other tenants do to this VM's two cores
  local cpu
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / hz }' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(sed -n 's/.*Started GreetingsApplication in [0-9.]* seconds (process running for \([0-9.]*\)).*/\1/p' "$log") $cpu"
}

# first starts migrate (not timed); then rounds alternate the four set-ups
start koldy bench_koldy >/dev/null
start flyway bench_flyway >/dev/null
psql -h 127.0.0.1 -U postgres -d koldy_test -qtAc "SELECT count(*) FROM bench_koldy.koldy_migration" | grep -qx 100
psql -h 127.0.0.1 -U postgres -d koldy_test -qtAc "SELECT count(*) FROM bench_flyway.flyway_schema_history" | grep -qx 100

: >"$work/times"
for r in $(seq 1 "$ROUNDS"); do
  t=$(start koldy bench_koldy) || exit 1; echo "koldy-enabled $t" >>"$work/times"
  t=$(start koldy bench_koldy --koldy.enabled=false) || exit 1; echo "koldy-disabled $t" >>"$work/times"
  t=$(start flyway bench_flyway) || exit 1; echo "flyway-enabled $t" >>"$work/times"
  t=$(start flyway bench_flyway --spring.flyway.enabled=false) || exit 1; echo "flyway-disabled $t" >>"$work/times"
  echo "round $r of $ROUNDS: $(tail -n 4 "$work/times" | tr "\n" " ")" >&2
done
schema "DROP SCHEMA bench_koldy CASCADE; DROP SCHEMA bench_flyway CASCADE"

{
  echo "# Spring Boot start-up with 100 executed migrations"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, Spring Boot 4.0.7, PostgreSQL, $ROUNDS alternating rounds;"
  echo "Wall: Spring Boot's own 'process running for' at 'Started'; CPU: the JVM's user + system"
  echo "seconds at that moment (bench/spring-boot/run.sh). Medians, min and max of the rounds."
  echo
  echo "| set-up | wall s: median | min | max | CPU s: median | min | max |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for k in koldy-enabled koldy-disabled flyway-enabled flyway-disabled; do
    printf "| %s " "$k"
    for column in 2 3; do
      awk -v k="$k" -v c="$column" '$1 == k { print $c }' "$work/times" | sort -n | awk '
        { v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
          printf "| %.3f | %.3f | %.3f ", m, v[1], v[NR] }'
    done
    echo "|"
  done
  echo
  echo "What each starter adds, paired within each round (enabled minus disabled; the median of the rounds):"
  echo
  for tool in koldy flyway; do
    for column in 2 3; do
      paste <(awk -v k="$tool-enabled" -v c="$column" '$1 == k { print $c }' "$work/times") \
            <(awk -v k="$tool-disabled" -v c="$column" '$1 == k { print $c }' "$work/times") |
        awk '{ print $1 - $2 }' | sort -n | awk -v t="$tool" -v what="$([ "$column" = 2 ] && echo wall || echo CPU)" '
          { v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
            printf "- %s, %s: %+.3f s\n", t, what, m }'
    done
  done
} | tee "$OUT"
