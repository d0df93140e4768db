# Shared by scripts/start.sh and scripts/test.sh. Source it from the repository root.

# Installs the npm dependencies when they are missing or older than package-lock.json.
ensure_installed() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "policy-ledger: installing dependencies (npm ci)..."
    npm ci --no-audit --no-fund
  fi
}

# Builds the web dashboard (apps/web -> dist/web) when it is missing or older than its sources.
ensure_web_built() {
  if [ ! -f dist/web/index.html ] || [ -n "$(find apps/web package-lock.json -newer dist/web/index.html -print -quit)" ]; then
    echo "policy-ledger: building the dashboard (vite build)..."
    npm run -s build:web
  fi
}
