#!/usr/bin/env bash
# Browser tests of the officer console (console/tests): Playwright
# (playwright-core from the npm registry, pinned by package-lock.json) drives
# Debian's chromium, headless, against the real `berkut` binary running
# `berkut demo` on a fresh data directory. Installs chromium with apt when it
# is missing (as root, or through sudo). A failing test leaves screenshots in
# target/browser-tests/. UPDATE_SCREENSHOTS=1 rewrites docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "browser-tests: installing Debian's chromium"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "browser-tests: $tool not found (Node.js 20 or newer is needed)" >&2; exit 1; }
done

cargo build --quiet --locked -p berkut-cli
export BERKUT_BIN="$CARGO_TARGET_DIR/debug/berkut"

cd console/tests
npm ci --no-audit --no-fund --loglevel=error
node --test --test-concurrency=1 --test-timeout=240000 modules.test.js console.test.js
