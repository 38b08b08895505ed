# shellcheck shell=bash
# Part of ./cinemesh (sourced by it; see its header).
# PostgreSQL: the one on 5432, else Debian's; the data folder's own database.

# ---- PostgreSQL --------------------------------------------------------------------------------------------

setup_postgres() {
  local own=0 v
  for v in CINEMESH_DB_HOST CINEMESH_DB_PORT CINEMESH_DB_NAME CINEMESH_DB_USER CINEMESH_DB_PASSWORD; do
    [[ -n ${!v:-} ]] && own=1
  done
  DB_HOST=${CINEMESH_DB_HOST:-127.0.0.1}
  DB_PORT=${CINEMESH_DB_PORT:-$PG_PORT}
  DB_NAME=${CINEMESH_DB_NAME:-cinemesh}
  DB_USER=${CINEMESH_DB_USER:-cinemesh}
  DB_PASSWORD=${CINEMESH_DB_PASSWORD:-cinemesh}

  if (( own )); then
    # The user's own database: theirs to provision. We only check it answers.
    say "PostgreSQL: using your database $DB_USER@$DB_HOST:$DB_PORT/$DB_NAME (creating nothing)"
    if command -v pg_isready >/dev/null && ! pg_isready -q -h "$DB_HOST" -p "$DB_PORT" -t 5; then
      die "PostgreSQL at $DB_HOST:$DB_PORT does not answer (pg_isready)"
    fi
    return
  fi

  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2; then
    say "PostgreSQL: using the server already on 127.0.0.1:$PG_PORT"
  elif port_open "$PG_PORT"; then
    die "port $PG_PORT is taken by something that is not an answering PostgreSQL"
  else
    start_local_postgres
  fi
  ensure_db_and_role
}

# Debian's packaged server: install it if needed and start its cluster with pg_ctlcluster (the server
# binaries refuse to run as root; pg_ctlcluster switches to the postgres user itself).
start_local_postgres() {
  is_root || die "no PostgreSQL on 127.0.0.1:$PG_PORT and not root: start one, or point CINEMESH_DB_* at yours"
  if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
    apt_install postgresql
  fi
  command -v pg_lsclusters >/dev/null || apt_install postgresql-common
  local ver="" cluster=""
  # Prefer an existing cluster on $PG_PORT (the package's postinst creates "main"), else create one.
  read -r ver cluster _ < <(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p' | head -1) || true
  if [[ -z ${cluster:-} ]]; then
    ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
    cluster=main
    # "main" may exist on another port; then ours gets its own name.
    if pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1 == v && $2 == "main"' | grep -q .; then cluster=cinemesh; fi
    say "creating PostgreSQL $ver cluster '$cluster' on port $PG_PORT"
    pg_createcluster "$ver" "$cluster" --port "$PG_PORT" >>"$LOGS/postgres-setup.log" 2>&1 \
      || die "pg_createcluster failed, see $LOGS/postgres-setup.log"
  fi
  local t0; t0=$(now)
  say "starting PostgreSQL $ver/$cluster"
  pg_ctlcluster "$ver" "$cluster" start >>"$LOGS/postgres-setup.log" 2>&1 \
    || { show_log_tail postgres "/var/log/postgresql/postgresql-$ver-$cluster.log"; die "could not start PostgreSQL $ver/$cluster"; }
  PG_STARTED_CLUSTER="$ver $cluster"
  for _ in $(seq 1 100); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.1; done
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL $ver/$cluster started but does not answer on $PG_PORT"
  say "PostgreSQL ready in $(since "$t0")"
}

# Role cinemesh / database cinemesh, created when missing. As the superuser over TCP first (trust auth,
# as on this machine); a Debian cluster we started ourselves only trusts peer auth on its socket, so fall
# back to psql as the postgres OS user.
pg_super() { # pg_super SQL — prints the result
  if psql -X -q -w -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "$1" 2>/dev/null; then
    return 0
  fi
  if is_root && id postgres >/dev/null 2>&1; then
    (cd / && runuser -u postgres -- psql -X -q -w -p "$PG_PORT" -d postgres -tAc "$1")
    return
  fi
  return 1
}

ensure_db_and_role() {
  command -v psql >/dev/null || apt_install postgresql-client
  local have
  have=$(pg_super "SELECT 1 FROM pg_roles WHERE rolname = 'cinemesh'") \
    || die "cannot connect to PostgreSQL on 127.0.0.1:$PG_PORT as 'postgres' to create role and database cinemesh; create them (or set CINEMESH_DB_*)"
  if [[ $have != 1 ]]; then
    say "creating PostgreSQL role cinemesh"
    pg_super "CREATE ROLE cinemesh LOGIN PASSWORD 'cinemesh'" >/dev/null || die "CREATE ROLE cinemesh failed"
  fi
  claim_database
  PGPASSWORD=cinemesh psql -X -q -w -h 127.0.0.1 -p "$PG_PORT" -U cinemesh -d cinemesh -tAc 'SELECT 1' >/dev/null 2>&1 \
    || die "role cinemesh cannot log in to database cinemesh over TCP with its password (check pg_hba.conf)"
}

# The database ($DB_NAME: cinemesh) belongs to one data folder, as everything else of a local stack does: deleting the
# data folder starts from scratch, sections, users and tokens included. The data folder keeps an id, and the
# database carries it as its comment.
#   new data folder, database there    -> the database is a leftover: dropped and made again
#   data folder without an id (older)  -> it adopts the database it has been using
#   ids differ                         -> the database is another data folder's: refuse, do not touch it
claim_database() {
  local id_file=$CINEMESH_DATA/database-id id="" comment="" have
  [[ -f $id_file ]] && id=$(<"$id_file")
  have=$(pg_super "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")
  if [[ $have == 1 ]]; then
    comment=$(pg_super "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = '$DB_NAME'")
    if (( DATA_FOLDER_NEW )); then
      say "PostgreSQL: the database $DB_NAME is left from an earlier data folder; $CINEMESH_DATA is new, so it starts from scratch"
      pg_super "DROP DATABASE $DB_NAME" >/dev/null \
        || die "could not drop the old database $DB_NAME: is another Cinemesh stack using it? Stop it, or set CINEMESH_DB_*"
      have=0
    elif [[ -n $id && $comment != "cinemesh-data $id" ]]; then
      die "the database $DB_NAME belongs to another Cinemesh data folder (${comment:-none recorded}), not to $CINEMESH_DATA; stop that stack and drop it (dropdb $DB_NAME), or set CINEMESH_DB_*"
    fi
  fi
  if [[ $have != 1 ]]; then
    say "creating PostgreSQL database $DB_NAME"
    pg_super "CREATE DATABASE $DB_NAME OWNER $DB_USER" >/dev/null || die "CREATE DATABASE $DB_NAME failed"
  fi
  if [[ -z $id ]]; then
    id=$(random_token)
    printf '%s\n' "$id" >"$id_file"
  fi
  pg_super "COMMENT ON DATABASE $DB_NAME IS 'cinemesh-data $id'" >/dev/null || die "could not label the database $DB_NAME"
}
