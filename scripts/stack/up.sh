# shellcheck shell=bash
# Part of ./cinemesh (sourced by it; see its header). `./cinemesh up`.

# ---- up ----------------------------------------------------------------------------------------------------

check_ports() {
  local taken=() p svc
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$ZIPKIN_PORT" "$OTLP_PORT"; do
    port_open "$p" && taken+=("$p")
  done
  for svc in "${SERVICES[@]}"; do
    port_open "${SERVICE_PORT[$svc]}" && taken+=("${SERVICE_PORT[$svc]} ($svc)")
    port_open "${MANAGEMENT_PORT[$svc]}" && taken+=("${MANAGEMENT_PORT[$svc]} ($svc management)")
    for (( p = 1; REPLICAS > 1 && p <= REPLICAS; p++ )); do
      port_open "$(replica_port "$svc" "$p")" && taken+=("$(replica_port "$svc" "$p") ($svc-$p)")
    done
  done
  if (( ${#taken[@]} > 0 )); then
    die "port(s) already in use on 127.0.0.1: ${taken[*]}. Another Cinemesh running? Stop it (or whatever holds them: ss -ltnp) and retry."
  fi
}

check_tools() {
  command -v java >/dev/null || die "java not found: install a JDK 17+"
  command -v javac >/dev/null || die "javac not found: a JDK (not a JRE) is needed"
  command -v mvn >/dev/null || [[ -x $ROOT/mvnw ]] || die "mvn not found: install Maven"
  local missing=()
  command -v curl >/dev/null || missing+=(curl)
  command -v ffmpeg >/dev/null || missing+=(ffmpeg)
  (( ${#missing[@]} == 0 )) || apt_install "${missing[@]}"
}

banner() {
  local url="http://127.0.0.1:${SERVICE_PORT[gateway]}" replicas=""
  if (( REPLICAS > 1 )); then replicas=$'\n'"  │  Replicas     $REPLICAS of each service behind HAProxy ($HAPROXY_CFG)"; fi
  cat <<EOF

  ┌────────────────────────────────────────────────────────────────────────────────────────────────────
  │  Cinemesh is up — ready in $(since "$T_START")
  │
  │  Server       $url
  │  Token        $ADMIN_TOKEN
  │  Try it       curl -H "X-Plex-Token: $ADMIN_TOKEN" $url/
  │  Traces       http://127.0.0.1:$ZIPKIN_PORT/zipkin/
  │  Kafka        127.0.0.1:$KAFKA_PORT
  │  PostgreSQL   $DB_USER@$DB_HOST:$DB_PORT/$DB_NAME
  │  Media        $MEDIA
  │  Logs         $LOGS/${replicas}
  │
  │  Ctrl-C stops everything.
  └────────────────────────────────────────────────────────────────────────────────────────────────────

EOF
  echo "CINEMESH READY url=$url token=$ADMIN_TOKEN"
}

# Stay in the foreground until a signal arrives or a child dies.
supervise() {
  local name rc
  while :; do
    for name in "${STARTED[@]}"; do
      if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
        if [[ -n ${SERVICE_OF[$name]:-} ]]; then restart_replica "$name"; continue; fi
        wait "${PIDS[$name]}" 2>/dev/null && rc=0 || rc=$?
        warn "$name exited unexpectedly (status $rc); shutting everything down"
        show_log_tail "$name" "$LOGS/$name.log"
        exit 1
      fi
    done
    # `sleep & wait` rather than a plain sleep: a trapped signal interrupts `wait` at once.
    sleep 1 &
    NAP_PID=$!
    wait "$NAP_PID" || true
    NAP_PID=""
  done
}

cmd_up() {
  set_replicas "${CINEMESH_REPLICAS:-1}"
  if [[ ${1:-} == --replicas ]]; then set_replicas "${2:-}"; shift 2
  elif [[ ${1:-} == --replicas=* ]]; then set_replicas "${1#--replicas=}"; shift; fi
  (( $# <= 1 )) || die "usage: ./cinemesh up [--replicas N] [MEDIA_DIR]"
  T_START=$(now)
  CINEMESH_DATA=${CINEMESH_DATA:-$ROOT/.cinemesh-data}
  # A data folder that is not there yet is a start from scratch: see claim_database.
  DATA_FOLDER_NEW=0
  [[ -d $CINEMESH_DATA ]] || DATA_FOLDER_NEW=1
  mkdir -p "$CINEMESH_DATA"
  CINEMESH_DATA=$(cd "$CINEMESH_DATA" && pwd)
  LOGS=$CINEMESH_DATA/logs
  SCRATCH=$CINEMESH_DATA/scratch
  mkdir -p "$LOGS"

  local svc
  if [[ -n ${CINEMESH_SERVICES+set} ]]; then
    read -r -a SERVICES <<<"$CINEMESH_SERVICES"
    for svc in ${SERVICES[@]+"${SERVICES[@]}"}; do
      [[ -n ${SERVICE_PORT[$svc]:-} ]] || die "unknown service '$svc' in CINEMESH_SERVICES (known: ${!SERVICE_PORT[*]})"
    done
  else
    # While the repository grows, a service whose module does not exist yet is skipped, not fatal.
    local present=()
    for svc in "${SERVICES[@]}"; do
      if [[ -f $ROOT/$svc/pom.xml ]]; then present+=("$svc"); else warn "no $svc module in this checkout yet; not starting it"; fi
    done
    SERVICES=(${present[@]+"${present[@]}"})
  fi

  trap on_exit EXIT
  trap 'on_signal SIGINT' INT
  trap 'on_signal SIGTERM' TERM
  trap 'on_signal SIGHUP' HUP

  check_tools
  check_ports
  check_jars_if_not_building
  setup_postgres
  setup_media "${1:-}"
  load_secrets
  # Kafka and the relay boot while Maven builds. Zipkin waits until Kafka is up: on two cores the two JVMs
  # slow each other's start-up down, and the services need Kafka, not Zipkin, to become ready.
  launch_kafka
  launch_relay
  build_services
  await_ready kafka 90 kafka_ready
  launch_zipkin
  if (( REPLICAS > 1 )); then launch_haproxy; fi
  start_services
  await_ready otlp-relay 30 http_ok "http://127.0.0.1:$OTLP_PORT/health"
  await_ready zipkin "${CINEMESH_ZIPKIN_TIMEOUT:-120}" http_ok "http://127.0.0.1:$ZIPKIN_PORT/health"
  await_services
  banner
  supervise
}
