#!/usr/bin/env bash
# Starts a private PostgreSQL 15 cluster for tests and benchmarks: initdb into PG_DIR (a temp
# directory) as the `postgres` user, listening on 127.0.0.1 only on a free port, its socket in
# PG_DIR, password authentication over TCP. Idempotent: if the cluster is already running it
# just prints its URL.
#
#   scripts/postgres/start.sh            # start (or keep) the cluster
#   scripts/postgres/start.sh --fresh    # stop and wipe it if it exists, then init and start
#
# On success prints postgres://postgres:PASSWORD@127.0.0.1:PORT/ndp on stdout; progress goes
# to stderr. scripts/postgres/stop.sh stops it (pg_ctl -m immediate) and removes PG_DIR.
set -euo pipefail
# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

fresh=0
for arg in "$@"; do
  case "$arg" in
    --fresh) fresh=1 ;;
    -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) pg_log "unknown argument: $arg (use --fresh or --help)"; exit 2 ;;
  esac
done
t0=$SECONDS

if [[ ! -x "$PG_BIN/initdb" ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    pg_log "$PG_BIN/initdb not found: installing Debian's postgresql"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2; }
  fi
  [[ -x "$PG_BIN/initdb" ]] || { pg_log "no PostgreSQL binaries in $PG_BIN (apt-get install postgresql, or set PG_BIN)"; exit 1; }
fi
if [[ "$(id -u)" == 0 ]] && ! id postgres >/dev/null 2>&1; then
  pg_log "running as root needs a 'postgres' user (Debian's package creates it)"; exit 1
fi

# Serialise concurrent start.sh calls on the same directory (e.g. parallel test workers).
mkdir -p "$(dirname "$PG_DIR")"
exec 9>"$PG_DIR.lock"
flock 9

if ((fresh)) && [[ -d "$PG_DIR" ]]; then
  pg_log "--fresh: stopping and wiping $PG_DIR"
  PG_DIR="$PG_DIR" "$PG_SCRIPT_DIR/stop.sh" 9>&- || true
fi

if [[ -f "$PG_DATA/postmaster.pid" ]] && pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  pg_log "already running ($PG_DIR)"
  pg_url
  exit 0
fi

if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
  mkdir -p "$PG_DIR"
  chmod 700 "$PG_DIR"
  [[ "$(id -u)" == 0 ]] && chown postgres: "$PG_DIR"
  pg_as_owner test -w "$PG_DIR" || { pg_log "the postgres user cannot write $PG_DIR (is a parent directory private?)"; exit 1; }
  port="${PG_PORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"
  head -c 24 /dev/urandom | base64 | tr -d '+/=\n' >"$PG_DIR/password"
  printf '%s\n' "$port" >"$PG_DIR/port"
  chmod 600 "$PG_DIR/password"
  [[ "$(id -u)" == 0 ]] && chown postgres: "$PG_DIR/password" "$PG_DIR/port"
  pg_log "initdb into $PG_DATA"
  # Password (SCRAM) over TCP; the socket lives in PG_DIR, which only the owner can enter.
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$PG_DIR/password" \
    --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; pg_log "initdb failed"; exit 1; }
fi
port="$(cat "$PG_DIR/port")"

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  pg_log "port 127.0.0.1:$port is already in use by another process; remove $PG_DIR or set PG_PORT and --fresh"
  exit 1
fi

# Durable settings (fsync, synchronous_commit, full_page_writes: PostgreSQL's defaults) so that
# benchmarks measure durable appends; enough connections for several replicas and test pools.
pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t "$PG_START_TIMEOUT" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c max_connections=300 -c shared_buffers=64MB -c log_min_messages=warning" \
  start >/dev/null 9>&- ||
  { tail -n 40 "$PG_DIR/server.log" >&2 || true; pg_log "pg_ctl start failed"; exit 1; }

# The database the URL names.
if ! pg_as_owner "$PG_BIN/psql" -h "$PG_DIR" -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
  pg_as_owner "$PG_BIN/psql" -h "$PG_DIR" -p "$port" -U postgres -d postgres -qc "CREATE DATABASE \"$PG_DB\"" >&2
fi

pg_log "ready on 127.0.0.1:$port in $((SECONDS - t0))s (data $PG_DATA)"
pg_url
