#!/bin/sh
# PostgreSQL 15 for compose.yaml: initialise the data volume once, then run in the foreground.
set -e
data=/var/lib/postgresql/data
if [ ! -s "$data/PG_VERSION" ]; then
  install -d -o postgres -g postgres -m 0700 "$data"
  su postgres -s /bin/sh -c "/usr/lib/postgresql/15/bin/initdb -D $data --auth-local=peer --auth-host=scram-sha-256 --username=postgres"
  printf "listen_addresses = '*'\n" >> "$data/postgresql.conf"
  printf "host all all 0.0.0.0/0 scram-sha-256\n" >> "$data/pg_hba.conf"
  su postgres -s /bin/sh -c "/usr/lib/postgresql/15/bin/pg_ctl -D $data -w start -o '-c listen_addresses='"
  su postgres -s /bin/sh -c "psql -v ON_ERROR_STOP=1 -c \"CREATE ROLE safeguarding LOGIN PASSWORD '\$(cat /run/secrets/db_password)'\" -c 'CREATE DATABASE safeguarding OWNER safeguarding'"
  su postgres -s /bin/sh -c "/usr/lib/postgresql/15/bin/pg_ctl -D $data -w stop"
fi
install -d -o postgres -g postgres /run/postgresql
exec su postgres -s /bin/sh -c "exec /usr/lib/postgresql/15/bin/postgres -D $data"
