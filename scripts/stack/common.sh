# shellcheck shell=bash
# Part of ./cinemesh (sourced by it; see its header). Shared by every part: ports, what runs, the state of
# this run; output, helpers and stopping children.

KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
ZIPKIN_PORT=9411
OTLP_PORT=4318
# The local PostgreSQL port. Not a documented knob: tests set it to exercise the "start our own cluster"
# path without touching a server already on 5432.
PG_PORT=${CINEMESH_PG_PORT:-5432}
# Newest zipkin-server whose exec jar the Maven Central mirror here actually serves (TOOLCHAIN.md: many
# recent jars 404). It has no OTLP collector; hence the relay.
ZIPKIN_VERSION=3.6.1
# Start order: user-service first (it owns the server identity and the tokens), gateway last (front door).
SERVICES=(user-service library-service stream-service gateway)
declare -A SERVICE_PORT=([gateway]=32400 [library-service]=8081 [stream-service]=8082 [user-service]=8083)
# Each service's management interface (/q/health, /q/metrics, /q/openapi), as in its application.properties: the
# public ports answer 404 there.
declare -A MANAGEMENT_PORT=([gateway]=9400 [library-service]=9081 [stream-service]=9082 [user-service]=9083)

# Children we started, by name -> PID; stopped in reverse start order.
declare -A PIDS=() T_LAUNCH=()
STARTED=()
PG_STARTED_CLUSTER=""   # "<version> <cluster>" when we started a PostgreSQL ourselves
BUILD_PID=""            # Maven, while it builds
NAP_PID=""              # the supervisor's `sleep`
TEST_PG_DIR=""          # a throwaway PostgreSQL started for `test`
TEST_PG_RUN=()          # how to run its binaries (as the postgres user when we are root)
SIGNAL_RC=0             # exit status after Ctrl-C/SIGTERM: a requested stop of `up` is a clean exit
STOPPING=0

# ---- output ------------------------------------------------------------------------------------------------

say() { printf '[cinemesh] %s\n' "$*"; }
warn() { printf '[cinemesh] WARNING: %s\n' "$*" >&2; }
die() { printf '[cinemesh] ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

usage() {
  cat <<EOF
Usage:
  ./cinemesh up [MEDIA_DIR]   Set up and run the whole Cinemesh stack in the foreground.
                              Ctrl-C (or SIGTERM) stops everything it started.
  ./cinemesh up --replicas N [MEDIA_DIR]
                              N (1-9) instances of each service behind HAProxy on the same ports: consistent
                              hash on the transcode session, health checks, one retry of a refused connection;
                              a replica that exits is restarted. Same as CINEMESH_REPLICAS=N. Default 1.
  ./cinemesh test [MVN_ARGS]  Run every test: ./mvnw -B verify [MVN_ARGS] (unit and service tests on real
                              PostgreSQL, Kafka and ffmpeg, manifest checks, and the e2e run of \`up\`).
                              Tests need PostgreSQL on 127.0.0.1:5432 (CINEMESH_TEST_PG_HOST/PORT) letting
                              user postgres in without a password; with none there, a throwaway trust-auth
                              cluster is started for the run and removed afterwards.
                              Without MVN_ARGS it then runs compat/run.sh: real Plex client libraries
                              against the running stack (CINEMESH_COMPAT=0 skips it, =1 forces it).
  ./cinemesh help             This text.

MEDIA_DIR (or CINEMESH_MEDIA) is the library root, mounted read-only by the services. Without one, a small
demo library is generated into \$CINEMESH_DATA/demo-media (scripts/make-media.sh).

When everything is ready it prints a banner and one machine-readable line:
  CINEMESH READY url=http://127.0.0.1:32400 token=<admin token>

Environment:
  CINEMESH_DATA           state folder (default: ./.cinemesh-data): Kafka data, jars, secrets, logs
  CINEMESH_MEDIA          media root (the first argument wins)
  CINEMESH_ADMIN_TOKEN    the owner's token, kept in \$CINEMESH_DATA; generated at the first start when unset.
                          Set a new value to rotate it (the stored one is replaced, the old one stops).
  CINEMESH_DB_HOST, CINEMESH_DB_PORT, CINEMESH_DB_NAME, CINEMESH_DB_USER, CINEMESH_DB_PASSWORD
                          use your own PostgreSQL; when any is set, nothing is installed or created
  CINEMESH_ALLOWED_NETWORKS
                          passed to the gateway (CIDRs let in without a token), default empty
  CINEMESH_CORS_ORIGINS   browser origins allowed besides the server's own (default https://app.plex.tv)
  CINEMESH_ACCESS_CACHE_TTL
                          how long cached shares are trusted without their event (default 30s)
  CINEMESH_PART_HANDOFF=false
                          proxy direct-play bytes through the gateway instead of letting it send them from
                          the shared media folder (default true)
  CINEMESH_SKIP_BUILD=1   do not run Maven; start the jars that are there
  CINEMESH_SERVICES       which services to start (default: all four); empty = only PostgreSQL, Kafka
                          and Zipkin, e.g. to run one service from your IDE or quarkus:dev against them
  CINEMESH_START_TIMEOUT  seconds to wait for each service to be ready (default 180)
  CINEMESH_ZIPKIN_TIMEOUT seconds to wait for Zipkin (default 120; a busy shared machine may need more)
  CINEMESH_JAVA_OPTS      JVM options for the services (default: -Xmx384m -XX:+UseSerialGC)
  CINEMESH_GATEWAY_JAVA_OPTS
                          added for the gateway (default: -XX:TieredStopAtLevel=1, see BENCHMARKS.md)
  CINEMESH_STOP_TIMEOUT   seconds each group (services, then Kafka/Zipkin) gets to stop before SIGKILL (30)

Logs: \$CINEMESH_DATA/logs/<service>.log, kafka.log, zipkin.log, otlp-relay.log, build.log
EOF
}

# ---- helpers -----------------------------------------------------------------------------------------------

is_root() { [[ $(id -u) -eq 0 ]]; }

APT_UPDATED=0
apt_install() { # apt_install PKG... — Debian packages, as root (or through sudo when there is one)
  local sudo=()
  if ! is_root; then
    command -v sudo >/dev/null || die "need to install '$*' but not root and no sudo: install it and retry"
    sudo=(sudo)
  fi
  command -v apt-get >/dev/null || die "need '$*' and this is not a Debian/Ubuntu system: install it and retry"
  say "installing $* (apt-get)"
  if [[ $APT_UPDATED -eq 0 ]]; then
    "${sudo[@]}" apt-get update -qq >>"$LOGS/apt.log" 2>&1 || die "apt-get update failed, see $LOGS/apt.log"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >>"$LOGS/apt.log" 2>&1 \
    || die "apt-get install $* failed, see $LOGS/apt.log"
}

port_open() { # port_open PORT — something accepts TCP connections on 127.0.0.1:PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

random_b64() { head -c "$1" /dev/urandom | base64 -w0; }

# 20 URL-safe characters. Built from base64 rather than `tr </dev/urandom | head`, which dies of SIGPIPE
# under pipefail.
random_token() {
  local s
  s=$(random_b64 32 | tr '+/' '-_' | tr -d '=')
  printf '%s' "${s:0:20}"
}

hash_of() { sha256sum "$@" | cut -d' ' -f1; }

# Wait until CHECK succeeds, the process PID dies, or TIMEOUT seconds pass. Returns 0 / 1 (died) / 2 (timeout).
wait_for() { # wait_for TIMEOUT PID CHECK...
  local timeout=$1 pid=$2; shift 2
  local deadline=$((SECONDS + timeout))
  while ! "$@"; do
    kill -0 "$pid" 2>/dev/null || return 1
    (( SECONDS < deadline )) || return 2
    sleep 0.2
  done
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

show_log_tail() { # show_log_tail NAME FILE
  printf '[cinemesh] ---- last lines of %s (%s) ----\n' "$1" "$2" >&2
  tail -n 40 "$2" >&2 2>/dev/null || true
  printf '[cinemesh] ----\n' >&2
}

# Wait for a child started with spawn to be ready; on failure show its log tail and give up.
await_ready() { # await_ready NAME TIMEOUT CHECK...
  local name=$1 timeout=$2 rc=0; shift 2
  wait_for "$timeout" "${PIDS[$name]}" "$@" || rc=$?
  if (( rc != 0 )); then
    show_log_tail "$name" "$LOGS/$name.log"
    if (( rc == 1 )); then die "$name exited during start-up (log: $LOGS/$name.log)"; fi
    die "$name was not ready within $timeout s (log: $LOGS/$name.log)"
  fi
  say "$name ready ($(since "${T_LAUNCH[$name]}") after launch)"
}

# Start a child in the background in DIR, logging to FILE; remember its PID under NAME. The subshell execs
# the command, so the PID is the JVM's own and our signals reach it directly. CHILD_ENV (NAME=value
# entries) is exported inside the subshell only: never on a command line, where `ps` would show secrets.
CHILD_ENV=()
# A trap cannot catch SIGKILL: should this script be killed outright (a test harness's destroyForcibly, the
# OOM killer), the kernel sends each child SIGTERM itself (PR_SET_PDEATHSIG, kept across exec), so no JVM
# outlives us. setpriv is in util-linux, present on every Debian.
ORPHAN_GUARD=()
if setpriv --help 2>/dev/null | grep -q -- --pdeathsig; then ORPHAN_GUARD=(setpriv --pdeathsig SIGTERM --); fi
spawn() { # spawn NAME LOGFILE DIR CMD...
  local name=$1 logfile=$2 dir=$3; shift 3
  if [[ -f $logfile ]]; then mv -f "$logfile" "$logfile.1"; fi   # keep the previous run for post-mortems
  mkdir -p "$dir"
  (
    cd "$dir"
    for kv in ${CHILD_ENV[@]+"${CHILD_ENV[@]}"}; do export "${kv?}"; done
    exec ${ORPHAN_GUARD[@]+"${ORPHAN_GUARD[@]}"} "$@"
  ) >"$logfile" 2>&1 </dev/null &
  PIDS[$name]=$!
  T_LAUNCH[$name]=$(now)
  STARTED+=("$name")
}

# ---- shutdown ----------------------------------------------------------------------------------------------

# TERM the named children, wait up to the grace period, then SIGKILL what is left; reap them all.
stop_group() { # stop_group NAME...
  local name pid alive
  for name in "$@"; do
    pid=${PIDS[$name]}
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  local deadline=$((SECONDS + ${CINEMESH_STOP_TIMEOUT:-30}))
  while :; do
    alive=()
    for name in "$@"; do
      if kill -0 "${PIDS[$name]}" 2>/dev/null; then alive+=("$name"); fi
    done
    (( ${#alive[@]} == 0 )) && break
    if (( SECONDS >= deadline )); then
      warn "still running after ${CINEMESH_STOP_TIMEOUT:-30} s, killing: ${alive[*]}"
      for name in "${alive[@]}"; do kill -KILL "${PIDS[$name]}" 2>/dev/null || true; done
      break
    fi
    sleep 0.2
  done
  for name in "$@"; do wait "${PIDS[$name]}" 2>/dev/null || true; done   # no zombie of ours is left
}

descendants() { # descendants PID — every process below PID, depth first
  local c
  for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done
}

# Maven and everything under it: its forked test JVMs, and the `./cinemesh up` the e2e tests start (which
# stops its own stack on SIGTERM). A dying Maven does not take those down itself.
stop_tree() { # stop_tree PID
  local root=$1 pids p alive
  # shellcheck disable=SC2207
  pids=($(descendants "$root") "$root")
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  local deadline=$((SECONDS + ${CINEMESH_STOP_TIMEOUT:-30}))
  while :; do
    alive=()
    for p in "${pids[@]}"; do if kill -0 "$p" 2>/dev/null; then alive+=("$p"); fi; done
    (( ${#alive[@]} == 0 )) && break
    if (( SECONDS >= deadline )); then
      for p in "${alive[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
      break
    fi
    sleep 0.2
  done
  wait "$root" 2>/dev/null || true
}

stop_children() {
  local name services=() infra=()
  if [[ -n $BUILD_PID ]]; then stop_tree "$BUILD_PID"; fi
  if [[ -n $NAP_PID ]]; then kill -TERM "$NAP_PID" 2>/dev/null || true; wait "$NAP_PID" 2>/dev/null || true; fi
  # Services first, so they can still flush their outboxes to Kafka and their last spans to Zipkin;
  # then Kafka, Zipkin and the relay.
  for name in "${STARTED[@]}"; do
    if [[ -n ${SERVICE_PORT[$name]:-}${SERVICE_OF[$name]:-} ]]; then services+=("$name"); else infra+=("$name"); fi
  done
  (( ${#services[@]} == 0 )) || stop_group "${services[@]}"
  (( ${#infra[@]} == 0 )) || stop_group "${infra[@]}"
  if [[ -n $TEST_PG_DIR ]]; then
    ${TEST_PG_RUN[@]+"${TEST_PG_RUN[@]}"} "$TEST_PG_BIN/pg_ctl" -D "$TEST_PG_DIR/data" stop -m fast >/dev/null 2>&1 \
      || warn "could not stop the test PostgreSQL in $TEST_PG_DIR"
    rm -rf "$TEST_PG_DIR"
  fi
  if [[ -n $PG_STARTED_CLUSTER ]]; then
    say "stopping the PostgreSQL cluster $PG_STARTED_CLUSTER we started"
    # shellcheck disable=SC2086
    pg_ctlcluster $PG_STARTED_CLUSTER stop -m fast >/dev/null 2>&1 || warn "could not stop PostgreSQL $PG_STARTED_CLUSTER"
  fi
}

on_exit() {
  local rc=$?
  (( STOPPING )) && return
  STOPPING=1
  trap '' INT TERM HUP   # a second Ctrl-C must not cut the shutdown short and leave orphans
  if (( ${#STARTED[@]} > 0 )) || [[ -n $PG_STARTED_CLUSTER$BUILD_PID$TEST_PG_DIR ]]; then
    say "stopping…"
    stop_children
    say "stopped"
  fi
  exit "$rc"
}

on_signal() {
  say "received $1"
  exit "$SIGNAL_RC"
}
