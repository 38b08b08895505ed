# shellcheck shell=bash
# Part of ./cinemesh (sourced by it; see its header). `./cinemesh test`.

# ---- test --------------------------------------------------------------------------------------------------

# The tests' PostgreSQL (cinemesh-testing's PostgresDatabaseResource): user postgres over TCP, no password.
ensure_test_postgres() {
  local host=${CINEMESH_TEST_PG_HOST:-127.0.0.1} port=${CINEMESH_TEST_PG_PORT:-5432}
  local user=${CINEMESH_TEST_PG_USER:-postgres}
  command -v psql >/dev/null || apt_install postgresql-client
  if psql -X -q -w -h "$host" -p "$port" -U "$user" -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
    say "tests use PostgreSQL at $host:$port as $user"
    return
  fi
  if pg_isready -q -h "$host" -p "$port" -t 2; then
    die "PostgreSQL at $host:$port answers but does not let '$user' in without a password; the tests need trust auth for it (or point CINEMESH_TEST_PG_HOST/PORT/USER elsewhere)"
  fi
  [[ $host == 127.0.0.1 || $host == localhost ]] || die "no PostgreSQL answers at $host:$port"
  port_open "$port" && die "port $port is taken by something that is not PostgreSQL"
  start_test_postgres "$port" "$user"
}

# A throwaway cluster with trust auth, only for this run. Debian's server binaries refuse root, so as root
# they run as the postgres user; anyone else runs them directly.
start_test_postgres() { # start_test_postgres PORT SUPERUSER
  local port=$1 user=$2 t0
  t0=$(now)
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then apt_install postgresql; fi
  TEST_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  TEST_PG_DIR=$(mktemp -d /tmp/cinemesh-test-pg.XXXXXX)
  if is_root; then
    chown postgres: "$TEST_PG_DIR"
    TEST_PG_RUN=(runuser -u postgres --)
  fi
  say "starting a throwaway PostgreSQL (trust auth) on 127.0.0.1:$port for the tests"
  (cd / && ${TEST_PG_RUN[@]+"${TEST_PG_RUN[@]}"} "$TEST_PG_BIN/initdb" -D "$TEST_PG_DIR/data" -U "$user" \
      --auth=trust -E UTF8 >"$TEST_PG_DIR/initdb.log" 2>&1) \
    || { show_log_tail initdb "$TEST_PG_DIR/initdb.log"; die "initdb failed"; }
  (cd / && ${TEST_PG_RUN[@]+"${TEST_PG_RUN[@]}"} "$TEST_PG_BIN/pg_ctl" -D "$TEST_PG_DIR/data" -l "$TEST_PG_DIR/server.log" -w \
      -o "-p $port -k $TEST_PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null 2>&1) \
    || { show_log_tail postgres "$TEST_PG_DIR/server.log"; die "could not start the test PostgreSQL"; }
  say "test PostgreSQL ready in $(since "$t0")"
}

cmd_test() {
  SIGNAL_RC=130
  CINEMESH_DATA=${CINEMESH_DATA:-$ROOT/.cinemesh-data}
  mkdir -p "$CINEMESH_DATA/logs"
  CINEMESH_DATA=$(cd "$CINEMESH_DATA" && pwd)
  LOGS=$CINEMESH_DATA/logs
  trap on_exit EXIT
  trap 'on_signal SIGINT' INT
  trap 'on_signal SIGTERM' TERM
  trap 'on_signal SIGHUP' HUP

  check_tools
  # The e2e tests run `./cinemesh up`, which needs the stack's ports.
  SERVICES=("${!SERVICE_PORT[@]}")
  check_ports
  ensure_test_postgres

  local mvn=(mvn)
  [[ -x $ROOT/mvnw ]] && mvn=("$ROOT/mvnw")
  say "running ${mvn[0]##*/} -B verify $*"
  # In the background and waited for, so Ctrl-C/SIGTERM reach us at once (see build_services).
  (cd "$ROOT" && exec ${ORPHAN_GUARD[@]+"${ORPHAN_GUARD[@]}"} "${mvn[@]}" -B verify "$@") </dev/null &
  BUILD_PID=$!
  local rc=0
  wait "$BUILD_PID" || rc=$?
  BUILD_PID=""
  # ---- compat (issue 6) ---- real Plex client libraries against the stack Maven just packaged; only on a
  # full run (no MVN_ARGS) or with CINEMESH_COMPAT=1; CINEMESH_COMPAT=0 skips it.
  if (( rc == 0 )) && [[ -x $ROOT/compat/run.sh && ${CINEMESH_COMPAT:-$(( $# == 0 ))} == 1 ]]; then
    say "running compat/run.sh (Plex client libraries against the running stack)"
    (cd "$ROOT" && exec ${ORPHAN_GUARD[@]+"${ORPHAN_GUARD[@]}"} compat/run.sh) </dev/null &
    BUILD_PID=$!
    wait "$BUILD_PID" || rc=$?
    BUILD_PID=""
    (( rc == 0 )) || say "compat tests failed (exit status $rc)"
  fi
  # ---- end compat ----
  if (( rc == 0 )); then say "all tests passed"; else say "tests failed (exit status $rc)"; fi
  exit "$rc"
}
