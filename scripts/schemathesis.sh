#!/usr/bin/env bash
# Property-based API testing with schemathesis (PyPI) against the served
# /openapi.json: no 5xx, and every response must match the documented schema.
# Runs `berkut` on a fresh demo store (small register); the endless alert
# stream is excluded (it never completes a response). Used by .ci/run.
#   bash scripts/schemathesis.sh [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-30}"
venv="${BERKUT_ST_VENV:-/var/tmp/berkut-st-venv}"
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi
cargo build --quiet --locked -p berkut-cli
berkut="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/berkut"
work="$(mktemp -d)"; port=$((20000 + RANDOM % 20000)); server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
token=$("$berkut" --data-dir "$work/data" demo --no-serve --listed 300 2>/dev/null | sed -n 's/^export BERKUT_TOKEN=//p')
[ -n "$token" ] || { echo "schemathesis: no token from berkut demo" >&2; exit 1; }
"$berkut" --data-dir "$work/data" serve --listen "127.0.0.1:$port" --rate-limit 0 2> "$work/serve.log" &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
"$venv/bin/st" --no-color run "http://127.0.0.1:$port/openapi.json" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --exclude-path /v1/alerts/stream \
  --max-examples "$examples" --request-timeout 10 --seed 1 --workers 2
