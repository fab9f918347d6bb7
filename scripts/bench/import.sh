#!/usr/bin/env bash
# Import benchmarks: full UN list, OFAC SDN triple, and N synthetic register
# persons (default 1,000,000) into a fresh SQLite store, release build.
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

measure() { # name, then the berkut arguments
  local name="$1"; shift
  local dir="$work/$name"
  "$berkut" --data-dir "$dir" init >/dev/null
  /usr/bin/time -f "%e %M" -o "$work/time" "$berkut" --data-dir "$dir" "$@" --json > "$work/summary.json"
  read -r secs rss < "$work/time"
  printf '| %s | %s | %s | %s MiB | `%s` |\n' "$name" "$(python3 -c 'import json,sys;d=json.load(open(sys.argv[1]));print(d["read"])' "$work/summary.json")" \
    "$secs s" "$((rss / 1024))" "berkut $*" >> "$work/rows"
}

: > "$work/rows"
if [ -d "$shared" ]; then
  measure un-sc-2026 import un-sc "$shared/un_sc/2026-02-27/UN_consolidated.xml"
  measure ofac-sdn-2023 import ofac-sdn "$shared/us_ofac_sdn/2023-12-28"
else
  echo "skipped real lists: $shared not found" >&2
fi
python3 scripts/bench/gen-register.py "$n" > "$work/register.jsonl"
measure "register-$n" import persons "$work/register.jsonl"

{
  echo "# Import benchmark, $(date +%F)"
  echo
  echo "Command: \`bash scripts/bench/import.sh $n\` at commit $(git rev-parse --short HEAD)."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB."
  echo "Release build, fresh SQLite store (WAL, synchronous=FULL) per row; wall time and peak RSS from /usr/bin/time."
  echo
  echo "| import | entries | wall time | peak RSS | command |"
  echo "|---|---|---|---|---|"
  cat "$work/rows"
} > "$out"
cat "$out"
