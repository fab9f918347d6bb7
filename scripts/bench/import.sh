#!/usr/bin/env bash
# Import benchmarks: full UN list, OFAC SDN triple, and N synthetic register
# persons (default 1,000,000) into a fresh SQLite store, release build.
# With BERKUT_BENCH_PG_URL (a server URL, e.g. postgres://postgres@127.0.0.1:5432/postgres)
# the register is also imported into a fresh PostgreSQL database, created
# and dropped with psql. Phase timings go to $work/*.log
# (BERKUT_LOG=berkut_store::import=debug) and are copied under the table.
# Writes docs/bench/<date>-import.md. Needs ../shared for the real lists.
#   bash scripts/bench/import.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000000}"
shared="${BERKUT_SHARED_DIR:-../shared}/data/lists"
cargo build --release --locked -q -p berkut-cli
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
berkut="$target/release/berkut"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="docs/bench/$(date +%F)-import.md"

measure() { # name, store arguments (--data-dir DIR | --database-url URL), then the berkut arguments
  local name="$1" store_flag="$2" store="$3"; shift 3
  "$berkut" "$store_flag" "$store" init >/dev/null
  BERKUT_LOG=berkut_store::import=debug NO_COLOR=1 /usr/bin/time -f "%e %M" -o "$work/time" \
    "$berkut" "$store_flag" "$store" "$@" --json > "$work/summary.json" 2> "$work/$name.log"
  read -r secs rss < "$work/time"
  local shown="$store"
  [ "$store_flag" = --database-url ] && shown="(fresh PostgreSQL database)"
  printf '| %s | %s | %s | %s MiB | `%s` |\n' "$name" "$(python3 -c 'import json,sys;d=json.load(open(sys.argv[1]));print(d["read"])' "$work/summary.json")" \
    "$secs s" "$((rss / 1024))" "berkut $* ($shown)" >> "$work/rows"
  { echo "- $name: $(grep -o 'done: .*' "$work/$name.log" | sed 's/\x1b\[[0-9;]*m//g' || true)"; } >> "$work/phases"
}

: > "$work/rows"
: > "$work/phases"
if [ -d "$shared" ]; then
  measure un-sc-2026 --data-dir "$work/un" import un-sc "$shared/un_sc/2026-02-27/UN_consolidated.xml"
  measure ofac-sdn-2023 --data-dir "$work/ofac" import ofac-sdn "$shared/us_ofac_sdn/2023-12-28"
else
  echo "skipped real lists: $shared not found" >&2
fi
python3 scripts/bench/gen-register.py "$n" > "$work/register.jsonl"
measure "register-$n" --data-dir "$work/register" import persons "$work/register.jsonl"
if [ -n "${BERKUT_BENCH_PG_URL:-}" ]; then
  db="berkut_bench_$$"
  psql -q "$BERKUT_BENCH_PG_URL" -c "CREATE DATABASE $db"
  trap 'psql -q "$BERKUT_BENCH_PG_URL" -c "DROP DATABASE IF EXISTS $db" || true; rm -rf "$work"' EXIT
  measure "register-$n-postgres" --database-url "${BERKUT_BENCH_PG_URL%/*}/$db" import persons "$work/register.jsonl"
fi

{
  echo "# Import benchmark, $(date +%F)"
  echo
  echo "Command: \`bash scripts/bench/import.sh $n\` at commit $(git rev-parse --short HEAD)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB."
  echo "Release build, fresh store per row (SQLite: WAL, synchronous=FULL); wall time and peak RSS from /usr/bin/time."
  echo
  echo "| import | entries | wall time | peak RSS | command |"
  echo "|---|---|---|---|---|"
  cat "$work/rows"
  echo
  echo "Store phases (BERKUT_LOG=berkut_store::import=debug; the CLI's parse is the wall time minus the total):"
  echo
  cat "$work/phases"
} > "$out"
cat "$out"
