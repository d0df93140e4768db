#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the API and the dashboard when their sources
# changed, and runs it (the dashboard at /).
# With neither DATABASE_URL nor KAFKA_BROKERS set it runs embedded (PGlite in ./data, in-process
# transport, projector in the same process); with both it runs against PostgreSQL and Kafka.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_installed
ensure_web_built
main=dist/apps/api/main.js
if [ ! -f "$main" ] || [ -n "$(find apps libs package-lock.json tsconfig.json nest-cli.json -newer "$main" -not -path 'apps/web/*' -print -quit)" ]; then
  echo "policy-ledger: building the API (nest build api)..."
  npx nest build api
fi
exec node "$main"
