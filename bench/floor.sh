#!/usr/bin/env bash
# The platform's floor for the metadata target of issue #7: how many requests per second Payara
# Micro itself answers for a body like /version's, with nothing of the registry in the way, beside
# the registry's own /version and nginx serving the same body as a static file. Runs on demand;
# results go to BENCHMARKS.md by hand.
#
#   bench/floor.sh        (after a build: needs registry-micro/target/{registry.war,payara-micro.jar})
#
# Two tiny WARs are compiled from bench/floor/ (javac against the jakartaee-api jar of the local
# Maven repository) and started one at a time on the same Payara Micro, with run.sh's options:
#   plain    a servlet that writes the bytes; JAX-RS returning the bytes and a record through JSON-B,
#            from one resource instance (@ApplicationScoped) and from one per request (@RequestScoped)
#   secured  the same plus an HttpAuthenticationMechanism that lets every request through (the
#            registry has one: Jakarta Security then runs on every request)
# The three servers alternate for BENCH_ROUNDS rounds (default 2), so the machine's drift falls on
# all alike. Each measured wrk run follows BENCH_WRK_WARMUP seconds (default 60; nginx 5) of the same
# load, unreported: the JIT compiles the request path first. Settings: BENCH_WRK_SECONDS (default
# 10), BENCH_WRK_CONNECTIONS (default 50),
# BENCH_PORT (default 18080), BENCH_NGINX_PORT (default 18081), BENCH_HEAP (default 256m),
# BENCH_WORK (default bench/work/floor).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${BENCH_ROUNDS:-2}
WRK_S=${BENCH_WRK_SECONDS:-10}
WRK_C=${BENCH_WRK_CONNECTIONS:-50}
WRK_WARM=${BENCH_WRK_WARMUP:-60}
PORT=${BENCH_PORT:-18080}
NPORT=${BENCH_NGINX_PORT:-18081}
HEAP=${BENCH_HEAP:-256m}
W=${BENCH_WORK:-$ROOT/bench/work/floor}
MICRO=$ROOT/registry-micro/target/payara-micro.jar

die() { echo "floor: $*" >&2; exit 1; }
log() { echo "floor: $(date -u +%H:%M:%S) $*" >&2; }
. "$ROOT/bench/lib.sh"
for c in java javac jar wrk nginx curl python3; do command -v $c >/dev/null || die "$c is required"; done
[ -f "$MICRO" ] && [ -f "$ROOT/registry-micro/target/registry.war" ] || die "build first (mvn -DskipTests package -pl registry-micro -am)"
API=$(ls ~/.m2/repository/jakarta/platform/jakarta.jakartaee-api/10.0.0/jakarta.jakartaee-api-10.0.0.jar 2>/dev/null) ||
  die "no jakartaee-api 10.0.0 in ~/.m2 (a Maven build of the registry downloads it)"
for p in "$PORT" "$NPORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use"; fi
done
rm -rf "$W" && mkdir -p "$W/logs"

# --- the two WARs ------------------------------------------------------------------------------------
for v in plain secured; do
  b=$W/build-$v
  mkdir -p "$b/WEB-INF/classes"
  srcs=("$ROOT"/bench/floor/floor/*.java)
  [ $v = secured ] && srcs+=("$ROOT"/bench/floor/secured/*.java)
  javac -d "$b/WEB-INF/classes" -cp "$API" "${srcs[@]}"
  echo '<beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>' >"$b/WEB-INF/beans.xml"
  (cd "$b" && jar cf "$W/floor-$v.war" .)
done

# --- nginx: the same body as a static file -------------------------------------------------------------
NG=$W/nginx
nginx_conf "$NG" "$NPORT" application/json || die "nginx config"
printf '%s' '{"data":{"version":"dev","apiVersion":"2.0.0"}}' >"$NG/html/version.json"
nginx -p "$NG" -c "$NG/nginx.conf"

PID=
cleanup() {
  set +e
  [ -n "$PID" ] && { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }
  [ -f "$NG/nginx.pid" ] && kill "$(cat "$NG/nginx.pid")" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME: the floor WAR NAME, or "registry" (run.sh on a fresh embedded default)
start() {
  local s0=$SECONDS
  if [ "$1" = registry ]; then
    rm -rf "$W/data" && mkdir -p "$W/data"
    (cd "$ROOT" && REGISTRY_PORT=$PORT REGISTRY_DATA_DIR="$W/data" REGISTRY_JAVA_OPTS="-Xmx$HEAP" \
      REGISTRY_JOBS_UPLOAD_CLEANUP_SCHEDULE=false REGISTRY_JOBS_STORAGE_CLEANUP_SCHEDULE=false \
      exec ./run.sh --no-build) >"$W/logs/$1.log" 2>&1 &
  else
    rm -rf "$W/root-$1"
    java "-Xmx$HEAP" -jar "$MICRO" --deploy "$W/floor-$1.war" --contextroot / --port "$PORT" --nohazelcast \
      --rootdir "$W/root-$1" --prebootcommandfile "$ROOT/scripts/micro-listener.asadmin" >"$W/logs/$1.log" 2>&1 &
  fi
  PID=$!
  local probe=http://127.0.0.1:$PORT/version
  [ "$1" = registry ] || probe=http://127.0.0.1:$PORT/servlet/version
  until curl -fsS -o /dev/null "$probe" 2>/dev/null; do
    kill -0 "$PID" 2>/dev/null || { tail -30 "$W/logs/$1.log"; die "$1 died while starting"; }
    [ $((SECONDS - s0)) -lt 300 ] || die "$1 not ready after 300 s"
    sleep 0.2
  done
}
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; }

# wrkrun NAME URL -> "req/s|p50 ms|p99 ms|errors"; the body is checked first
wrkrun() {
  local out=$W/logs/wrk-$1-$ROUND.txt
  curl -fsS "$2" | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; assert d["apiVersion"]=="2.0.0", d' ||
    die "$2 answered another body"
  wrk -t2 -c"$WRK_C" -d"${WRK_S}s" --timeout 10s --latency "$2" >"$out" 2>&1 || true
  wrk_summary "$out"
}

# measure SERVER NAME PATH: a warm-up run (not reported), then the measured one
measure() {
  local url=http://127.0.0.1:$PORT$3
  local warm=$WRK_WARM
  [ "$1" = nginx ] && url=http://127.0.0.1:$NPORT$3 && warm=5
  [ "$warm" -gt 0 ] && WRK_S=$warm wrkrun "warm-$2" "$url" >/dev/null
  echo "| $ROUND | $1 | $2 | $(wrkrun "$2" "$url" | sed 's/|/ | /g') |"
}

{
echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; $(java -version 2>&1 | head -1);"
echo "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'); wrk $WRK_C connections, $WRK_S s per row after a $WRK_WARM s warm-up (nginx 5 s); Payara Micro -Xmx$HEAP."
echo
echo "| round | server | endpoint | req/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
} | tee "$W/report.md"
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
  measure nginx static /static/version.json | tee -a "$W/report.md"
  for v in plain secured; do
    log "round $ROUND: $v"
    start "$v"
    for e in "servlet|/servlet/version" "jaxrs-bytes|/rs/app/bytes" "jaxrs-json|/rs/app/json" "jaxrs-json-request-scoped|/rs/req/json"; do
      IFS='|' read -r name path <<<"$e"
      measure "payara-$v" "$name" "$path" | tee -a "$W/report.md"
    done
    stop
  done
  log "round $ROUND: registry"
  start registry
  measure registry version /version | tee -a "$W/report.md"
  stop
done
log "report: $W/report.md"
