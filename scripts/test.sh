#!/usr/bin/env bash
# `npm test`: the whole suite (unit, integration, end to end in both modes, the dashboard in
# headless Chromium, then the load test alone). Builds the dashboard when it is missing or stale. Brings up what the
# integration tests need first: PostgreSQL and Kafka with docker compose where a Docker engine
# answers, otherwise the local PostgreSQL installation and Kafka from its Maven jars
# (scripts/services.sh, which names what is missing when it cannot). Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_installed
ensure_web_built
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo "policy-ledger: starting PostgreSQL and Kafka with docker compose..."
  docker compose -f docker/compose.yml up -d --wait postgres kafka
  export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/policy_ledger_test}"
else
  bash scripts/services.sh up
fi
# jest runs the CommonJS build of everything; PGlite's loads Node built-ins with import(), which
# jest allows only with the VM modules flag (the test files themselves stay CommonJS).
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
jest=(node node_modules/jest/bin/jest.js --maxWorkers=2)
if [ "$#" -gt 0 ]; then exec "${jest[@]}" "$@"; fi
# The whole suite: the load test (latency under 500 open streams) alone, after the rest, so that no
# other test file shares the cores with it; both run, and either failing fails npm test.
status=0
"${jest[@]}" --selectProjects unit integration e2e browser || status=$?
"${jest[@]}" --selectProjects load || status=$?
exit "$status"
