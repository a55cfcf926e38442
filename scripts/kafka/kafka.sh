#!/usr/bin/env bash
# Local single-node Apache Kafka for development and tests: one JVM in KRaft
# combined mode (broker + controller), bound to 127.0.0.1 only. No Docker: the
# jars come from Maven Central through scripts/kafka/pom.xml.
#
#   scripts/kafka/kafka.sh fetch    fetch the jars into the cache (skipped when cached)
#   scripts/kafka/kafka.sh start    start the broker and wait until it serves; prints
#                                   KAFKA_BROKERS=127.0.0.1:<port> on stdout
#   scripts/kafka/kafka.sh stop     stop it (TERM, then KILL after KAFKA_STOP_TIMEOUT s)
#   scripts/kafka/kafka.sh status   exit 0 if running and answering on the port
#   scripts/kafka/kafka.sh logs [N] last N lines of the broker log
#   scripts/kafka/kafka.sh reset    delete the data dir (topics, offsets); broker must be stopped
#
# See scripts/kafka/README.md for the environment variables and paths.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"

abspath() { if [[ $1 == /* ]]; then printf '%s\n' "$1"; else printf '%s\n' "$PWD/$1"; fi; }

KAFKA_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
CACHE_DIR="$(abspath "${MALLCARE_CACHE:-$REPO_ROOT/.cache}")/kafka"
DATA_DIR="$(abspath "${MALLCARE_DATA:-$REPO_ROOT/.data}")/kafka"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
KAFKA_JVM_PERFORMANCE_OPTS="${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
KAFKA_OPTS="${KAFKA_OPTS:-}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MVN="${MVN:-mvn}"

POM="$SCRIPT_DIR/pom.xml"
LOG4J_CONFIG="$SCRIPT_DIR/log4j2.properties"
LIBS_DIR="$CACHE_DIR/libs"
FETCH_MARKER="$LIBS_DIR/.fetched"
CONFIG="$DATA_DIR/server.properties"
STORAGE_DIR="$DATA_DIR/kraft-logs"
LOG_DIR="$DATA_DIR/logs"
SERVER_LOG="$LOG_DIR/server.log"
OUT_LOG="$LOG_DIR/kafka.out"
PID_FILE="$DATA_DIR/kafka.pid"
CLUSTER_ID_FILE="$DATA_DIR/cluster.id"
STARTED_MESSAGE="Kafka Server started"

log() { printf 'kafka: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

kafka_version() {
  local v
  v="$(sed -n 's:.*<kafka.version>\([^<]*\)</kafka.version>.*:\1:p' "$POM" | head -n 1)"
  [[ -n $v ]] || die "no <kafka.version> in $POM"
  printf '%s\n' "$v"
}

# What the cache must hold: the Kafka version plus a hash of the pom, so any
# edit of the pom (new version, new logging jar) fetches again.
fetch_stamp() {
  printf 'kafka=%s pom-sha256=%s\n' "$(kafka_version)" "$(sha256sum "$POM" | cut -d' ' -f1)"
}

is_fetched() { [[ -f $FETCH_MARKER && "$(cat "$FETCH_MARKER")" == "$(fetch_stamp)" ]]; }

cmd_fetch() {
  local version tmp
  version="$(kafka_version)"
  if is_fetched; then
    log "Kafka $version jars already cached in $LIBS_DIR"
    return 0
  fi
  mkdir -p "$CACHE_DIR"
  # Serialise concurrent fetches that share the cache (fd 8; not inherited by the broker).
  exec 8>"$CACHE_DIR/.fetch.lock"
  flock -w 900 8 || die "timed out waiting for another fetch ($CACHE_DIR/.fetch.lock)"
  if is_fetched; then
    exec 8>&-
    log "Kafka $version jars already cached in $LIBS_DIR"
    return 0
  fi
  command -v "$MVN" >/dev/null 2>&1 || die "'$MVN' not found: Maven is needed to fetch the Kafka jars"
  tmp="$CACHE_DIR/libs.tmp.$$"
  rm -rf "$tmp"
  log "fetching Kafka $version jars from Maven Central into $LIBS_DIR"
  if ! "$MVN" -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >&2; then
    rm -rf "$tmp"
    die "mvn failed to fetch the Kafka jars"
  fi
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || { rm -rf "$tmp"; die "mvn finished but no kafka_2.13 jar in $tmp"; }
  fetch_stamp >"$tmp/.fetched"
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
  exec 8>&-
  log "fetched $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars"
}

check_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (install a JDK >= 17 or set JAVA_HOME)"
  local line major need=11
  line="$("$JAVA" -version 2>&1 | head -n 1)"
  major="$(sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' <<<"$line")"
  [[ ${major:-} == 1 ]] && major=8
  [[ "$(kafka_version)" == [4-9].* ]] && need=17
  if [[ -n ${major:-} ]] && ((major < need)); then
    die "Kafka $(kafka_version) needs Java >= $need, found: $line"
  fi
}

# shellcheck disable=SC2016 # \$0/\$1 are expanded by the inner bash
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$KAFKA_HOST" "$1" 2>/dev/null; }

# Print the pid of our running broker; fail when there is none. The command
# line must name our server.properties, which guards against a reused pid.
broker_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r /proc/$pid/cmdline ]]; then
    tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF -- "$CONFIG" || return 1
  fi
  printf '%s\n' "$pid"
}

lock_data_dir() {
  mkdir -p "$DATA_DIR"
  exec 9>"$DATA_DIR/.lock"
  flock -w "$((START_TIMEOUT + STOP_TIMEOUT + 60))" 9 || die "timed out waiting for another kafka.sh ($DATA_DIR/.lock)"
}

write_config() {
  local tmp="$CONFIG.tmp"
  cat >"$tmp" <<EOF
# Generated by scripts/kafka/kafka.sh on every start: edits here are overwritten.
# Single node, KRaft combined mode, 127.0.0.1 only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT},CONTROLLER://${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=${STORAGE_DIR}

num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
delete.topic.enable=true
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Small machine: fewer threads than the defaults.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=168
EOF
  mv -f "$tmp" "$CONFIG"
}

# Run a Kafka tool class with the cached jars; its log4j output goes to logs/tools/.
run_tool() {
  "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.logs.dir="$LOG_DIR/tools" \
    -cp "$LIBS_DIR/*" "$@"
}

format_storage() {
  [[ -f $STORAGE_DIR/meta.properties ]] && return 0
  local cluster_id
  if [[ -s $CLUSTER_ID_FILE ]]; then
    cluster_id="$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")"
  else
    cluster_id="$(run_tool kafka.tools.StorageTool random-uuid | tail -n 1 | tr -d '[:space:]')"
    [[ -n $cluster_id ]] || die "StorageTool random-uuid printed nothing"
    printf '%s\n' "$cluster_id" >"$CLUSTER_ID_FILE"
  fi
  log "formatting $STORAGE_DIR (cluster id $cluster_id)"
  run_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$CONFIG" --ignore-formatted >&2 \
    || die "StorageTool format failed (see $LOG_DIR/tools)"
}

print_brokers() { printf 'KAFKA_BROKERS=%s:%s\n' "$KAFKA_HOST" "$KAFKA_PORT"; }

show_log_tail() {
  local f
  for f in "$SERVER_LOG" "$OUT_LOG"; do
    [[ -s $f ]] || continue
    log "---- last 50 lines of $f ----"
    tail -n 50 "$f" >&2
  done
}

# Wait until the broker process is alive, accepts TCP connections on the
# client port and has logged that it finished starting (KRaft brokers log it
# after catching up with the metadata log and being unfenced).
wait_ready() {
  local pid=$1 deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      show_log_tail
      die "broker (pid $pid) exited during startup"
    fi
    if port_open "$KAFKA_PORT" && grep -qF "$STARTED_MESSAGE" "$SERVER_LOG" 2>/dev/null; then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail
      log "broker not ready after ${START_TIMEOUT}s; stopping it"
      stop_pid "$pid"
      die "start timed out"
    fi
    sleep 0.3
  done
}

launch() {
  local heap perf extra
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  read -r -a perf <<<"$KAFKA_JVM_PERFORMANCE_OPTS"
  read -r -a extra <<<"$KAFKA_OPTS"
  mkdir -p "$LOG_DIR"
  # Keep the previous run's logs once, so the readiness check only sees this run.
  [[ -f $SERVER_LOG ]] && mv -f "$SERVER_LOG" "$SERVER_LOG.prev"
  [[ -f $OUT_LOG ]] && mv -f "$OUT_LOG" "$OUT_LOG.prev"
  rm -f "$PID_FILE"
  # setsid: the broker leaves the caller's session/process group, so it outlives
  # the shell (and its job control) that started it. The inner bash closes every
  # inherited fd above 2 (our lock on fd 9, and any pipe of the caller, so that
  # e.g. `$(kafka.sh start)` or a test runner's pipes see EOF), records its own
  # pid, then execs java, so the pid file holds the JVM's pid.
  (
    cd "$DATA_DIR"
    # shellcheck disable=SC2016 # expanded by the inner bash
    nohup setsid bash -c '
      for fd in /proc/$$/fd/*; do
        fd=${fd##*/}
        if [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)); then eval "exec $fd>&-"; fi
      done
      echo $$ >"$0"
      exec "$@"' "$PID_FILE" \
      "$JAVA" "${heap[@]}" "${perf[@]}" \
      -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.logs.dir="$LOG_DIR" \
      ${extra[@]+"${extra[@]}"} \
      -cp "$LIBS_DIR/*" kafka.Kafka "$CONFIG" \
      >"$OUT_LOG" 2>&1 </dev/null &
  )
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s $PID_FILE ]] && break
    sleep 0.05
  done
  [[ -s $PID_FILE ]] || { show_log_tail; die "broker did not start (no pid file)"; }
  tr -dc '0-9' <"$PID_FILE"
}

cmd_start() {
  lock_data_dir
  cmd_fetch
  check_java
  local pid
  if pid="$(broker_pid)"; then
    if port_open "$KAFKA_PORT"; then
      log "already running (pid $pid) on $KAFKA_HOST:$KAFKA_PORT"
    else
      log "broker process $pid exists but $KAFKA_HOST:$KAFKA_PORT is not answering yet; waiting"
      wait_ready "$pid"
    fi
    print_brokers
    return 0
  fi
  rm -f "$PID_FILE"
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "$KAFKA_HOST:$p is already in use by another process (set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
    fi
  done
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  write_config
  format_storage
  local t0=$SECONDS
  pid="$(launch)"
  log "started Kafka $(kafka_version) (pid $pid); waiting up to ${START_TIMEOUT}s for $KAFKA_HOST:$KAFKA_PORT"
  wait_ready "$pid"
  log "ready after $((SECONDS - t0))s (logs: $SERVER_LOG)"
  print_brokers
}

stop_pid() {
  local pid=$1 deadline=$((SECONDS + STOP_TIMEOUT))
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "pid $pid still alive after ${STOP_TIMEOUT}s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      local i
      for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
}

cmd_stop() {
  lock_data_dir
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping broker (pid $pid)"
  stop_pid "$pid"
  log "stopped"
}

cmd_status() {
  local pid
  if ! pid="$(broker_pid)"; then
    log "not running"
    return 1
  fi
  if ! port_open "$KAFKA_PORT"; then
    log "process $pid is alive but $KAFKA_HOST:$KAFKA_PORT is not answering (starting or stopping)"
    return 1
  fi
  log "running (pid $pid) on $KAFKA_HOST:$KAFKA_PORT, Kafka $(kafka_version), data in $DATA_DIR"
  print_brokers
}

cmd_logs() {
  [[ -f $SERVER_LOG ]] || die "no log yet ($SERVER_LOG)"
  tail -n "${1:-100}" "$SERVER_LOG"
}

cmd_reset() {
  lock_data_dir
  if broker_pid >/dev/null; then
    die "broker is running; run '$0 stop' first"
  fi
  [[ $DATA_DIR == */kafka ]] || die "refusing to delete unexpected data dir $DATA_DIR"
  log "deleting $DATA_DIR"
  find "$DATA_DIR" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
}

usage() {
  cat >&2 <<EOF
usage: $0 {fetch|start|stop|status|logs [N]|reset}
  cache (jars): $CACHE_DIR
  data (logs, KRaft metadata, pid): $DATA_DIR
EOF
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  logs) cmd_logs "${2:-}" ;;
  reset) cmd_reset ;;
  -h | --help | help) usage ;;
  *) usage; exit 2 ;;
esac
