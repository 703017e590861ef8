#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the store's tests, installing Debian's package when
# it is missing. Source it: it exports NEWSDESK_TEST_POSTGRES (the server's URL) and sets a
# trap that stops the server and removes its data when the calling shell exits.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_data=$(mktemp -d /tmp/newsdesk-pg.XXXXXX)
# A free port unless one is given: another CI run on this machine may hold the usual one.
pg_port=${NEWSDESK_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_data"; su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
as_postgres "$pg_bin/initdb -D $pg_data -A trust -U postgres --no-sync >$pg_data.initdb.log 2>&1"
as_postgres "$pg_bin/pg_ctl -D $pg_data -w -l $pg_data/server.log \
  -o '-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_data -c fsync=off' start >/dev/null"
stop_postgres() {
  as_postgres "$pg_bin/pg_ctl -D $pg_data -m fast stop >/dev/null 2>&1" || true
  rm -rf "$pg_data" "$pg_data.initdb.log"
}
trap stop_postgres EXIT
export NEWSDESK_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$pg_port/postgres"
