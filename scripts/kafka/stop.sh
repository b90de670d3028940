#!/usr/bin/env bash
# Stops the test broker gracefully: SIGTERM, wait up to KAFKA_STOP_TIMEOUT s,
# then SIGKILL. Succeeds (exit 0) when no broker is running.
set -euo pipefail
# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

if ! pid=$(kafka_running_pid); then
  kafka_log "not running (data dir $KAFKA_DATA)"
  rm -f "$KAFKA_PID_FILE"
  exit 0
fi

kafka_log "stopping broker pid $pid (SIGTERM)"
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
while kafka_pid_alive "$pid"; do
  if ((SECONDS >= deadline)); then
    kafka_log "still alive after ${KAFKA_STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
while kafka_pid_alive "$pid"; do sleep 0.1; done
kafka_wait_ports_closed
rm -f "$KAFKA_PID_FILE"
kafka_log "stopped"
