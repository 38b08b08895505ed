#!/usr/bin/env bash
# Moves Cinemesh's traffic to a new colour one step at a time (istio/split/*), checks the new colour's error
# rate and latency in Prometheus after each step, and rolls everything back to the old colour on failure.
#
#   scripts/canary.sh --to green                  # canary: 90/10 -> 50/50 -> 0/100
#   scripts/canary.sh --to green --switch         # blue/green: straight to 0/100, then the same checks
#   scripts/canary.sh --to blue                   # the next release, back the other way
#
# Options (and environment defaults):
#   --prometheus URL   PROMETHEUS_URL, default http://127.0.0.1:9090 (e.g. kubectl port-forward svc/prometheus 9090)
#   --wait SECONDS     STEP_WAIT, default 300: time at each step before judging it
#   --max-error-rate R MAX_ERROR_RATE, default 0.01 (1% of the new colour's requests answered 5xx)
#   --max-p95-ms MS    MAX_P95_MS, default 1500 (p95 of API requests; byte streams are excluded, see below)
#   --min-requests N   MIN_REQUESTS, default 20: fewer requests to the new colour in the window is no evidence,
#                      and counts as a failure unless --allow-idle (a quiet homelab at night)
#   --dry-run          print what would be applied and queried, change nothing
# Needs kubectl (with kustomize), curl and jq. Exit 0: the new colour takes all traffic. Exit 1: rolled back.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
to=""; switch=0; dry=0; allow_idle=0
prom="${PROMETHEUS_URL:-http://127.0.0.1:9090}"
wait_s="${STEP_WAIT:-300}"
max_err="${MAX_ERROR_RATE:-0.01}"
max_p95="${MAX_P95_MS:-1500}"
min_req="${MIN_REQUESTS:-20}"
ns="cinemesh"
services=(gateway library-service stream-service user-service)

while [ $# -gt 0 ]; do
  case "$1" in
    --to) to="$2"; shift 2 ;;
    --switch) switch=1; shift ;;
    --prometheus) prom="$2"; shift 2 ;;
    --wait) wait_s="$2"; shift 2 ;;
    --max-error-rate) max_err="$2"; shift 2 ;;
    --max-p95-ms) max_p95="$2"; shift 2 ;;
    --min-requests) min_req="$2"; shift 2 ;;
    --allow-idle) allow_idle=1; shift ;;
    --dry-run) dry=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

case "$to" in
  green) from=blue; steps=("blue-90-green-10" "blue-50-green-50" "blue-0-green-100"); rollback="blue-100-green-0" ;;
  blue)  from=green; steps=("blue-10-green-90" "blue-50-green-50" "blue-100-green-0"); rollback="blue-0-green-100" ;;
  *) echo "--to green|blue is required" >&2; exit 2 ;;
esac
[ "$switch" = 1 ] && steps=("${steps[-1]}")

log() { printf '%s canary: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

run() {
  if [ "$dry" = 1 ]; then log "would run: $*"; else "$@"; fi
}

apply_split() {
  log "traffic -> $1"
  run kubectl apply -k "$here/istio/split/$1"
}

# One instant value from Prometheus; prints "NaN" when the query has no result.
query() {
  local q="$1"
  if [ "$dry" = 1 ]; then log "would query: $q"; echo 0; return; fi
  curl -fsS --max-time 20 --get "$prom/api/v1/query" --data-urlencode "query=$q" \
    | jq -r 'if .status != "success" then error("prometheus: " + (.error // "failed"))
             elif (.data.result | length) == 0 then "NaN" else .data.result[0].value[1] end'
}

# Istio's metrics, reported by the receiving sidecar, for the new colour only (pods' `version` label).
sel="reporter=\"destination\",destination_service_namespace=\"$ns\",destination_version=\"$to\""
win="$(( wait_s < 120 ? 2 : wait_s / 60 ))m"
q_requests="sum(increase(istio_requests_total{$sel}[$win]))"
q_errors="sum(rate(istio_requests_total{$sel,response_code=~\"5..\"}[$win])) / sum(rate(istio_requests_total{$sel}[$win]))"
# A direct-play response lasts as long as the film, so stream-service is left out of the latency check;
# its health is its error rate (segments that fail are retried at the edge and show up as 5xx when they run out).
# So are the gateway's notification WebSockets (101), whose "duration" is how long a client listened.
q_p95="histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{$sel,destination_app!=\"stream-service\",response_code!=\"101\"}[$win])))"

gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

healthy() {
  local requests errors p95
  requests="$(query "$q_requests")"; errors="$(query "$q_errors")"; p95="$(query "$q_p95")"
  log "$to: requests=$requests error-rate=$errors p95=${p95}ms (limits: >= $min_req requests, <= $max_err, <= ${max_p95}ms)"
  if [ "$requests" = NaN ] || gt "$min_req" "$requests"; then
    if [ "$allow_idle" = 1 ]; then log "too little traffic to judge; --allow-idle: going on"; return 0; fi
    log "too little traffic to judge $to"; return 1
  fi
  if [ "$errors" != NaN ] && gt "$errors" "$max_err"; then log "error rate too high"; return 1; fi
  if [ "$p95" != NaN ] && gt "$p95" "$max_p95"; then log "latency too high"; return 1; fi
  return 0
}

roll_back() {
  log "ROLLING BACK: all traffic to $from"
  apply_split "$rollback"
  exit 1
}

# The new colour must be fully rolled out and ready before it gets a single request.
for s in "${services[@]}"; do
  run kubectl -n "$ns" rollout status "deployment/$s-$to" --timeout=300s || { log "$s-$to is not ready"; exit 1; }
done

trap 'log "interrupted"; roll_back' INT TERM
for step in "${steps[@]}"; do
  apply_split "$step"
  log "waiting ${wait_s}s at $step"
  [ "$dry" = 1 ] || sleep "$wait_s"
  healthy || roll_back
done
trap - INT TERM
log "done: $to takes all traffic; $from stays warm for an instant rollback (kubectl apply -k istio/split/$rollback)"
