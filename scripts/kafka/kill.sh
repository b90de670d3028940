#!/usr/bin/env bash
# Kills the test broker with SIGKILL at once (crash simulation for fault
# tests). Data stays on disk; start.sh (without --fresh) recovers it.
# Succeeds (exit 0) when no broker is running.
set -euo pipefail
# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

if ! pid=$(kafka_running_pid); then
  kafka_log "not running (data dir $KAFKA_DATA)"
  rm -f "$KAFKA_PID_FILE"
  exit 0
fi

kill -KILL "$pid" 2>/dev/null || true
# Wait until the process is really gone so the ports are free for a restart.
while kafka_pid_alive "$pid"; do sleep 0.05; done
kafka_wait_ports_closed
rm -f "$KAFKA_PID_FILE"
kafka_log "killed broker pid $pid (SIGKILL)"
