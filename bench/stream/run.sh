#!/usr/bin/env bash
# stream-service benchmarks, each next to its reference in the same run:
#   direct-play throughput (1 and 16 readers) through the gateway (the URL a client uses) and on stream-service's
#   own port, vs nginx on the same file, interleaved round by round so that all three see the same machine load,
#   time to first segment (remux, 720p transcode, after a seek) vs the ffmpeg CLI alone,
#   720p transcode speed vs the ffmpeg CLI alone.
# Needs: a packaged stream-service and gateway (./mvnw -pl stream-service,gateway -am package -DskipTests), PostgreSQL on 127.0.0.1:5432,
# ffmpeg, nginx (apt-get install nginx-light), curl, python3. Usage: bench/stream/run.sh [film-seconds]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SECONDS_LONG=${1:-60}
WORK=${BENCH_WORK:-/tmp/cinemesh-bench}
MEDIA=$WORK/media
# Ports of their own (BENCH_PORT_BASE): bench/library runs library-service on 18081.
BASE=${BENCH_PORT_BASE:-18180}
NGX=$BASE LIB=$((BASE + 1)) SVC=$((BASE + 2)) GW=$((BASE + 3)) SVC_MGMT=$((BASE + 4)) GW_MGMT=$((BASE + 5)) ROUNDS=${BENCH_ROUNDS:-3}
TOKEN=bench-owner-token
JAR=$REPO/stream-service/target/quarkus-app/quarkus-run.jar
GW_JAR=$REPO/gateway/target/quarkus-app/quarkus-run.jar
SECRET=dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtdGVzdA==
mkdir -p "$MEDIA/Movies" "$WORK/logs"
FILM=Movies/film.mp4
if [ ! -f "$MEDIA/$FILM" ]; then
  ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi \
    -i sine=frequency=440:sample_rate=48000 -t "$SECONDS_LONG" -c:v libx264 -profile:v high -pix_fmt yuv420p \
    -preset veryfast -b:v 8M -g 60 -c:a aac -ac 2 -b:a 128k -movflags +faststart "$MEDIA/$FILM"
fi
SIZE=$(stat -c %s "$MEDIA/$FILM")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; }
trap cleanup EXIT

cat > "$WORK/nginx.conf" <<NGX
worker_processes 2; pid $WORK/nginx.pid; error_log $WORK/logs/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; types { video/mp4 mp4; }
  server { listen 127.0.0.1:$NGX; root $MEDIA; } }
NGX
nginx -c "$WORK/nginx.conf"

python3 "$HERE/library_standin.py" "$MEDIA" "$FILM" $LIB & pids+=($!)
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS cinemesh_bench WITH (FORCE)" -c "CREATE DATABASE cinemesh_bench" >/dev/null
java -Xmx512m -Dquarkus.http.port=$SVC -Dquarkus.management.port=$SVC_MGMT -Dcinemesh.db.name=cinemesh_bench -Dcinemesh.db.user=postgres \
  -Dcinemesh.token.secret=$SECRET -Dcinemesh.admin-token=$TOKEN \
  -Dcinemesh.upstream.library-service.url=http://127.0.0.1:$LIB -Dcinemesh.media.root="$MEDIA" \
  -Dcinemesh.scratch="$WORK/scratch" -Dcinemesh.parts.handoff=true -Dquarkus.otel.sdk.disabled=true -Dkafka.bootstrap.servers=127.0.0.1:1 \
  -Dquarkus.log.level=WARN -jar "$JAR" > "$WORK/logs/stream-service.log" 2>&1 & pids+=($!)
# The gateway as ./cinemesh up runs it (C1 only: CINEMESH_GATEWAY_JAVA_OPTS), in front of this stream-service
# (user-service is not needed for parts), sharing the media folder: stream-service checks each request and hands
# the body back (io.cinemesh.tokens.PartHandOff).
java -Xmx256m ${CINEMESH_GATEWAY_JAVA_OPTS--XX:TieredStopAtLevel=1} -Dquarkus.http.port=$GW -Dquarkus.management.port=$GW_MGMT -Dcinemesh.parts.handoff=true -Dcinemesh.media.root="$MEDIA" -Dcinemesh.token.secret=$SECRET -Dcinemesh.admin-token=$TOKEN \
  -Dcinemesh.upstream.library-service.url=http://127.0.0.1:$LIB -Dcinemesh.upstream.stream-service.url=http://127.0.0.1:$SVC \
  -Dcinemesh.upstream.user-service.url=http://127.0.0.1:1 -Dquarkus.otel.sdk.disabled=true \
  -Dkafka.bootstrap.servers=127.0.0.1:1 -Dquarkus.log.level=WARN -jar "$GW_JAR" > "$WORK/logs/gateway.log" 2>&1 & pids+=($!)
for i in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$SVC_MGMT/q/health/live" \
  && curl -sf -o /dev/null "http://127.0.0.1:$GW_MGMT/q/health/live" && break; sleep 0.5; done

now() { date +%s.%N; }
# readers N FETCHES URL → seconds for N parallel readers each fetching the whole file FETCHES times
readers() {
  local n=$1 fetches=$2 url=$3 t0 t1
  t0=$(now)
  for r in $(seq 1 "$n"); do
    ( for k in $(seq 1 "$fetches"); do curl -sf -o /dev/null -H "X-Plex-Token: $TOKEN" "$url"; done ) &
  done
  wait
  t1=$(now)
  python3 -c "print($t1-$t0)"
}
GATEWAY_URL="http://127.0.0.1:$GW/library/parts/1/0/file.mp4"
PART="http://127.0.0.1:$SVC/library/parts/1/0/file.mp4"
NGINX_URL="http://127.0.0.1:$NGX/$FILM"
# Warm the page cache, the part cache and the JITs as on a server that has been up a while (nginx, being native,
# needs none). Measured: after 400 requests the C2 compiler still took 73 % of stream-service's CPU; after ~20,000
# it is quiet and a request costs a third of a millisecond. So: BENCH_WARMUP one-byte requests over keep-alive
# (4 clients), 300 on new connections and 6 whole fetches by 16 readers through each path, none of them timed
# (with 2, perf still found C2 compiling the gateway's whole-file path during the 16-reader rounds: 24-62 % of
# its CPU samples).
# In a subshell: its `wait`s must not wait for the servers this script started.
( for u in "$GATEWAY_URL" "$PART"; do
  urls=(); for k in $(seq 1 $(( ${BENCH_WARMUP:-20000} / 4 ))); do urls+=(-o /dev/null "$u"); done
  for c in 1 2 3 4; do curl -s -r 0-0 -H "X-Plex-Token: $TOKEN" "${urls[@]}" & done; wait
  for k in $(seq 1 300); do curl -sf -o /dev/null -r 0-0 -H "X-Plex-Token: $TOKEN" "$u"; done
  readers 16 6 "$u" >/dev/null
done )
echo "## Direct play (file $((SIZE/1000000)) MB, MB/s, higher is better; $ROUNDS interleaved rounds)"
for n in 1 16; do
  fetches=$([ "$n" = 1 ] && echo 4 || echo 1)
  tg=0 ts=0 tn=0
  for r in $(seq 1 "$ROUNDS"); do
    tg=$(python3 -c "print($tg+$(readers $n $fetches "$GATEWAY_URL"))")
    ts=$(python3 -c "print($ts+$(readers $n $fetches "$PART"))")
    tn=$(python3 -c "print($tn+$(readers $n $fetches "$NGINX_URL"))")
  done
  python3 -c "
b=$ROUNDS*$n*$fetches*$SIZE/1e6; g,s,x=b/$tg,b/$ts,b/$tn
print(f'readers=$n gateway={g:.0f} stream-service={s:.0f} nginx={x:.0f} gateway/nginx={g/x:.2f} stream-service/nginx={s/x:.2f}')"
done

ms() { python3 -c "print(f'{($2-$1)*1000:.0f}')"; }
first_segment() { # query → ms from start.m3u8 to a complete first segment
  local q=$1 t0 t1 id
  t0=$(now)
  id=$(curl -sf -H "X-Plex-Token: $TOKEN" "http://127.0.0.1:$SVC/video/:/transcode/universal/start.m3u8?path=/library/metadata/1$q" | grep -o 'session/[0-9a-f-]*' | cut -d/ -f2)
  curl -sf -o /dev/null "http://127.0.0.1:$SVC/video/:/transcode/universal/session/$id/base/0.ts"
  t1=$(now); echo "$(ms $t0 $t1) $id"
}
cli_first_segment() { # ffmpeg args... → ms until 0.ts exists
  local d t0 t1; d=$(mktemp -d)
  t0=$(now)
  ffmpeg -nostdin -hide_banner -loglevel error -i "$MEDIA/$FILM" -map 0:v:0 -map 0:a:0 "$@" -f hls -hls_time 4 \
    -hls_list_size 0 -hls_flags temp_file -hls_segment_filename "$d/%d.ts" "$d/p.m3u8" & local p=$!
  while [ ! -f "$d/0.ts" ]; do sleep 0.005; done
  t1=$(now); kill $p 2>/dev/null; wait $p 2>/dev/null || true; rm -rf "$d"; ms $t0 $t1
}
TX="-c:v libx264 -preset superfast -profile:v high -pix_fmt yuv420p -vf scale=1280:720 -b:v 3000k -maxrate 3000k -bufsize 6000k -force_key_frames expr:gte(t,n_forced*4) -sc_threshold 0 -c:a aac -b:a 128k -ac 2"
echo "## Time to first segment (ms, lower is better)"
stop_session() { curl -sf -o /dev/null -H "X-Plex-Token: $TOKEN" "http://127.0.0.1:$SVC/video/:/transcode/universal/stop?session=$1"; }
# Each service measurement alternates with its CLI reference, and every session is stopped before the next
# measurement: a session's ffmpeg keeps working ahead of the viewer and would otherwise slow what comes after.
for r in $(seq 1 "$ROUNDS"); do
  read -r rem rid < <(first_segment "&directPlay=0&directStream=1"); stop_session "$rid"
  echo "remux cinemesh=$rem ffmpeg-cli=$(cli_first_segment -c:v copy -c:a copy)"
done
for r in $(seq 1 "$ROUNDS"); do
  read -r tx tid < <(first_segment "&directPlay=0&maxVideoBitrate=3000&videoResolution=1280x720")
  stop_session "$tid"
  # shellcheck disable=SC2086
  echo "transcode-720p cinemesh=$tx ffmpeg-cli=$(cli_first_segment $TX)"
done
read -r _ tid < <(first_segment "&directPlay=0&maxVideoBitrate=3000&videoResolution=1280x720")
t0=$(now); curl -sf -o /dev/null "http://127.0.0.1:$SVC/video/:/transcode/universal/session/$tid/base/10.ts"; t1=$(now)
echo "transcode-720p seek-to-40s cinemesh=$(ms $t0 $t1)"
stop_session "$tid"

echo "## 720p transcode speed (× real time, higher is better)"
t0=$(now)
# shellcheck disable=SC2086
ffmpeg -nostdin -hide_banner -loglevel error -i "$MEDIA/$FILM" -map 0:v:0 -map 0:a:0 $TX -f hls -hls_time 4 \
  -hls_list_size 0 -hls_segment_filename "$WORK/cli-%d.ts" "$WORK/cli.m3u8"
t1=$(now); rm -f "$WORK"/cli*
cli=$(python3 -c "print(f'{$SECONDS_LONG/($t1-$t0):.2f}')")
read -r _ sid < <(first_segment "&directPlay=0&maxVideoBitrate=3000&videoResolution=1280x720")
t0=$(now)
n=$(( (SECONDS_LONG + 3) / 4 ))
for i in $(seq 1 $((n - 1))); do curl -sf -o /dev/null "http://127.0.0.1:$SVC/video/:/transcode/universal/session/$sid/base/$i.ts"; done
t1=$(now)
# the first segment was already made: count the remaining seconds of media over the time they took
svc=$(python3 -c "print(f'{($SECONDS_LONG-4)/($t1-$t0):.2f}')")
echo "cinemesh=$svc ffmpeg-cli=$cli ratio=$(python3 -c "print(f'{$svc/$cli:.2f}')")"
