#!/usr/bin/env bash
# Creates the Python venv for the peer comparison (rapidfuzz brute force and
# OpenSanctions nomenklatura logic-v2), OUTSIDE the repository:
#   ${BERKUT_PEERS_VENV:-/var/tmp/berkut-peers-venv}
# Installs pinned versions from PyPI (requirements.txt); constraints.txt pins
# every transitive dependency as it installed on the project machine
# (Python 3.11). Nothing else is downloaded, at setup or at run time: rigour
# ships its name corpus inside its wheel.
# Usage: scripts/peers/setup.sh        (idempotent; re-run to repair)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${BERKUT_PEERS_VENV:-/var/tmp/berkut-peers-venv}"
python="${PYTHON:-python3}"
case "$venv" in
  "$here"/*|"$(cd "$here/../.." && pwd)"/*)
    echo "setup.sh: BERKUT_PEERS_VENV must be outside the repository ($venv)" >&2; exit 2;;
esac
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r "$here/requirements.txt" -c "$here/constraints.txt"
# Fail now, not in the middle of a run, if logic-v2 cannot load.
"$venv/bin/python" - <<'PY'
from importlib.metadata import version
from nomenklatura.matching import LogicV2
import rapidfuzz, followthemoney, rigour
print("peers venv ready:", ", ".join(f"{p} {version(p)}" for p in ("rapidfuzz", "nomenklatura", "followthemoney", "rigour")),
      "| algorithm", LogicV2.NAME)
PY
echo "run: $venv/bin/python $here/compare.py --help"
