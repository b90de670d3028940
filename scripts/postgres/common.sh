# Shared settings of scripts/postgres/*.sh (sourced, not run).
#   PG_DIR   the cluster's directory (data, socket, log, password); default /tmp/ndp-pg-$UID
#   PG_BIN   PostgreSQL's binaries (default /usr/lib/postgresql/15/bin, Debian's package)
#   PG_PORT  port on 127.0.0.1 (default: a free one, chosen at the first start)
#   PG_DB    database created at init (default ndp)
PG_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PG_DIR="${PG_DIR:-${TMPDIR:-/tmp}/ndp-pg-$(id -u)}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DB="${PG_DB:-ndp}"
PG_DATA="$PG_DIR/data"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"

pg_log() { printf '[postgres] %s\n' "$*" >&2; }

# Runs a PostgreSQL binary as the cluster's owner: initdb and the server refuse to run as root.
pg_as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_url() {
  printf 'postgres://postgres:%s@127.0.0.1:%s/%s\n' "$(cat "$PG_DIR/password")" "$(cat "$PG_DIR/port")" "$PG_DB"
}
