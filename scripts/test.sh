#!/usr/bin/env bash
# Berkut's test suite: every crate's unit, integration, property and
# conformance tests. PostgreSQL tests use $BERKUT_TEST_PG_URL (default: the
# local server on 127.0.0.1:5432, user postgres, trust auth); when no server
# answers they print "skipped: …", unless BERKUT_REQUIRE_PG=1 makes that a
# failure. Tests that need ../shared data skip with a printed reason when it
# is absent. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
export BERKUT_TEST_PG_URL="${BERKUT_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
exec cargo test --workspace --locked "$@"
