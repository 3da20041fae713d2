#!/usr/bin/env bash
# Before/after comparison of the two reads of every pull, GET /version and GET /v1/images/{ref},
# anonymous and with a token, for two builds alternating on the same machine, with nginx serving the
# same bodies as static files after each build (BENCHMARKS.md, Run 14). Runs on demand; results go to
# BENCHMARKS.md by hand.
#
#   bench/ab.sh BEFORE_TREE AFTER_TREE      two checkouts of the repository, each built
#                                           (mvn -DskipTests package: registry-micro/target/)
#
# Each round starts each build fresh with run.sh (H2, -Xmx$BENCH_HEAP), pushes one small public image
# with the real client, then measures GET /version and the anonymous image read, each after
# BENCH_WRK_WARMUP seconds (default 120) of the same unreported load, then the image read with the
# token, after a warm-up of its own (BENCH_WRK_TOKEN_WARMUP, default the same); wrk at BENCH_WRK_CONNECTIONS (default 50)
# for BENCH_WRK_SECONDS (default 10). Settings: BENCH_ROUNDS (default 2), BENCH_PORT (default 18300),
# BENCH_NGINX_PORT (default 18301), BENCH_HEAP (default 256m), BENCH_WORK (default bench/work/ab),
# LIBCLIENT (default /work/libclient/libclient).
# Prints one line per round and build: req/s|p50|p99|errors for each read, nginx's, and
# registry_requests_anonymous_total and registry_requests_bearer_total at the end (none where the
# build has no such counter).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# = 2 ] || { echo "usage: bench/ab.sh BEFORE_TREE AFTER_TREE" >&2; exit 2; }
declare -A TREE=([before]=$(cd "$1" && pwd) [after]=$(cd "$2" && pwd))
ROUNDS=${BENCH_ROUNDS:-2}
WARM=${BENCH_WRK_WARMUP:-120}
TWARM=${BENCH_WRK_TOKEN_WARMUP:-$WARM}
SECS=${BENCH_WRK_SECONDS:-10}
CONN=${BENCH_WRK_CONNECTIONS:-50}
PORT=${BENCH_PORT:-18300}
NPORT=${BENCH_NGINX_PORT:-18301}
HEAP=${BENCH_HEAP:-256m}
W=${BENCH_WORK:-$ROOT/bench/work/ab}
LC=${LIBCLIENT:-/work/libclient/libclient}
SHARED=${SHARED_DIR:-$(cd "$ROOT/.." && pwd)/shared}
[ -f "$SHARED/libclient/mksif.sh" ] || SHARED=/work/shared
TOKEN=abtoken$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
die() { echo "ab: $*" >&2; exit 1; }
for c in wrk nginx curl python3; do command -v $c >/dev/null || die "$c is required"; done
[ -x "$LC" ] || die "no libclient at $LC (set LIBCLIENT)"
for b in before after; do
  [ -f "${TREE[$b]}/registry-micro/target/registry.war" ] || die "${TREE[$b]} is not built"
done
. "$ROOT/bench/lib.sh"
rm -rf "$W" && mkdir -p "$W/ng/html"
bash "$SHARED/libclient/mksif.sh" "$W/img.sif" 40K ab-image >/dev/null
nginx_conf "$W/ng" "$NPORT" application/json || die "nginx config"
nginx -p "$W/ng" -c "$W/ng/nginx.conf"
stop_registry() { pkill -f "payara-micro.jar.*--port $PORT" 2>/dev/null || true; sleep 3; }
trap 'kill "$(cat "$W/ng/nginx.pid")" 2>/dev/null; stop_registry' EXIT

# measure URL [HEADER]: req/s|p50 ms|p99 ms|errors of one wrk run
measure() {
  local h=(); [ -n "${2:-}" ] && h=(-H "$2")
  wrk -t2 -c"$CONN" -d"${SECS}s" --timeout 10s --latency ${h[@]+"${h[@]}"} "$1" >"$W/wrk.txt" 2>&1 || true
  wrk_summary "$W/wrk.txt"
}
# warm SECONDS URL [HEADER]: unreported load
warm() {
  local h=(); [ -n "${3:-}" ] && h=(-H "$3")
  wrk -t2 -c"$CONN" -d"${1}s" --timeout 10s ${h[@]+"${h[@]}"} "$2" >/dev/null 2>&1 || true
}

for r in $(seq "$ROUNDS"); do
  for b in after before; do
    rm -rf "$W/data" && mkdir -p "$W/data"
    (cd "${TREE[$b]}" && REGISTRY_PORT=$PORT REGISTRY_DATA_DIR="$W/data" REGISTRY_ADMIN_TOKEN=$TOKEN \
      REGISTRY_JAVA_OPTS="-Xmx$HEAP" REGISTRY_JOBS_UPLOAD_CLEANUP_SCHEDULE=false \
      REGISTRY_JOBS_STORAGE_CLEANUP_SCHEDULE=false exec ./run.sh --no-build) >"$W/registry-$b-$r.log" 2>&1 &
    for _ in $(seq 180); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/version" && break; sleep 1; done
    base=http://127.0.0.1:$PORT
    "$LC" push "$base" "$TOKEN" "$W/img.sif" admin/ab/box:latest amd64 "ab image" >"$W/push.log" 2>&1 || die "push failed ($b)"
    img="$base/v1/images/admin/ab/box:latest?arch=amd64"
    curl -fsS -o "$W/ng/html/version.json" "$base/version" || die "GET /version failed ($b)"
    curl -fsS -o "$W/ng/html/image.json" "$img" || die "anonymous image read failed ($b)"
    warm "$WARM" "$base/version"; v=$(measure "$base/version")
    warm "$WARM" "$img"; i=$(measure "$img")
    warm "$TWARM" "$img" "Authorization: Bearer $TOKEN"; t=$(measure "$img" "Authorization: Bearer $TOKEN")
    curl -fsS -H "Authorization: Bearer $TOKEN" "$base/metrics?scope=application" >"$W/metrics.txt" || true
    n=$(sed -n 's/^registry_requests_anonymous_total{[^}]*} //p' "$W/metrics.txt")
    nb=$(sed -n 's/^registry_requests_bearer_total{[^}]*} //p' "$W/metrics.txt")
    stop_registry
    nv=$(measure "http://127.0.0.1:$NPORT/static/version.json")
    ni=$(measure "http://127.0.0.1:$NPORT/static/image.json")
    echo "round $r | $b ($(git -C "${TREE[$b]}" rev-parse --short HEAD 2>/dev/null || echo '?')) | version $v | image anonymous $i | image with token $t | nginx version $nv | nginx image $ni | anonymous counted ${n:-none} | token counted ${nb:-none}"
  done
done
