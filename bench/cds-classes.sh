#!/usr/bin/env bash
# Regenerates core/src/main/resources/koldy/cli/cds-driver-classes.txt: the PostgreSQL and MySQL driver
# classes that real sessions load (migrate, status, rollback, dry run; SQL and Java migrations).
# The launcher's class-data archive is recorded by a training run that has no server to talk to;
# it loads these classes by name so that they are archived too. Run it after upgrading a driver
# (names that no longer exist are skipped, so a stale list only costs start-up time).
# Needs the servers of .ci/run; database koldy_cds is recreated on both.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/application/migrations"
printf -- "-- koldy:up\nCREATE TABLE cds_a (id integer PRIMARY KEY, name varchar(50));\nINSERT INTO cds_a VALUES (1, 'x');\n-- koldy:down\nDROP TABLE cds_a;\n" \
  > "$work/application/migrations/1700000001_A.sql"
printf 'import koldy.Db;\nimport koldy.Migration;\npublic class Migration_1700000002_B extends Migration {\n  public void up() { Db.query("CREATE TABLE cds_b (id integer)").exec(); Db.query("SELECT * FROM cds_a WHERE id = ?", 1).fetchAll(); }\n  public void down() { Db.query("DROP TABLE cds_b").exec(); }\n}\n' \
  > "$work/application/migrations/1700000002_B.java"
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS koldy_cds WITH (FORCE)" -qc "CREATE DATABASE koldy_cds" >/dev/null
mariadb -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS koldy_cds; CREATE DATABASE koldy_cds"
n=0
for url in 'jdbc:postgresql://127.0.0.1:5432/koldy_cds?user=postgres' 'jdbc:mysql://127.0.0.1:3306/koldy_cds?user=root'; do
  for command in "migrate" "status" "rollback 2" "migrate --dry-run" "migrate"; do
    n=$((n + 1))
    # shellcheck disable=SC2086 # the command's words are split on purpose
    KOLDY_DEFAULT_URL="$url" java -XX:DumpLoadedClassList="$work/list$n" -jar core/target/koldy.jar --root "$work" $command >/dev/null
  done
done
out=core/src/main/resources/koldy/cli/cds-driver-classes.txt
{
  echo "# Driver classes that PostgreSQL and MySQL sessions load; made by bench/cds-classes.sh, do not edit."
  cat "$work"/list* | awk '{ print $1 }' | grep -E '^(com/mysql/cj|org/postgresql)/' | sort -u
} > "$out"
psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE koldy_cds WITH (FORCE)" >/dev/null
mariadb -h 127.0.0.1 -uroot -e "DROP DATABASE koldy_cds"
echo "$(($(wc -l < "$out") - 1)) classes written to $out"
