#!/usr/bin/env bash
# Start-up of the embedded default (H2, local storage), started as a user starts it (run.sh), from
# an empty data directory each time, until /version answers. Compares builds: give checkouts whose
# flat WAR is built (registry-micro/target); their starts alternate, so the machine's drift over
# the run falls on all of them alike. Runs on demand; results go to BENCHMARKS.md by hand.
#
#   bench/startup.sh                         5 starts of this checkout
#   BENCH_STARTS=6 bench/startup.sh /tmp/before .      6 alternating starts of each
#
# Settings (environment): BENCH_STARTS (default 5), BENCH_PORT (default 18080), BENCH_HEAP (the
# registry's -Xmx, default 256m as in bench/run.sh), BENCH_WORK (default bench/work/startup).
# Per start it prints the seconds to ready and the process's CPU seconds by then (user + system,
# from /proc): start-up on a small machine is bound by CPU, so the second figure is the steadier.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STARTS=${BENCH_STARTS:-5}
PORT=${BENCH_PORT:-18080}
HEAP=${BENCH_HEAP:-256m}
W=${BENCH_WORK:-$ROOT/bench/work/startup}
[ $# -gt 0 ] || set -- "$ROOT"

die() { echo "startup: $*" >&2; exit 1; }
now() { date +%s.%N; }
for c in "$@"; do
  [ -f "$c/run.sh" ] && [ -f "$c/registry-micro/target/registry.war" ] || die "$c: no run.sh or no built registry-micro/target/registry.war"
done
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then die "port $PORT is in use"; fi
mkdir -p "$W"
TICKS=$(getconf CLK_TCK)

cpu_seconds() { # PID: user + system CPU of the JVM that run.sh exec'd
  awk -v t="$TICKS" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$1/stat"
}

declare -A ready cpu
for ((i = 1; i <= STARTS; i++)); do
  for c in "$@"; do
    data="$W/data"; rm -rf "$data"; mkdir -p "$data"
    t0=$(now)
    (cd "$c" && REGISTRY_PORT=$PORT REGISTRY_DATA_DIR="$data" REGISTRY_JAVA_OPTS="-Xmx$HEAP" \
      REGISTRY_JOBS_UPLOAD_CLEANUP_SCHEDULE=false REGISTRY_JOBS_STORAGE_CLEANUP_SCHEDULE=false \
      exec ./run.sh --no-build) >"$W/registry.log" 2>&1 &
    pid=$!
    s0=$SECONDS
    until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/version" 2>/dev/null; do
      kill -0 "$pid" 2>/dev/null || { tail -30 "$W/registry.log"; die "$c: the registry died while starting"; }
      [ $((SECONDS - s0)) -lt 300 ] || die "$c: not ready after 300 s"
      sleep 0.1
    done
    r=$(echo "$(now) - $t0" | bc -l)
    u=$(cpu_seconds "$pid")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    ready[$c]+=" $(printf '%.1f' "$r")"; cpu[$c]+=" $u"
    printf '%s\tstart %d\tready %.1f s\tCPU %s s\n' "$c" "$i" "$r" "$u"
  done
done

mean() { echo "$*" | tr ' ' '\n' | awk 'NF { s += $1; n++ } END { printf "%.1f", s / n }'; }
echo
echo "| build | starts | ready (s) | mean | CPU by ready (s) | mean |"
echo "| --- | --- | --- | --- | --- | --- |"
for c in "$@"; do
  echo "| $(cd "$c" && git describe --always --dirty 2>/dev/null || echo "$c") | $STARTS |${ready[$c]} | $(mean "${ready[$c]}") |${cpu[$c]} | $(mean "${cpu[$c]}") |"
done
