#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with trust auth for
# user postgres: start the installed cluster if it is down, install it from
# Debian's packages if it is missing. Exits non-zero with a clear message
# when that is impossible.
set -uo pipefail

ready() { psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; }

if ready; then echo "postgres: running on 127.0.0.1:5432"; exit 0; fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "postgres: not installed; installing from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq postgresql postgresql-client) >/dev/null \
    || { echo "postgres: FAILED to install postgresql with apt-get" >&2; exit 1; }
fi

version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$version" ]; then
  echo "postgres: FAILED: no cluster under /etc/postgresql" >&2
  exit 1
fi
hba="/etc/postgresql/$version/main/pg_hba.conf"
if [ -f "$hba" ] && ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
  # Tests connect as postgres over TCP without a password.
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
fi
echo "postgres: starting cluster $version/main"
pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
  || pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || true

for _ in $(seq 1 30); do
  if ready; then echo "postgres: running on 127.0.0.1:5432"; exit 0; fi
  sleep 1
done
echo "postgres: FAILED: no server answers on 127.0.0.1:5432 as user postgres (trust auth)" >&2
exit 1
