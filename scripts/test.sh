#!/usr/bin/env bash
# Installs everything the test suite needs (virtualenv, Python packages, Debian chromium and CJK fonts),
# then runs pytest on every core. Extra arguments go to pytest. Set ZHENWU_TEST_DATABASE_URL to run on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)   # zhenwu backup/restore on PostgreSQL
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)    # the Redis job queue test
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)  # report PDF (LibreOffice headless)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Redis job-queue test uses database 5 of a local Redis.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes >/dev/null
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi

# One worker per core (ZHENWU_TEST_WORKERS=0 runs in this process); each worker has its own database, files and
# Redis database.
exec .venv/bin/pytest -n "${ZHENWU_TEST_WORKERS:-auto}" --dist load "$@"
