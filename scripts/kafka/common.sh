# shellcheck shell=bash
# shellcheck disable=SC2034 # variables are used by the scripts that source this file
# Shared settings for start.sh / stop.sh / kill.sh. Sourced, not executed.
# Every value can be overridden from the environment (see README.md).

KAFKA_SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KAFKA_POM="$KAFKA_SCRIPT_DIR/pom.xml"

# Pinned version comes from the pom; KAFKA_VERSION overrides it (experiments only).
KAFKA_PINNED_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM" | head -n 1)
KAFKA_VERSION=${KAFKA_VERSION:-$KAFKA_PINNED_VERSION}
KAFKA_HOME=${KAFKA_HOME:-${HOME:-/tmp}/.cache/ndp-kafka/$KAFKA_VERSION}
KAFKA_DATA=${KAFKA_DATA:-/tmp/ndp-kafka-data}
KAFKA_PORT=${KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
KAFKA_STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}

KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_CONF_DIR="$KAFKA_DATA/config"
KAFKA_LOG_DIRS="$KAFKA_DATA/kraft-logs"
KAFKA_RUN_LOG="$KAFKA_DATA/server.log"
KAFKA_PID_FILE="$KAFKA_DATA/kafka.pid"
KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"

kafka_log() { printf '[ndp-kafka] %s\n' "$*" >&2; }

# Prints the broker PID if the pid file points at a live kafka.Kafka process.
kafka_running_pid() {
  local pid
  [[ -f "$KAFKA_PID_FILE" ]] || return 1
  pid=$(cat "$KAFKA_PID_FILE" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kafka_pid_alive "$pid" || return 1
  # Guard against PID reuse: the process must be our broker.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  printf '%s\n' "$pid"
}

# True while PID exists and is not a zombie (an orphaned broker killed with
# SIGKILL may linger as a zombie if its new parent does not reap promptly).
kafka_pid_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null || true)
  [[ "$state" != "Z" ]]
}

kafka_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# After the broker dies its listening sockets can outlive the (zombie) main
# thread for a moment; wait (bounded) until both ports are free again.
kafka_wait_ports_closed() {
  local i
  for ((i = 0; i < 200; i++)); do
    if ! kafka_port_open "$KAFKA_PORT" && ! kafka_port_open "$KAFKA_CONTROLLER_PORT"; then
      return 0
    fi
    sleep 0.05
  done
  kafka_log "warning: ports $KAFKA_PORT/$KAFKA_CONTROLLER_PORT still open 10s after the broker died"
}

# Sends a real Kafka ApiVersions v0 request (hand-encoded, no JVM needed) to
# 127.0.0.1:$1 and succeeds if the broker answers with correlation id 1 and
# error code 0, i.e. the broker's request handlers are serving requests.
kafka_api_ready() {
  local reply
  reply=$(
    exec 2>/dev/null
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    # size=11 | api_key=18 (ApiVersions) | api_version=0 | correlation_id=1 | client_id="p"
    printf '\x00\x00\x00\x0b\x00\x12\x00\x00\x00\x00\x00\x01\x00\x01\x70' >&3
    timeout 3 head -c 10 <&3 | od -An -tx1 | tr -d ' \n'
  ) || return 1
  [[ "${reply:8:12}" == "000000010000" ]]
}
