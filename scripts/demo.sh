#!/usr/bin/env bash
# Berkut's main job on the embedded default (SQLite, zero configuration), as
# a short scripted flow: register a person, impose an entry ban, try bad
# input, lift the ban, show its history and verify the tamper-evident log.
# Uses a fresh data directory (printed) so it can be run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --locked -p berkut-cli
berkut="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/berkut"
export BERKUT_DATA_DIR="${BERKUT_DATA_DIR:-$(mktemp -d)/berkut-data}"
export BERKUT_ACTOR="${BERKUT_ACTOR:-demo-officer}"

run() { echo; echo "\$ berkut $*"; "$berkut" "$@"; }
fail() { echo; echo "\$ berkut $*   # expected to fail"; if "$berkut" "$@"; then echo "demo: expected a failure" >&2; exit 1; fi; }

run init
run person add --id W-000123 --name "Иванов Юрий Петрович" --name "IURII IVANOV" \
    --birth-date 1975-03-12 --nationality RUS --sex M --document P:N1234567:RUS:2030-01-01
run ban add --person W-000123 --ground terrorism --authority "Migration Police, Almaty" \
    --basis "Court decision 2-1234/2025 of 2025-01-10" --imposed-at 2025-01-10
fail ban add --person W-000123 --ground theft --authority X --basis Y
fail ban add --person W-000999 --ground extremism --authority X --basis Y
run ban list
echo; echo "# The traveller's passport says IURII IVANOV: DENY (exit status 4)"
set +e
run screen --name "IURII IVANOV" --birth-date 1975-03-12
set -e
ban=$("$berkut" ban list --json | head -n 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
fail ban lift "$ban" --reason ""
run ban lift "$ban" --reason "Decision quashed on appeal"
run screen --name "IURII IVANOV" --birth-date 1975-03-12
run ban show "$ban"
run person show W-000123

echo
echo "# Screening: a national register in Cyrillic/Arabic script, travellers in Latin passports"
gen="$(dirname "$BERKUT_DATA_DIR")/gen"
run gen --seed 7 --listed 2000 --travellers 500 --out "$gen"
run import persons "$gen/register.jsonl"
listed=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    t=json.loads(l)
    if t["kind"]=="listed" and "mrz_only" not in t.get("variation",""): print(t["id"]); break' "$gen/truth.jsonl")
python3 -c 'import json,sys
for l in open(sys.argv[1]):
    t=json.loads(l)
    if t["id"]==sys.argv[2]: print(json.dumps(t, ensure_ascii=False)); break' "$gen/travellers.jsonl" "$listed" > "$gen/one.jsonl"
echo; echo "\$ cat one.jsonl"; cat "$gen/one.jsonl"
run screen --batch "$gen/one.jsonl"
run screen --name "Aigerim Bekova" --birth-date 1990-05-05
run screen --batch "$gen/travellers.jsonl" --out "$gen/results.jsonl"
run eval --watchlist "$gen/register.jsonl" --travellers "$gen/travellers.jsonl" --truth "$gen/truth.jsonl"
run audit verify
echo
echo "demo: done; the store is in $BERKUT_DATA_DIR"
