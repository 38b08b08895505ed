#!/usr/bin/env bash
# library-service query benchmark: 100,000 seeded items, a 50-item sorted /all page and /hubs/search over HTTP,
# next to the raw SQL that answers them (psql, one connection, \timing). Prints p50/p99 and ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-100000}; RUNS=${RUNS:-200}; PORT=${PORT:-18081}; DB=cinemesh_bench_library
SECRET=$(printf 'bench-secret-bench-secret-bench-secret-0' | base64 -w0); TOKEN=bench-owner-token
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
psql -q -h 127.0.0.1 -U postgres -d $DB -c "CREATE SCHEMA library"
[ -f library-service/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests -pl library-service -am
MEDIA=$(mktemp -d)
KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 CINEMESH_TOKEN_SECRET=$SECRET CINEMESH_ADMIN_TOKEN=$TOKEN CINEMESH_MEDIA=$MEDIA CINEMESH_SCAN_INTERVAL=24h \
  java -Dquarkus.http.port=$PORT -Dquarkus.management.port=$((PORT + 1000)) -Dcinemesh.db.name=$DB -Dcinemesh.db.user=postgres -Dcinemesh.db.password= \
  -Dquarkus.otel.sdk.disabled=true -jar library-service/target/quarkus-app/quarkus-run.jar > /tmp/bench-library.log 2>&1 &
APP=$!; trap 'kill $APP 2>/dev/null' EXIT
for i in $(seq 120); do curl -sf -H "X-Plex-Token: $TOKEN" localhost:$PORT/library/sections >/dev/null && break; sleep 1; done
# Seed: one movie section of $N movies, through SQL (the scanner's rate is measured separately).
psql -q -h 127.0.0.1 -U postgres -d $DB <<SQL
SET search_path = library;
INSERT INTO section (uuid, name, type, agent, scanner) VALUES (gen_random_uuid(), 'Bench', 'movie', 'a', 's');
INSERT INTO item (section_id, type, guid, title, title_search, title_sort, year, duration_ms, added_at)
SELECT 1, 1, 'cinemesh://movie/' || g, 'Film ' || md5(g::text), lower('Film ' || md5(g::text)),
       lower('film ' || md5(g::text)), 1950 + g % 75, 5400000, now() - (g || ' minutes')::interval
FROM generate_series(1, $N) g;
ANALYZE;
SQL
H="X-Plex-Token: $TOKEN"
http() { # url → one latency per line (ms)
  for i in $(seq $RUNS); do curl -s -o /dev/null -w '%{time_total}\n' -H "$H" -H 'Accept: application/json' "$1"; done \
    | awk '{printf "%.3f\n", $1*1000}'
}
sql() { # statement → one latency per line (ms), same connection
  { echo 'SET search_path = library;'; echo '\timing on'; for i in $(seq $RUNS); do echo "$1"; done; } \
    | psql -q -h 127.0.0.1 -U postgres -d $DB -o /dev/null 2>&1 | awk '/^Time:/{print $2}'
}
pct() { sort -n | awk '{a[NR]=$1} END{p50=a[int(NR*0.5)]; p99=a[int(NR*0.99)]; printf "%s %s\n", p50, p99}'; }
PAGE="http://localhost:$PORT/library/sections/1/all?type=1&sort=year:desc,titleSort&X-Plex-Container-Start=5000&X-Plex-Container-Size=50"
SEARCH="http://localhost:$PORT/hubs/search?query=film%20ab1&limit=10"
PAGE_SQL="SELECT i.id FROM item i LEFT JOIN watch_state w ON w.item_id = i.id AND w.user_id = 1 WHERE i.type = 1 AND i.section_id = 1 ORDER BY i.year DESC, i.title_sort, i.id LIMIT 50 OFFSET 5000;"
# What a page costs besides the page itself: the count for totalSize (run beside the page query, on another
# connection), and the one-query alternative that was measured against it (count(*) OVER () on the page query).
COUNT_SQL="SELECT count(*) FROM item i LEFT JOIN watch_state w ON w.item_id = i.id AND w.user_id = 1 WHERE i.type = 1 AND i.section_id = 1;"
OVER_SQL="SELECT i.id, count(*) OVER () FROM item i LEFT JOIN watch_state w ON w.item_id = i.id AND w.user_id = 1 WHERE i.type = 1 AND i.section_id = 1 ORDER BY i.year DESC, i.title_sort, i.id LIMIT 50 OFFSET 5000;"
SEARCH_SQL="SELECT id FROM (SELECT i.id, i.type, row_number() OVER (PARTITION BY i.type ORDER BY (i.title_search = 'film ab1') DESC, (i.title_search LIKE 'film ab1%') DESC, i.title_sort, i.id) rn FROM item i WHERE i.title_search LIKE '%film ab1%') r WHERE rn <= 11;"
http "$PAGE" > /dev/null  # warm up
read hp50 hp99 < <(http "$PAGE" | pct); read sp50 sp99 < <(sql "$PAGE_SQL" | pct)
read hs50 hs99 < <(http "$SEARCH" | pct); read ss50 ss99 < <(sql "$SEARCH_SQL" | pct)
read c50 c99 < <(sql "$COUNT_SQL" | pct); read o50 o99 < <(sql "$OVER_SQL" | pct)
echo "items=$N runs=$RUNS"
printf '%-28s %10s %10s %10s %10s %8s\n' query http_p50 http_p99 sql_p50 sql_p99 p50_ratio
printf '%-28s %10s %10s %10s %10s %8.1f\n' "/all 50-item page, sorted" $hp50 $hp99 $sp50 $sp99 $(echo "$hp50/$sp50" | bc -l)
printf '%-28s %10s %10s %10s %10s %8.1f\n' "/hubs/search" $hs50 $hs99 $ss50 $ss99 $(echo "$hs50/$ss50" | bc -l)
printf '%-28s %10s %10s %10s %10s\n' "count(*) for totalSize" - - $c50 $c99
printf '%-28s %10s %10s %10s %10s\n' "page + count(*) OVER ()" - - $o50 $o99

# Scan rate: FILES real remuxes of one 2 s 1080p H.264/AAC stub (as MediaFixtures makes them), scanned by a new
# section (walk, parallel ffprobe, store, artwork), next to plain parallel ffprobe (one per core) over the same files.
FILES=${FILES:-1000}
[ "${SKIP_SCAN:-0}" = 1 ] && exit 0
ffmpeg -v error -y -f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=440 -t 2 \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest "$MEDIA/stub.mp4"
mkdir -p "$MEDIA/Films"
seq $FILES | xargs -P "$(nproc)" -I{} ffmpeg -v error -y -i "$MEDIA/stub.mp4" -c copy -metadata title="Bench Film {}" \
  "$MEDIA/Films/Bench Film {} (2001).mp4"
t0=$(date +%s.%N)
curl -sf -X POST -H "$H" "localhost:$PORT/library/sections?name=Films&type=movie&location=Films" > /dev/null
sleep 0.5
while curl -s -H "$H" -H 'Accept: application/json' localhost:$PORT/library/sections | grep -q '"refreshing":true'; do sleep 0.2; done
t1=$(date +%s.%N)
find "$MEDIA/Films" -name '*.mp4' -print0 | xargs -0 -P "$(nproc)" -n 1 ffprobe -v error -show_format -show_streams -of json > /dev/null
t2=$(date +%s.%N)
scanned=$(psql -tA -h 127.0.0.1 -U postgres -d $DB -c "SELECT count(*) FROM library.item WHERE section_id = 2")
echo "scan: $scanned of $FILES files stored in $(echo "$t1-$t0" | bc -l | cut -c1-6) s = $(echo "$scanned/($t1-$t0)" | bc -l | cut -c1-6) files/s; plain parallel ffprobe: $(echo "$t2-$t1" | bc -l | cut -c1-6) s = $(echo "$FILES/($t2-$t1)" | bc -l | cut -c1-6) files/s"
