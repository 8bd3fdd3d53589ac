#!/usr/bin/env bash
# A hot standby of the local PostgreSQL server, for the replication suite (test/replication/) and
# for trying DATABASE_READ_URL by hand: `pg_basebackup -R` copies the primary (127.0.0.1:5432 by
# default) into a new data folder and starts it on another port (5433) as a streaming replica.
#
#   scripts/start-standby.sh            # create (if absent) and start the standby
#   scripts/start-standby.sh stop       # stop it (the data folder stays)
#   scripts/start-standby.sh remove     # stop it and delete its data folder
#
# Works as root on Debian (the server then runs as the postgres user, as .ci/run runs the primary)
# and as an ordinary user who owns the data folder. The primary needs wal_level replica (the
# default) and max_wal_senders > 0 (default 10); when it refuses replication connections from
# 127.0.0.1 a `host replication` line is added to its pg_hba.conf, with the method its
# `host all all 127.0.0.1/32` line uses, and its configuration reloaded: nothing else is changed.
#
# Environment: PRIMARY_HOST (127.0.0.1), PRIMARY_PORT (5432), PRIMARY_USER (postgres),
# STANDBY_PORT (5433), STANDBY_DIR (/tmp/ayni-standby-$STANDBY_PORT), PGPASSWORD as for psql.
set -euo pipefail

PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PRIMARY_USER=${PRIMARY_USER:-postgres}
STANDBY_PORT=${STANDBY_PORT:-5433}
STANDBY_DIR=${STANDBY_DIR:-/tmp/ayni-standby-$STANDBY_PORT}
action=${1:-start}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || bin=$(dirname "$(command -v pg_ctl)")
# As root, PostgreSQL runs as the postgres user (it refuses to run as root).
run() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}
say() { printf 'start-standby: %s\n' "$*"; }

if [ "$action" = stop ] || [ "$action" = remove ]; then
  if [ -f "$STANDBY_DIR/postmaster.pid" ]; then run "$bin/pg_ctl" -D "$STANDBY_DIR" -m fast -w stop; fi
  if [ "$action" = remove ]; then rm -rf "$STANDBY_DIR"; say "removed $STANDBY_DIR"; fi
  exit 0
fi

primary_psql() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -d postgres -tAX "$@"; }

# The primary must accept a replication connection from this address.
if ! psql "host=$PRIMARY_HOST port=$PRIMARY_PORT user=$PRIMARY_USER replication=true dbname=postgres" \
  -tAXc IDENTIFY_SYSTEM >/dev/null 2>&1; then
  hba=$(primary_psql -c 'SHOW hba_file')
  method=$(awk '$1=="host" && $2=="all" && $3=="all" && $4=="127.0.0.1/32" {print $5; exit}' "$hba")
  method=${method:-scram-sha-256}
  say "the primary refuses replication from $PRIMARY_HOST: adding 'host replication all 127.0.0.1/32 $method' to $hba"
  printf '\n# Added by ayni scripts/start-standby.sh: streaming replication to a local standby.\nhost replication all 127.0.0.1/32 %s\n' "$method" >>"$hba"
  primary_psql -c 'SELECT pg_reload_conf()' >/dev/null
  psql "host=$PRIMARY_HOST port=$PRIMARY_PORT user=$PRIMARY_USER replication=true dbname=postgres" \
    -tAXc IDENTIFY_SYSTEM >/dev/null
fi

if [ ! -f "$STANDBY_DIR/standby.signal" ]; then
  say "copying the primary $PRIMARY_HOST:$PRIMARY_PORT into $STANDBY_DIR (pg_basebackup -R)"
  rm -rf "$STANDBY_DIR"
  mkdir -p "$STANDBY_DIR"
  chmod 700 "$STANDBY_DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$STANDBY_DIR"
  run env PGPASSWORD="${PGPASSWORD:-}" "$bin/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" \
    -U "$PRIMARY_USER" -D "$STANDBY_DIR" -R -X stream -c fast
  # The copy carries the primary's postgresql.auto.conf; its own settings go after them. Debian
  # keeps postgresql.conf in /etc, so the copy may have none: the defaults are what a standby needs.
  cat >>"$STANDBY_DIR/postgresql.auto.conf" <<EOF
port = $STANDBY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
hot_standby = on
hot_standby_feedback = on
EOF
  [ -f "$STANDBY_DIR/postgresql.conf" ] || run touch "$STANDBY_DIR/postgresql.conf"
  # The primary's pg_hba.conf and pg_ident.conf live in /etc on Debian: give the copy the same.
  hba=$(primary_psql -c 'SHOW hba_file')
  ident=$(primary_psql -c 'SHOW ident_file')
  [ -f "$STANDBY_DIR/pg_hba.conf" ] || { cp "$hba" "$STANDBY_DIR/pg_hba.conf"; [ "$(id -u)" = 0 ] && chown postgres: "$STANDBY_DIR/pg_hba.conf"; }
  [ -f "$STANDBY_DIR/pg_ident.conf" ] || { cp "$ident" "$STANDBY_DIR/pg_ident.conf"; [ "$(id -u)" = 0 ] && chown postgres: "$STANDBY_DIR/pg_ident.conf"; }
fi

if [ -f "$STANDBY_DIR/postmaster.pid" ] && run "$bin/pg_ctl" -D "$STANDBY_DIR" status >/dev/null 2>&1; then
  say "already running on port $STANDBY_PORT"
else
  run "$bin/pg_ctl" -D "$STANDBY_DIR" -l "$STANDBY_DIR/standby.log" -w -t 60 start >/dev/null
fi
for _ in $(seq 1 60); do
  [ "$(psql -h 127.0.0.1 -p "$STANDBY_PORT" -U "$PRIMARY_USER" -d postgres -tAXc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ] && break
  sleep 1
done
say "hot standby on 127.0.0.1:$STANDBY_PORT (data $STANDBY_DIR, log $STANDBY_DIR/standby.log)"
psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -d postgres -tAXc \
  "SELECT 'replication: ' || application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication"
