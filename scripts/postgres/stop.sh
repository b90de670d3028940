#!/usr/bin/env bash
# Stops the cluster of scripts/postgres/start.sh (pg_ctl -m immediate: nothing to flush for a
# throwaway cluster) and removes PG_DIR. Succeeds when no cluster is there.
#
#   scripts/postgres/stop.sh           # stop and remove PG_DIR
#   scripts/postgres/stop.sh --keep    # stop, keep the data for a later start.sh
set -euo pipefail
# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

keep=0
[[ "${1:-}" == "--keep" ]] && keep=1

if [[ -f "$PG_DATA/postmaster.pid" ]]; then
  pg_log "stopping the cluster in $PG_DIR"
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
fi
if ((keep == 0)); then
  rm -rf "$PG_DIR" "$PG_DIR.lock"
  pg_log "removed $PG_DIR"
fi
