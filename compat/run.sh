#!/usr/bin/env bash
# compat/run.sh — real Plex client libraries from npm against the whole running Cinemesh stack (issue 6).
#
#   compat/run.sh [node --test args…]
#   compat/run.sh --up     steps 1-4 only, then keep the stack running (Ctrl-C stops it) for running
#                          `node --test tests/` by hand with the printed CINEMESH_* variables
#
# 1. npm ci (pinned versions, package-lock.json; offline-friendly through npm's cache)
# 2. the fixture library (scripts/make-media.sh, cached by content) in $COMPAT_DATA/media/demo, plus two
#    movies in $COMPAT_DATA/media/extras for one gotcha
# 3. a fresh database and Kafka log dir, then `./cinemesh up` (CINEMESH_SKIP_BUILD=1 unless COMPAT_BUILD=1:
#    in CI the Maven run has just packaged the services) and wait for `CINEMESH READY`
# 4. the five sections created through the Plex API (POST /library/sections), then wait for the scans
#    (/activities empty and every section holding items)
# 5. node --test tests/ (one file per client, plus the raw-XML python-plexapi flows and the gotchas)
# 6. SIGTERM to the stack, and a check that it exited cleanly
# Exits non-zero when any step or test failed.
#
# Environment: COMPAT_DATA (default compat/.data: media, stack state, logs), COMPAT_DB (database name,
# default cinemesh_compat, dropped and recreated each run), CINEMESH_TEST_PG_HOST/PORT/USER (the superuser
# connection used to create it; defaults 127.0.0.1, 5432, postgres), COMPAT_BUILD=1 (let `up` build).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
DATA=${COMPAT_DATA:-$HERE/.data}
DB=${COMPAT_DB:-cinemesh_compat}
PG_HOST=${CINEMESH_TEST_PG_HOST:-127.0.0.1}
PG_PORT=${CINEMESH_TEST_PG_PORT:-5432}
PG_USER=${CINEMESH_TEST_PG_USER:-postgres}
READY_TIMEOUT=${COMPAT_READY_TIMEOUT:-600}
SCAN_TIMEOUT=${COMPAT_SCAN_TIMEOUT:-300}

T0=$(date +%s)
STACK_PID=""
STEP="start"
say() { printf '[compat] %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - T0 )) s"; }

stop_stack() {
  [[ -n $STACK_PID ]] || return 0
  local pid=$STACK_PID rc=0
  STACK_PID=""
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping the stack (SIGTERM to ./cinemesh up, pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
  fi
  wait "$pid" || rc=$?
  return "$rc"
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $STACK_PID ]]; then stop_stack || true; fi
  if [[ $STEP == "keep the stack running" ]] && (( rc == 130 || rc == 143 )); then rc=0; fi
  if (( rc != 0 )); then
    say "FAILED during: $STEP (after $(elapsed)); stack output: $DATA/up.log, service logs: $DATA/stack/logs/"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() { printf '[compat] ERROR: %s\n' "$*" >&2; exit 1; }

# ---- 1. the clients ---------------------------------------------------------------------------------------
STEP="npm ci"
command -v node >/dev/null || die "node is not installed (Node 20+ is needed)"
(( $(node -p 'process.versions.node.split(".")[0]') >= 20 )) || die "Node 20+ is needed, found $(node --version)"
lock_hash=$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)
if [[ ! -f $HERE/node_modules/.compat-lock-hash || $(cat "$HERE/node_modules/.compat-lock-hash") != "$lock_hash" ]]; then
  say "npm ci"
  (cd "$HERE" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$lock_hash" > "$HERE/node_modules/.compat-lock-hash"
fi

# ---- 2. the fixture library -------------------------------------------------------------------------------
STEP="make-media.sh"
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
MEDIA=$DATA/media            # the media root the services get
"$ROOT/scripts/make-media.sh" "$MEDIA/demo"
# One more movie section, for the "exact title first" gotcha (plex-protocol.md §12, 12): "Bunny" must come
# before "Big Buck Bunny" for title=Bunny&limit=1 although it sorts after it.
extras=$MEDIA/extras/Movies
if [[ ! -f "$extras/Bunny (2015).mp4" ]]; then
  mkdir -p "$extras"
  cp "$MEDIA/demo/Movies/Big Buck Bunny (2008).mp4" "$extras/"
  ffmpeg -nostdin -hide_banner -loglevel error -y -i "$MEDIA/demo/Movies/Sintel (2010).mp4" -map 0 -c copy \
    -metadata title="Bunny" -metadata date=2015 "$extras/Bunny.tmp.mp4"
  mv "$extras/Bunny.tmp.mp4" "$extras/Bunny (2015).mp4"
fi
say "fixture library in $MEDIA"

# ---- 3. the stack -----------------------------------------------------------------------------------------
STEP="fresh database $DB"
command -v psql >/dev/null || die "psql is not installed (apt-get install -y postgresql-client)"
psql_super() { psql -X -q -w -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"; }
# Each run starts from an empty library: sections, items, watch state and history from an earlier run
# would make the tests' expectations wrong.
PGOPTIONS='-c client_min_messages=warning' psql_super -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null \
  || die "cannot recreate database $DB as $PG_USER on $PG_HOST:$PG_PORT (trust auth needed)"
# Kafka's log dirs likewise: playback events of an earlier run must not reach this run's library.
rm -rf "$DATA/stack/kafka/data"

STEP="./cinemesh up"
say "starting the stack (./cinemesh up, log in $DATA/up.log)"
: > "$DATA/up.log"
(
  export CINEMESH_DATA=$DATA/stack CINEMESH_MEDIA=$MEDIA
  export CINEMESH_DB_HOST=$PG_HOST CINEMESH_DB_PORT=$PG_PORT CINEMESH_DB_NAME=$DB
  export CINEMESH_DB_USER=$PG_USER CINEMESH_DB_PASSWORD=${CINEMESH_TEST_PG_PASSWORD:-unused-with-trust-auth}
  [[ ${COMPAT_BUILD:-0} == 1 ]] || export CINEMESH_SKIP_BUILD=1
  exec "$ROOT/cinemesh" up
) >>"$DATA/up.log" 2>&1 &
STACK_PID=$!

URL="" TOKEN=""
deadline=$(( $(date +%s) + READY_TIMEOUT ))
while :; do
  if line=$(grep -m1 '^CINEMESH READY ' "$DATA/up.log"); then
    URL=$(sed -E 's/.* url=([^ ]+).*/\1/' <<<"$line")
    TOKEN=$(sed -E 's/.* token=([^ ]+).*/\1/' <<<"$line")
    break
  fi
  if ! kill -0 "$STACK_PID" 2>/dev/null; then
    tail -n 40 "$DATA/up.log" >&2
    STACK_PID=""
    die "./cinemesh up exited before it was ready"
  fi
  (( $(date +%s) < deadline )) || { tail -n 40 "$DATA/up.log" >&2; die "the stack was not ready within ${READY_TIMEOUT} s"; }
  sleep 1
done
say "stack ready at $URL after $(elapsed)"

api() { # api METHOD PATH → body on stdout; fails on a non-2xx with the body
  local out code
  out=$(mktemp)
  code=$(curl -sS -o "$out" -w '%{http_code}' -X "$1" -H "X-Plex-Token: $TOKEN" -H 'Accept: application/json' "$URL$2") || code=000
  if [[ $code != 2* ]]; then
    say "$1 $2 → HTTP $code: $(head -c 500 "$out")" >&2
    rm -f "$out"; return 1
  fi
  cat "$out"; rm -f "$out"
}
enc() { node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"; }

# ---- 4. sections through the Plex API, then the scans -----------------------------------------------------
STEP="create sections"
add_section() { # NAME TYPE AGENT SCANNER FOLDER
  api POST "/library/sections?name=$(enc "$1")&type=$2&agent=$3&scanner=$(enc "$4")&language=en-US&location=$(enc "$MEDIA/$5")" >/dev/null \
    || die "could not create section $1 (POST /library/sections)"
  say "section $1 ($2) → $MEDIA/$5"
}
add_section "Movies"   movie  tv.plex.agents.movie   "Plex Movie"         demo/Movies
add_section "TV Shows" show   tv.plex.agents.series  "Plex TV Series"     "demo/TV Shows"
add_section "Music"    artist tv.plex.agents.music   "Plex Music"         demo/Music
add_section "Photos"   photo  com.plexapp.agents.none "Plex Photo Scanner" demo/Photos
add_section "Compat Extras" movie tv.plex.agents.movie "Plex Movie"       extras/Movies

STEP="wait for the scans"
deadline=$(( $(date +%s) + SCAN_TIMEOUT ))
while :; do
  status=$(node "$HERE/lib/scan-status.mjs" "$URL" "$TOKEN" 2>&1) && break
  (( $(date +%s) < deadline )) || die "scans not finished within ${SCAN_TIMEOUT} s: $status"
  sleep 1
done
say "scans finished: $status (after $(elapsed))"

if [[ ${1:-} == --up ]]; then
  say "stack kept running; in another shell:"
  say "  cd $HERE && CINEMESH_URL=$URL CINEMESH_TOKEN=$TOKEN CINEMESH_MEDIA=$MEDIA node --test --test-concurrency=1 tests/"
  STEP="keep the stack running"
  wait "$STACK_PID" || true
  STACK_PID=""
  exit 0
fi

# ---- 5. the clients' tests --------------------------------------------------------------------------------
STEP="node --test"
say "running the client tests"
test_rc=0
(cd "$HERE" && CINEMESH_URL=$URL CINEMESH_TOKEN=$TOKEN CINEMESH_MEDIA=$MEDIA \
  node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
       --test-reporter=tap --test-reporter-destination="$DATA/results.tap" "$@" tests/) || test_rc=$?

# ---- 6. stop, and check the stop was clean ----------------------------------------------------------------
STEP="stop the stack"
stop_rc=0
stop_stack || stop_rc=$?
if (( stop_rc != 0 )); then say "./cinemesh up exited with $stop_rc after SIGTERM (expected 0)"; tail -n 20 "$DATA/up.log"; fi
left=$(ss -Hltn '( sport = :32400 or sport = :8081 or sport = :8082 or sport = :8083 or sport = :9092 )' 2>/dev/null | wc -l)
if (( left != 0 )); then say "ports still listening after the stop:"; ss -ltnp '( sport = :32400 or sport = :8081 or sport = :8082 or sport = :8083 or sport = :9092 )'; stop_rc=1; fi

summary() { awk -v k="$1" '$1=="#" && $2==k {v=$3} END {print v+0}' "$DATA/results.tap"; }
say "──────────────────────────────────────────────"
say "client tests: $(summary pass) passed, $(summary fail) failed, $(summary todo) todo (not yet served), $(summary skipped) skipped"
say "stack stop:   $([[ $stop_rc == 0 ]] && echo clean || echo 'NOT clean')"
say "total time:   $(elapsed)   (TAP: $DATA/results.tap)"
if (( test_rc != 0 || stop_rc != 0 )); then
  STEP="client tests"
  say "RESULT: FAILED"
  exit 1
fi
say "RESULT: passed"
