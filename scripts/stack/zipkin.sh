# shellcheck shell=bash
# Part of ./cinemesh (sourced by it; see its header). Traces: Zipkin and the OTLP relay.

# ---- Zipkin and the OTLP relay ------------------------------------------------------------------------------

launch_zipkin() {
  local dir=$CINEMESH_DATA/zipkin jar
  jar=$dir/zipkin-server-$ZIPKIN_VERSION-exec.jar
  mkdir -p "$dir"
  if [[ ! -s $jar ]]; then
    say "fetching zipkin-server $ZIPKIN_VERSION from Maven Central (once, ~135 MB)"
    # Run from $dir: a pom.xml in the working directory (the repo's reactor) would become the project.
    (cd "$dir" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" -DoutputDirectory="$dir") \
      >"$LOGS/zipkin-fetch.log" 2>&1 || { show_log_tail zipkin-fetch "$LOGS/zipkin-fetch.log"; die "could not fetch zipkin-server"; }
  fi
  say "starting Zipkin on 127.0.0.1:$ZIPKIN_PORT"
  # In-memory storage (traces are gone at restart), bound to loopback. C1 only: it is a local viewer, and
  # on two cores that makes its start-up noticeably shorter.
  spawn zipkin "$LOGS/zipkin.log" "$dir" java -Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -jar "$jar" --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port="$ZIPKIN_PORT" \
    --armeria.ports[0].protocols=http
}

launch_relay() {
  local dir=$CINEMESH_DATA/otlp-relay src=$ROOT/tools/otlp-zipkin/OtlpZipkinRelay.java want
  want=$(hash_of "$src")
  if [[ ! -f $dir/.stamp || $(cat "$dir/.stamp") != "$want" ]]; then
    rm -rf "$dir"; mkdir -p "$dir"
    javac -d "$dir" "$src" >"$LOGS/otlp-relay-build.log" 2>&1 \
      || { show_log_tail javac "$LOGS/otlp-relay-build.log"; die "could not compile the OTLP relay"; }
    echo "$want" >"$dir/.stamp"
  fi
  spawn otlp-relay "$LOGS/otlp-relay.log" "$dir" java -Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$dir" \
    OtlpZipkinRelay "$OTLP_PORT" "http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans"
}
