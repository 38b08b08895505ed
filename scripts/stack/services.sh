# shellcheck shell=bash
# Part of ./cinemesh (sourced by it; see its header).
# Secrets, the demo media, building and starting the four services.

# ---- secrets and media -------------------------------------------------------------------------------------

load_secrets() {
  local dir=$CINEMESH_DATA/secrets
  mkdir -p "$dir"; chmod 700 "$dir"
  if [[ ! -s $dir/token-secret ]]; then
    (umask 077; random_b64 32 >"$dir/token-secret")
  fi
  if [[ ! -s $dir/admin-token ]]; then
    # First start: the given token or a fresh one becomes the owner's token, kept for the next starts.
    (umask 077; printf '%s' "${CINEMESH_ADMIN_TOKEN:-$(random_token)}" >"$dir/admin-token")
  elif [[ -n ${CINEMESH_ADMIN_TOKEN:-} && $CINEMESH_ADMIN_TOKEN != "$(cat "$dir/admin-token")" ]]; then
    # A new value is a rotation (the old one may be leaked or revoked): it replaces the stored one, and the old
    # one stops working as the services start with the new one.
    (umask 077; printf '%s' "$CINEMESH_ADMIN_TOKEN" >"$dir/admin-token.new") && mv -f "$dir/admin-token.new" "$dir/admin-token"
    say "CINEMESH_ADMIN_TOKEN changed: the owner's token is rotated ($dir/admin-token); the previous one no longer works"
  fi
  chmod 600 "$dir/token-secret" "$dir/admin-token"
  TOKEN_SECRET=$(cat "$dir/token-secret")
  ADMIN_TOKEN=$(cat "$dir/admin-token")
}

setup_media() {
  local arg=${1:-}
  MEDIA=${arg:-${CINEMESH_MEDIA:-}}
  if [[ -z $MEDIA ]]; then
    local t0; t0=$(now)
    MEDIA=$CINEMESH_DATA/demo-media
    "$ROOT/scripts/make-media.sh" "$MEDIA" || die "could not generate the demo library"
    say "media: demo library in $MEDIA ($(since "$t0"))"
  else
    [[ -d $MEDIA ]] || die "media folder '$MEDIA' does not exist"
    MEDIA=$(cd "$MEDIA" && pwd)
    say "media: $MEDIA"
  fi
}

# ---- build and services ------------------------------------------------------------------------------------

# A fingerprint of everything Maven reads: every pom.xml and every file under a src/ folder, by path and
# content, excluding build output, state and tools/ (not part of the reactor).
source_fingerprint() {
  (cd "$ROOT" && find . \( -path ./.git -o -path ./tools -o -name target -o -name node_modules \
      -o -path "./${CINEMESH_DATA#"$ROOT"/}" \) -prune -o \
      \( -name pom.xml -o -path '*/src/*' -o -path './.mvn/*' \) -type f -print0 \
    | LC_ALL=C sort -z | xargs -0 -r sha256sum | sha256sum | cut -d' ' -f1)
}

# With CINEMESH_SKIP_BUILD=1, missing jars are an error; say so before anything is started.
check_jars_if_not_building() {
  [[ ${CINEMESH_SKIP_BUILD:-0} == 1 ]] || return 0
  local svc
  for svc in ${SERVICES[@]+"${SERVICES[@]}"}; do
    [[ -f $ROOT/$svc/target/quarkus-app/quarkus-run.jar ]] \
      || die "CINEMESH_SKIP_BUILD=1 but $svc/target/quarkus-app/quarkus-run.jar is not built"
  done
}

build_services() {
  local svc missing=0
  if (( ${#SERVICES[@]} == 0 )); then
    say "build: skipped (no services to start)"
    return
  fi
  for svc in "${SERVICES[@]}"; do
    [[ -f $ROOT/$svc/target/quarkus-app/quarkus-run.jar ]] || missing=1
  done
  if [[ ${CINEMESH_SKIP_BUILD:-0} == 1 ]]; then
    (( missing == 0 )) || die "CINEMESH_SKIP_BUILD=1 but not every service jar is built (<service>/target/quarkus-app/quarkus-run.jar)"
    say "build: skipped (CINEMESH_SKIP_BUILD=1)"
    return
  fi
  local stamp=$CINEMESH_DATA/build.stamp fp
  fp=$(source_fingerprint)
  if (( missing == 0 )) && [[ -f $stamp && $(cat "$stamp") == "$fp" ]]; then
    say "build: up to date"
    return
  fi
  local mvn=(mvn) t0
  [[ -x $ROOT/mvnw ]] && mvn=("$ROOT/mvnw")
  t0=$(now)
  say "building the services (${mvn[0]##*/} -B -q package -DskipTests; log: $LOGS/build.log)"
  # In the background and waited for: bash runs traps only between commands, and `wait` is the one
  # command a signal interrupts, so Ctrl-C/SIGTERM during a build stop it at once.
  (cd "$ROOT" && exec ${ORPHAN_GUARD[@]+"${ORPHAN_GUARD[@]}"} "${mvn[@]}" -B -q package -DskipTests) >"$LOGS/build.log" 2>&1 </dev/null &
  BUILD_PID=$!
  local rc=0
  wait "$BUILD_PID" || rc=$?
  BUILD_PID=""
  (( rc == 0 )) || { show_log_tail build "$LOGS/build.log"; die "the build failed (status $rc)"; }
  for svc in "${SERVICES[@]}"; do
    [[ -f $ROOT/$svc/target/quarkus-app/quarkus-run.jar ]] || die "the build did not produce $svc/target/quarkus-app/quarkus-run.jar"
  done
  echo "$fp" >"$stamp"
  say "build: done in $(since "$t0")"
}

start_services() {
  local svc
  mkdir -p "$SCRATCH"
  # Shared by every service; exported only into the children's environment (never echoed).
  CHILD_ENV=(
    CINEMESH_DB_HOST="$DB_HOST" CINEMESH_DB_PORT="$DB_PORT" CINEMESH_DB_NAME="$DB_NAME"
    CINEMESH_DB_USER="$DB_USER" CINEMESH_DB_PASSWORD="$DB_PASSWORD"
    KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
    CINEMESH_TOKEN_SECRET="$TOKEN_SECRET" CINEMESH_ADMIN_TOKEN="$ADMIN_TOKEN"
    CINEMESH_MEDIA="$MEDIA" CINEMESH_SCRATCH="$SCRATCH"
    # One box, one media folder: stream-service checks each direct-play request and the gateway sends the body
    # itself with sendfile (a second copying hop halves what a player gets on two cores; see BENCHMARKS.md).
    CINEMESH_PART_HANDOFF="${CINEMESH_PART_HANDOFF:-true}"
    CINEMESH_LIBRARY_URL="http://127.0.0.1:${SERVICE_PORT[library-service]}"
    CINEMESH_STREAM_URL="http://127.0.0.1:${SERVICE_PORT[stream-service]}"
    CINEMESH_USER_URL="http://127.0.0.1:${SERVICE_PORT[user-service]}"
    CINEMESH_OTLP_ENDPOINT="http://127.0.0.1:$OTLP_PORT"
    # The relay speaks OTLP/HTTP protobuf (4318); make sure the exporter does too, whatever its default.
    QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf
    QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="http://127.0.0.1:$OTLP_PORT"
  )
  # Only when set: SmallRye Config reads an empty variable as "missing", which fails a required property
  # instead of meaning "no networks".
  if [[ -n ${CINEMESH_ALLOWED_NETWORKS:-} ]]; then CHILD_ENV+=(CINEMESH_ALLOWED_NETWORKS="$CINEMESH_ALLOWED_NETWORKS"); fi
  if [[ -n ${CINEMESH_CORS_ORIGINS:-} ]]; then CHILD_ENV+=(CINEMESH_CORS_ORIGINS="$CINEMESH_CORS_ORIGINS"); fi
  if [[ -n ${CINEMESH_ACCESS_CACHE_TTL:-} ]]; then CHILD_ENV+=(CINEMESH_ACCESS_CACHE_TTL="$CINEMESH_ACCESS_CACHE_TTL"); fi
  local opts
  read -r -a opts <<<"${CINEMESH_JAVA_OPTS:--Xmx384m -XX:+UseSerialGC}"
  # All four start at once (start-up is mostly waiting on PostgreSQL/Kafka and class loading; two cores
  # still beat four sequential starts), then each is waited for in order.
  for svc in "${SERVICES[@]}"; do
    # Working directory: an empty folder of ours, so no stray .env or config/ in the tree changes the run.
    local own=()
    # The gateway on one box sends film bytes with sendfile and relays the rest: C1 code does that as fast, and
    # without C2 compiling its hot paths for minutes it keeps up with nginx on two cores (BENCHMARKS.md).
    if [[ $svc == gateway ]]; then read -r -a own <<<"${CINEMESH_GATEWAY_JAVA_OPTS--XX:TieredStopAtLevel=1}"; fi
    spawn_service "$svc" java "${opts[@]}" "${own[@]}" \
      -jar "$ROOT/$svc/target/quarkus-app/quarkus-run.jar"
  done
  CHILD_ENV=()
}

await_services() {
  local svc
  if (( REPLICAS > 1 )); then await_replicas; return; fi
  for svc in "${SERVICES[@]}"; do
    await_ready "$svc" "${CINEMESH_START_TIMEOUT:-180}" \
      http_ok "http://127.0.0.1:${MANAGEMENT_PORT[$svc]}/q/health/ready"
  done
}
