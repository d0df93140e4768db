#!/usr/bin/env bash
# Local services for development and the integration tests, without Docker:
#   - PostgreSQL: the installed (Debian) cluster on 127.0.0.1:5432, started if it is stopped,
#     plus the databases policy_ledger and policy_ledger_test.
#   - Kafka: a real Apache Kafka broker (KRaft, single node, broker+controller in one JVM) run
#     from its Maven Central jars with the installed Java and Maven. Jars, config, data and log
#     live under .cache/kafka/ (git-ignored).
#
# Usage: bash scripts/services.sh up|down|status|jars
#   up      start what is not running and wait until it answers (idempotent)
#   down    stop the Kafka broker this script started; PostgreSQL is left running
#   status  one line per service; exit 0 when both answer, 1 otherwise
#   jars    only fetch the Kafka jars into .cache/kafka/<version>/libs when they are missing
#           (for a broker of one's own, e.g. the fault suite's), starting nothing
#
# Environment overrides:
#   KAFKA_VERSION (3.9.1), KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
#   KAFKA_CLUSTER_ID (used only when formatting a new data dir), KAFKA_HEAP_OPTS (-Xms256m -Xmx1g),
#   KAFKA_START_TIMEOUT seconds (90), POSTGRES_PORT (5432)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

PG_HOST=127.0.0.1
PG_PORT="${POSTGRES_PORT:-5432}"
PG_USER=postgres
PG_DATABASES=(policy_ledger policy_ledger_test)
PG_START_TIMEOUT=30

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
KAFKA_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
# 16 bytes, base64url: the default cluster id of the official apache/kafka Docker image.
KAFKA_CLUSTER_ID="${KAFKA_CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT=20

KAFKA_TEMPLATES="$SCRIPT_DIR/kafka"
CACHE="$ROOT/.cache/kafka"
LIBS="$CACHE/$KAFKA_VERSION/libs"
DATA="$CACHE/data"
CONF="$CACHE/server.properties"
PIDFILE="$CACHE/kafka.pid"
LOG="$CACHE/kafka.log"
DATA_VERSION_FILE="$CACHE/data.kafka-version"
READY_LINE='Kafka Server started'

say() { printf '%s\n' "$*"; }
die() { printf '%s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
rel() { printf '%s' "${1#"$ROOT"/}"; }

# True when host:port accepts a TCP connection.
port_open() {
  # shellcheck disable=SC2016 # $0/$1 expand in the inner shell
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" >/dev/null 2>&1
}

with_lock() {
  mkdir -p "$CACHE"
  if have flock; then
    exec 9>"$CACHE/services.lock"
    flock -w 180 9 || die "services: another 'services.sh' run holds $(rel "$CACHE")/services.lock"
  fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------
pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" >/dev/null 2>&1; }

# Prints "<version> <cluster> <status>" of the installed cluster serving $PG_PORT, if any.
pg_find_cluster() {
  if have pg_lsclusters; then
    pg_lsclusters --no-header 2>/dev/null | awk -v p="$PG_PORT" '$3 == p { print $1, $2, $4; exit }'
    return 0
  fi
  local d
  # shellcheck disable=SC2012 # version-sorted directory names
  d="$(ls -d /etc/postgresql/*/main 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$d" ]] && printf '%s main unknown\n' "$(basename "$(dirname "$d")")"
  return 0
}

pg_psql() {
  psql -X -w -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"
}

pg_up() {
  if pg_ready; then
    say "postgres: already running on $PG_HOST:$PG_PORT"
  else
    local cluster ver name state
    cluster="$(pg_find_cluster)"
    if [[ -z "$cluster" ]]; then
      local missing=()
      have pg_ctlcluster || missing+=("pg_ctlcluster (postgresql-common)")
      [[ -d /etc/postgresql ]] || missing+=("/etc/postgresql/<version>/main")
      ((${#missing[@]})) || missing+=("a cluster configured for port $PG_PORT (pg_lsclusters lists none)")
      die "postgres: nothing answers on $PG_HOST:$PG_PORT and no local PostgreSQL cluster is installed (missing: ${missing[*]}). Install it, e.g. 'apt-get install postgresql-15', or start your own server on $PG_HOST:$PG_PORT (user $PG_USER, trust auth)."
    fi
    have pg_ctlcluster || die "postgres: found cluster '$cluster' but pg_ctlcluster is missing (postgresql-common)."
    read -r ver name state <<<"$cluster"
    if [[ "$state" == online* ]]; then
      say "postgres: cluster $ver/$name is online but $PG_HOST:$PG_PORT does not answer yet; waiting"
    else
      say "postgres: starting cluster $ver/$name..."
      local out
      if ! out="$(pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 2>&1 9>&-)"; then
        printf '%s\n' "$out" >&2
        local pglog="/var/log/postgresql/postgresql-$ver-$name.log"
        [[ -r "$pglog" ]] && { say "--- last lines of $pglog" >&2; tail -n 20 "$pglog" >&2; }
        die "postgres: 'pg_ctlcluster --skip-systemctl-redirect $ver $name start' failed (run as root or the cluster owner)."
      fi
    fi
    local t0=$SECONDS
    until pg_ready; do
      if ((SECONDS - t0 >= PG_START_TIMEOUT)); then
        die "postgres: cluster $ver/$name did not answer on $PG_HOST:$PG_PORT within ${PG_START_TIMEOUT}s (check port/listen_addresses in /etc/postgresql/$ver/$name/postgresql.conf)."
      fi
      sleep 0.5
    done
    say "postgres: ready on $PG_HOST:$PG_PORT in $((SECONDS - t0))s"
  fi

  local db exists
  for db in "${PG_DATABASES[@]}"; do
    exists="$(pg_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ||
      die "postgres: cannot query $PG_HOST:$PG_PORT as user $PG_USER (trust auth expected)."
    if [[ "$exists" != "1" ]]; then
      pg_psql -c "CREATE DATABASE \"$db\"" || die "postgres: could not create database $db"
      say "postgres: created database $db"
    fi
  done
}

pg_status() {
  if ! have pg_isready; then
    say "postgres: unknown (pg_isready not installed)"
    return 1
  fi
  if pg_ready; then
    say "postgres: up on $PG_HOST:$PG_PORT"
  else
    say "postgres: down ($PG_HOST:$PG_PORT does not answer)"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------------------------
pom_hash() { sha256sum "$KAFKA_TEMPLATES/pom.xml" | cut -d' ' -f1; }
jars_cached() {
  [[ -f "$LIBS/kafka_2.13-$KAFKA_VERSION.jar" && -f "$LIBS/.pom.sha256" ]] &&
    [[ "$(<"$LIBS/.pom.sha256")" == "$(pom_hash)" ]]
}

# Stops at once, naming every missing tool, before anything is started.
check_tools() {
  local missing=()
  have pg_isready || missing+=("pg_isready (PostgreSQL client, e.g. 'apt-get install postgresql-15')")
  have psql || missing+=("psql (PostgreSQL client, e.g. 'apt-get install postgresql-15')")
  have java || missing+=("java (JDK/JRE 17, e.g. 'apt-get install openjdk-17-jre-headless')")
  if ! jars_cached && ! have mvn; then
    missing+=("mvn (Maven 3.8+, needed once to fetch the Kafka $KAFKA_VERSION jars, e.g. 'apt-get install maven')")
  fi
  if ((${#missing[@]})); then
    printf 'services: missing:\n' >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
  fi
}

# Prints the pid of the broker this script started, if it is alive.
kafka_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid cmd
  pid="$(tr -dc '0-9' <"$PIDFILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  else
    cmd="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  fi
  [[ "$cmd" == *kafka.Kafka* ]] || return 1 # pid reused by something else
  printf '%s\n' "$pid"
}

# Port and version of the broker this script started (from the config and classpath it runs with).
kafka_running_port() {
  sed -n 's|^advertised.listeners=PLAINTEXT://[^:]*:\([0-9]*\).*|\1|p' "$CONF" 2>/dev/null | head -n 1
}
kafka_running_version() {
  local cmd
  cmd="$(tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null || ps -o args= -p "$1" 2>/dev/null || true)"
  printf '%s' "$cmd" | sed -n 's|.*\.cache/kafka/\([^/]*\)/libs/.*|\1|p' | head -n 1
}

kafka_fetch_jars() {
  jars_cached && return 0
  say "kafka: fetching jars for Kafka $KAFKA_VERSION from Maven Central (first run)..."
  local t0=$SECONDS tmp="$LIBS.partial"
  rm -rf "$tmp" "$LIBS"
  mkdir -p "$(dirname "$LIBS")"
  local out
  if ! out="$(mvn -B -q -Dstyle.color=never -f "$KAFKA_TEMPLATES/pom.xml" \
      -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies -DoutputDirectory="$tmp" 2>&1)"; then
    rm -rf "$tmp"
    printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g' >&2
    die "kafka: Maven could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION and its dependencies (is Maven Central reachable? see the Maven output above)."
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || { rm -rf "$tmp"; die "kafka: Maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing from $(rel "$tmp")"; }
  pom_hash >"$tmp/.pom.sha256"
  mv "$tmp" "$LIBS"
  say "kafka: fetched $(find "$LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS" | cut -f1)) in $((SECONDS - t0))s"
}

kafka_render_config() {
  local esc_data
  esc_data="$(printf '%s' "$DATA" | sed 's/[\\&|]/\\&/g')"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@KAFKA_DATA_DIR@|$esc_data|g" \
      "$KAFKA_TEMPLATES/server.properties" >"$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
}

# Sets JAVA_CMD to the JVM command line for a Kafka main class and its arguments.
kafka_java_cmd() {
  local heap
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  JAVA_CMD=(java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$KAFKA_TEMPLATES/log4j.properties"
    -cp "$LIBS/*" "$@")
}

kafka_format_storage() {
  local major="${KAFKA_VERSION%%.*}"
  if [[ -f "$DATA/meta.properties" ]]; then
    local prev=""
    [[ -f "$DATA_VERSION_FILE" ]] && prev="$(<"$DATA_VERSION_FILE")"
    if [[ -n "$prev" && "${prev%%.*}" != "$major" ]]; then
      die "kafka: $(rel "$DATA") was written by Kafka $prev; Kafka $KAFKA_VERSION needs a fresh data dir: 'bash scripts/services.sh down && rm -rf $(rel "$DATA")'"
    fi
  else
    say "kafka: formatting storage $(rel "$DATA") (cluster id $KAFKA_CLUSTER_ID)"
    mkdir -p "$DATA"
    local out JAVA_CMD
    kafka_java_cmd kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$CONF" --ignore-formatted
    if ! out="$("${JAVA_CMD[@]}" 2>&1)"; then
      printf '%s\n' "$out" >&2
      die "kafka: storage format failed"
    fi
  fi
  printf '%s\n' "$KAFKA_VERSION" >"$DATA_VERSION_FILE"
}

kafka_fail() {
  {
    say "kafka: $1"
    if [[ -f "$LOG" ]]; then
      say "--- last 40 lines of $(rel "$LOG"):"
      tail -n 40 "$LOG"
    fi
  } >&2
  exit 1
}

kafka_wait_ready() {
  local pid="$1" t0=$SECONDS
  until grep -q "$READY_LINE" "$LOG" 2>/dev/null && port_open "$KAFKA_HOST" "$KAFKA_PORT"; do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; kafka_fail "broker (pid $pid) exited during startup"; }
    if ((SECONDS - t0 >= KAFKA_START_TIMEOUT)); then
      kafka_fail "broker (pid $pid) not ready on $KAFKA_HOST:$KAFKA_PORT after ${KAFKA_START_TIMEOUT}s (still running; stop it with 'bash scripts/services.sh down')"
    fi
    sleep 0.5
  done
  say "kafka: ready on $KAFKA_HOST:$KAFKA_PORT in $((SECONDS - t0))s (pid $pid, Kafka $KAFKA_VERSION)"
}

kafka_up() {
  local pid
  if pid="$(kafka_pid)"; then
    local rport rver
    rport="$(kafka_running_port)"
    rver="$(kafka_running_version "$pid")"
    if [[ "${rport:-$KAFKA_PORT}" != "$KAFKA_PORT" || "${rver:-$KAFKA_VERSION}" != "$KAFKA_VERSION" ]]; then
      die "kafka: the broker started by this script (pid $pid) runs Kafka ${rver:-?} on port ${rport:-?}, not $KAFKA_VERSION on $KAFKA_PORT; run 'bash scripts/services.sh down' first"
    fi
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      say "kafka: already running on $KAFKA_HOST:$KAFKA_PORT (pid $pid)"
      return 0
    fi
    say "kafka: broker (pid $pid) is starting; waiting"
    kafka_wait_ready "$pid"
    return 0
  fi
  if [[ -f "$PIDFILE" ]]; then
    rm -f "$PIDFILE"
    say "kafka: removed stale pid file"
  fi
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    say "kafka: already running on $KAFKA_HOST:$KAFKA_PORT (not started by this script; left as is)"
    return 0
  fi
  if port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
    die "kafka: controller port $KAFKA_HOST:$KAFKA_CONTROLLER_PORT is used by another process; free it or set KAFKA_CONTROLLER_PORT"
  fi

  kafka_fetch_jars
  mkdir -p "$CACHE"
  kafka_render_config
  kafka_format_storage

  [[ -f "$LOG" ]] && mv -f "$LOG" "$LOG.1"
  : >"$LOG"
  say "kafka: starting broker on $KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_HOST:$KAFKA_CONTROLLER_PORT, log $(rel "$LOG"))"
  # setsid + nohup: the broker gets its own session and survives this script and its terminal.
  # The inner shell writes its own pid, then execs java, so the pid file names the JVM.
  local JAVA_CMD
  kafka_java_cmd kafka.Kafka "$CONF"
  (
    cd "$CACHE"
    # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner shell
    nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDFILE" "${JAVA_CMD[@]}" \
      >>"$LOG" 2>&1 </dev/null 9>&- &
  )
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$PIDFILE" ]] && break
    sleep 0.1
  done
  pid="$(tr -dc '0-9' <"$PIDFILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || kafka_fail "broker did not start (no pid file)"
  kafka_wait_ready "$pid"
}

kafka_down() {
  local pid
  if ! pid="$(kafka_pid)"; then
    if [[ -f "$PIDFILE" ]]; then
      rm -f "$PIDFILE"
      say "kafka: not running (removed stale pid file)"
    elif port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      say "kafka: $KAFKA_HOST:$KAFKA_PORT answers but was not started by this script; left alone"
    else
      say "kafka: not running"
    fi
    return 0
  fi
  say "kafka: stopping broker (pid $pid)..."
  local t0=$SECONDS
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS - t0 >= KAFKA_STOP_TIMEOUT)); then
      say "kafka: still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$PIDFILE"
  say "kafka: stopped in $((SECONDS - t0))s"
}

kafka_status() {
  local pid
  if pid="$(kafka_pid)"; then
    local rport rver
    rport="$(kafka_running_port)"
    rport="${rport:-$KAFKA_PORT}"
    rver="$(kafka_running_version "$pid")"
    if port_open "$KAFKA_HOST" "$rport"; then
      say "kafka: up on $KAFKA_HOST:$rport (pid $pid, Kafka ${rver:-?}, data $(rel "$DATA"))"
    else
      say "kafka: starting (pid $pid; $KAFKA_HOST:$rport not answering yet)"
      return 1
    fi
  elif port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    say "kafka: up on $KAFKA_HOST:$KAFKA_PORT (not started by this script)"
  else
    say "kafka: down"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
usage() { die "usage: bash scripts/services.sh up|down|status|jars"; }

main() {
  (($# == 1)) || usage
  case "$1" in
    up)
      local t0=$SECONDS
      check_tools
      with_lock
      pg_up
      kafka_up
      say "services: up in $((SECONDS - t0))s"
      ;;
    down)
      with_lock
      kafka_down
      say "postgres: left running (managed by the system, not by this script)"
      ;;
    jars)
      have java || die "services: missing java (JDK/JRE 17, e.g. 'apt-get install openjdk-17-jre-headless')"
      jars_cached || have mvn || die "services: missing mvn (Maven 3.8+, needed once to fetch the Kafka $KAFKA_VERSION jars, e.g. 'apt-get install maven')"
      with_lock
      kafka_fetch_jars
      say "kafka: jars for Kafka $KAFKA_VERSION in $(rel "$LIBS")"
      ;;
    status)
      local rc=0
      pg_status || rc=1
      kafka_status || rc=1
      return "$rc"
      ;;
    *) usage ;;
  esac
}

main "$@"
