# Sourced by test.sh: a throwaway PostgreSQL cluster for the PostgreSQL test run.
#   pg_start  installs Debian's postgresql when missing, starts a cluster in a temp folder on a free local port and
#             exports DASHBOARD_TEST_POSTGRES (an Npgsql connection string without a database); returns non-zero on failure.
#   pg_stop   stops it and removes the folder (test.sh runs it as an EXIT trap).
# Overrides: PG_BIN (the server's bin folder, e.g. a bogus one to try the failure path), PG_PORT (first port tried, 55432).

# The server refuses to run as root, so as root initdb and pg_ctl run as the postgres user the package creates.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_start() {
  if [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "Installing PostgreSQL for the PostgreSQL test run..."
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
  fi
  PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}

  # Under /tmp, not $TMPDIR: the postgres user cannot reach a folder under /root.
  PG_DIR=$(mktemp -d /tmp/dashboard-pg.XXXXXX) || return 1
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
  # UTF8 and C.UTF-8 whatever the machine's locale (an unset LANG would give SQL_ASCII); superuser "postgres" also when not root.
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { echo "initdb failed:"; tail -5 "$PG_DIR/initdb.log"; return 1; }

  # First port from PG_PORT on that nothing answers on (bash's /dev/tcp connects only when something listens).
  local port=${PG_PORT:-55432}
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  # Durability off (a throwaway cluster; tests create many databases); connections for parallel tests, each with its pool.
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start -o "-p $port -k $PG_DIR \
-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 \
-c shared_buffers=256MB" >/dev/null || { echo "pg_ctl start failed:"; tail -5 "$PG_DIR/server.log"; return 1; }

  export DASHBOARD_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | grep -o '[0-9][0-9.]*' | head -1) for the tests on 127.0.0.1:$port (data in $PG_DIR)"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m immediate >/dev/null 2>&1
  rm -rf "$PG_DIR"; PG_DIR=""
}
