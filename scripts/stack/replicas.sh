# shellcheck shell=bash
# Part of ./cinemesh (sourced by it; see its header).
# N replicas of each service behind HAProxy, the local stand-in for the mesh.

# ---- replicas behind HAProxy (--replicas N / CINEMESH_REPLICAS) ---------------------------------------------
#
# The local stand-in for the mesh (docs/local-stack.md "Replicas"). With N > 1, replica k (1..N) of a service
# listens on its base port + 10·k (gateway 32410, 32420…; library-service 8091, 8101…) and HAProxy takes the
# base ports: 32400 for clients, 8081–8083 for the services' calls to each other, so every CINEMESH_*_URL stays
# as with one replica. On 8082 it hashes the transcode session consistently, as the DestinationRule on
# stream-service does; every backend has health checks plus layer-7 observation (outlier detection) and one
# retry of a refused connection on another replica (the VirtualService's retry policy). Like a Deployment, the
# supervisor restarts a replica that exits instead of stopping the stack.
REPLICAS=1
declare -A SERVICE_OF=() SPAWN_CMD=() SPAWN_ENV=() RESTARTS=()
HAPROXY_CFG=""

replica_port() { echo $(( ${SERVICE_PORT[$1]} + 10 * $2 )); } # replica_port SERVICE K
# Each replica's management interface: +100 per replica (+10 would land on Kafka's 9092).
replica_management_port() { echo $(( ${MANAGEMENT_PORT[$1]} + 100 * $2 )); } # replica_management_port SERVICE K

set_replicas() { # set_replicas N — validated; 1 keeps exactly the single-instance stack
  [[ $1 =~ ^[1-9]$ ]] || die "--replicas (CINEMESH_REPLICAS) wants a number from 1 to 9, got '$1'"
  REPLICAS=$1
}

# Where the readiness of one instance is asked: on its management port (/q/* is not on the public one).
HEALTH_PATH=/q/health/ready
health_url() { echo "http://127.0.0.1:$1$HEALTH_PATH"; } # health_url MANAGEMENT_PORT
# Something answers HTTP on PORT that is not the balancer's "no server" (any status but 503 will do: most paths
# want a token).
http_answers() { local code; code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/identity"); [[ $code != 000 && $code != 503 ]]; }

# spawn_service SVC CMD… — one instance as before, or N replicas, each with its own port, scratch and log.
spawn_service() {
  local svc=$1; shift
  if (( REPLICAS == 1 )); then
    say "starting $svc on 127.0.0.1:${SERVICE_PORT[$svc]}"
    spawn "$svc" "$LOGS/$svc.log" "$CINEMESH_DATA/run/$svc" "$@"
    return
  fi
  local k name port saved=(${CHILD_ENV[@]+"${CHILD_ENV[@]}"})
  for (( k = 1; k <= REPLICAS; k++ )); do
    name=$svc-$k
    port=$(replica_port "$svc" "$k")
    say "starting $name on 127.0.0.1:$port"
    # Later entries win on export: the replica's port, and a scratch folder of its own (two replicas cutting
    # the same session must not write over each other's files; any of them can make any segment).
    # A replica being stopped says not ready for 4 s (HAProxy takes it out after two failed 1-s checks), as
    # a pod's preStop sleep gives the mesh time, then finishes the requests it has for up to 10 s.
    CHILD_ENV=(${saved[@]+"${saved[@]}"} QUARKUS_HTTP_PORT="$port"
      QUARKUS_MANAGEMENT_PORT="$(replica_management_port "$svc" "$k")" CINEMESH_SCRATCH="$SCRATCH/$name"
      QUARKUS_SHUTDOWN_DELAY=4s QUARKUS_SHUTDOWN_TIMEOUT=10s)
    # HAProxy is the edge now and says who the client is in X-Forwarded-For: the gateway trusts that one hop
    # (and whatever the operator trusts in front of the box), so throttles and the audit log see real clients.
    if [[ $svc == gateway ]]; then
      local trusted=${CINEMESH_TRUSTED_PROXIES:-none}
      if [[ $trusted == none ]]; then trusted=127.0.0.1/32; else trusted+=,127.0.0.1/32; fi
      CHILD_ENV+=(CINEMESH_TRUSTED_PROXIES="$trusted")
    fi
    mkdir -p "$SCRATCH/$name"
    SERVICE_OF[$name]=$svc
    SPAWN_CMD[$name]=$(printf '%q ' "$@")
    SPAWN_ENV[$name]=$(printf '%q ' "${CHILD_ENV[@]}")
    spawn "$name" "$LOGS/$name.log" "$CINEMESH_DATA/run/$name" "$@"
    write_pid_file "$name"
  done
  CHILD_ENV=(${saved[@]+"${saved[@]}"})
}

# run/pids/<replica>: what an operator (or the fault suite) kills or restarts.
# Written aside and renamed, so that a reader never sees the file empty while a replica is restarted.
write_pid_file() {
  mkdir -p "$CINEMESH_DATA/run/pids"
  echo "${PIDS[$1]}" >"$CINEMESH_DATA/run/pids/.$1" && mv -f "$CINEMESH_DATA/run/pids/.$1" "$CINEMESH_DATA/run/pids/$1"
}

await_replicas() {
  local svc k name rc
  for svc in "${SERVICES[@]}"; do
    for (( k = 1; k <= REPLICAS; k++ )); do
      name=$svc-$k
      # A replica that dies while starting (eight JVMs starting at once on two cores can time out on their
      # first database connection) is started again, twice at most, as a pod would be; then it is an error.
      while rc=0; wait_for "${CINEMESH_START_TIMEOUT:-180}" "${PIDS[$name]}" \
          http_ok "$(health_url "$(replica_management_port "$svc" "$k")")" || rc=$?; (( rc == 1 && ${RESTARTS[$name]:-0} < 2 )); do
        show_log_tail "$name" "$LOGS/$name.log"
        restart_replica "$name"
      done
      if (( rc != 0 )); then
        show_log_tail "$name" "$LOGS/$name.log"
        (( rc == 1 )) && die "$name exited during start-up, 3 times (log: $LOGS/$name.log)"
        die "$name was not ready within ${CINEMESH_START_TIMEOUT:-180} s (log: $LOGS/$name.log)"
      fi
      say "$name ready ($(since "${T_LAUNCH[$name]}") after launch)"
    done
  done
  # Then through the balancer, as clients and the other services see them.
  for svc in "${SERVICES[@]}"; do
    await_ready haproxy 30 http_answers "${SERVICE_PORT[$svc]}"
  done
}

haproxy_config() { # the whole config on stdout
  local svc k be
  cat <<EOF
# Generated by ./cinemesh up --replicas $REPLICAS at every start; edit scripts/stack/replicas.sh, not this file.
global
  log stdout format raw local0 notice
  # The runtime API: an operator (or the fault suite's blue/green case) moves traffic between replicas with
  # "set weight be_gateway/r2 10" as a VirtualService's weights do, without a reload.
  stats socket $CINEMESH_DATA/haproxy/admin.sock mode 600 level admin
defaults
  mode http
  log global
  option httplog
  option dontlog-normal
  # The mesh's retry policy: one retry, only when nothing was sent (connection refused), on another replica.
  retries 1
  retry-on conn-failure
  option redispatch
  timeout connect 3s
  timeout http-request 15s
  timeout client 1h
  timeout server 1h
  timeout tunnel 24h
  # Outlier detection: a replica whose checks fail, or that gives 5 errors in a row, is out until its checks
  # pass again.
  default-server check inter 1s fall 2 rise 2 observe layer7 error-limit 5 on-error mark-down
  # But never every replica, as the mesh's maxEjectionPercent 50 and Envoy's panic threshold: when all of a
  # service's replicas are out, each backend's unchecked backup entries (b1, b2…) send to all of them. A
  # dependency's outage (PostgreSQL restarting) makes every gateway relay 503s; ejecting them all would turn
  # the requests that need no database (segments) into HAProxy's own 503 too.
  option allbackups
EOF
  for svc in "${SERVICES[@]}"; do
    be=be_${svc//-/_}
    # Clients reach the gateway's port from the network as with one instance; the services' ports stay local.
    local bind=127.0.0.1
    [[ $svc == gateway ]] && bind=""
    printf 'frontend fe_%s\n  bind %s:%s\n' "${svc//-/_}" "$bind" "${SERVICE_PORT[$svc]}"
    if [[ $svc == gateway ]]; then
      # The edge: what a client wrote in X-Forwarded-For proves nothing; the gateway gets the client's address
      # alone, as the mesh's ingress gateway gives it.
      printf '  http-request del-header X-Forwarded-For\n  option forwardfor\n'
    fi
    if [[ $svc == stream-service ]]; then
      # The DestinationRule's consistent hash on the transcode session: from the segment path, else the start
      # request's session parameter, else the client's session header; without one, round robin.
      cat <<'EOF'
  http-request set-var(txn.sid) path,field(7,/) if { path_beg /video/:/transcode/universal/session/ }
  http-request set-var(txn.sid) url_param(session) if !{ var(txn.sid) -m found } { url_param(session) -m found }
  http-request set-var(txn.sid) req.hdr(X-Plex-Session-Identifier) if !{ var(txn.sid) -m found } { req.hdr(X-Plex-Session-Identifier) -m found }
EOF
    fi
    printf '  default_backend %s\nbackend %s\n' "$be" "$be"
    if [[ $svc == stream-service ]]; then
      printf '  balance hash var(txn.sid)\n  hash-type consistent\n'
    else
      printf '  balance roundrobin\n'
    fi
    printf '  option httpchk\n  http-check send meth GET uri %s\n' "$HEALTH_PATH"
    for (( k = 1; k <= REPLICAS; k++ )); do
      printf '  server r%s 127.0.0.1:%s id %s port %s\n' "$k" "$(replica_port "$svc" "$k")" "$k" \
        "$(replica_management_port "$svc" "$k")"
    done
    for (( k = 1; k <= REPLICAS; k++ )); do
      printf '  server b%s 127.0.0.1:%s id %s backup no-check\n' "$k" "$(replica_port "$svc" "$k")" "$((100 + k))"
    done
  done
}

launch_haproxy() {
  command -v haproxy >/dev/null || apt_install haproxy
  HAPROXY_CFG=$CINEMESH_DATA/haproxy/haproxy.cfg
  mkdir -p "${HAPROXY_CFG%/*}"
  haproxy_config >"$HAPROXY_CFG"
  haproxy -c -q -f "$HAPROXY_CFG" >"$LOGS/haproxy-check.log" 2>&1 \
    || { show_log_tail haproxy-check "$LOGS/haproxy-check.log"; die "the generated HAProxy config is invalid ($HAPROXY_CFG)"; }
  say "starting HAProxy on the services' ports (32400, 8081-8083) in front of $REPLICAS replicas each"
  # -db: in the foreground, so it is one more child of ours.
  spawn haproxy "$LOGS/haproxy.log" "$CINEMESH_DATA/haproxy" haproxy -db -f "$HAPROXY_CFG"
}

# A replica that exited comes back, as a Deployment's pod would (the others and HAProxy's retry cover the
# gap); a stack of one instance still stops instead, as before.
restart_replica() { # restart_replica NAME
  local name=$1 rc=0 i cmd
  wait "${PIDS[$name]}" 2>/dev/null || rc=$?
  RESTARTS[$name]=$(( ${RESTARTS[$name]:-0} + 1 ))
  warn "$name exited (status $rc); restarting it (restart ${RESTARTS[$name]}; previous log in $LOGS/$name.log.1)"
  eval "cmd=(${SPAWN_CMD[$name]})"
  eval "CHILD_ENV=(${SPAWN_ENV[$name]})"
  for i in "${!STARTED[@]}"; do [[ ${STARTED[$i]} == "$name" ]] && unset 'STARTED[i]'; done
  STARTED=(${STARTED[@]+"${STARTED[@]}"})
  spawn "$name" "$LOGS/$name.log" "$CINEMESH_DATA/run/$name" "${cmd[@]}"
  write_pid_file "$name"
  CHILD_ENV=()
}
