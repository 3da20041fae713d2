#!/usr/bin/env bash
# Performance benchmark of the registry (issue #7): push, pull, concurrency, metadata, heap and
# start-up, side by side with nginx (sendfile) serving the same files and openssl hashing them.
# Runs on demand, not in CI. See docs/benchmark.md; results are recorded in BENCHMARKS.md.
#
#   bench/run.sh                                   full run: 1G and 4G images, H2 then MariaDB
#   BENCH_SIZES="80M 256M" BENCH_SEED_IMAGES=500 bench/run.sh     smoke run (a few minutes)
#
# Settings (environment):
#   BENCH_SIZES        image sizes for push/pull (default "1G 4G"; IEC suffixes; above 64M, the
#                      client's multipart threshold)
#   BENCH_DBS          databases to run against, in order (default "h2 mariadb")
#   BENCH_CONC_SIZE    size of each of the 32+8 images of the concurrency test (default 64M)
#   BENCH_CONC_PULLS / BENCH_CONC_PUSHES   parallel pulls / pushes (default 32 / 8)
#   BENCH_SEED_IMAGES  images in the database for the metadata test (default 10000)
#   BENCH_WRK_SECONDS  duration of each wrk run (default 10); BENCH_WRK_CONNECTIONS (default 50)
#   BENCH_WRK_WARMUP   seconds of unreported wrk load on each endpoint before its measured run
#                      (default 120): the JIT compiles the request path first, as in a registry that
#                      has been up for a while (BENCHMARKS.md, Run 11)
#   BENCH_HEAP         -Xmx of the registry (default 256m)
#   BENCH_PORT         registry port (default 18080); BENCH_NGINX_PORT (default 18081)
#   BENCH_DB_NAME      MariaDB database, dropped and recreated (default registry_bench); the MariaDB
#                      server is 127.0.0.1:3306, root without password creates it, user registry/registry
#   BENCH_WORK         work directory (default bench/work); emptied at start
#   BENCH_BUILD        1 (default): build the flat WAR first; 0: use what was built last
#   BENCH_JSTACK       1 (default): thread dumps every 3 s during the biggest single push and pull
#                      and the wrk runs on /v1/images and /v1/search
#   LIBCLIENT          the real client (default /work/libclient/libclient, else built from ../shared)
#   BENCH_STEPS        steps to run (default "transfers concurrency metadata"; start-up is always measured)
#   BENCH_REUSE_FILES  1: keep the test images of the last run in $BENCH_WORK/files (same bytes
#                      for a before/after comparison; minutes saved); default 0 makes them anew
#   BENCH_JFR          1: a Java Flight Recorder profile of the registry during each metadata wrk run,
#                      summarised (hottest methods) into $BENCH_WORK/logs/jfr-<db>-<endpoint>.txt
# The report (markdown) is written to $BENCH_WORK/report.md and printed at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SIZES=${BENCH_SIZES:-1G 4G}
DBS=${BENCH_DBS:-h2 mariadb}
CONC_SIZE=${BENCH_CONC_SIZE:-64M}
CONC_PULLS=${BENCH_CONC_PULLS:-32}
CONC_PUSHES=${BENCH_CONC_PUSHES:-8}
SEED_N=${BENCH_SEED_IMAGES:-10000}
WRK_S=${BENCH_WRK_SECONDS:-10}
WRK_C=${BENCH_WRK_CONNECTIONS:-50}
WRK_WARM=${BENCH_WRK_WARMUP:-120}
HEAP=${BENCH_HEAP:-256m}
PORT=${BENCH_PORT:-18080}
NPORT=${BENCH_NGINX_PORT:-18081}
DBNAME=${BENCH_DB_NAME:-registry_bench}
W=${BENCH_WORK:-$ROOT/bench/work}
STEPS=" ${BENCH_STEPS:-transfers concurrency metadata} "
# Payara's request stacks are deeper than JFR's default 64 frames: keep them whole for the summary
JFR_OPTS=; [ "${BENCH_JFR:-0}" = 1 ] && JFR_OPTS=" -XX:FlightRecorderOptions:stackdepth=512"
step() { [[ "$STEPS" == *" $1 "* ]]; }
SHARED=${SHARED_DIR:-$(cd "$ROOT/../.." && pwd)/shared}
[ -f "$SHARED/libclient/mksif.sh" ] || SHARED=/work/shared
TOKEN=benchtoken$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
BASE=http://127.0.0.1:$PORT
NBASE=http://127.0.0.1:$NPORT

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "# $(date +%T) $*" >&2; }
. "$ROOT/bench/lib.sh"
for c in curl python3 openssl nginx wrk siftool java mvn jstack; do command -v $c >/dev/null || die "$c is required"; done
if [ -z "${LIBCLIENT:-}" ]; then
  if [ -x /work/libclient/libclient ]; then LIBCLIENT=/work/libclient/libclient
  else
    bash "$SHARED/libclient/build.sh" "$W.libclient" >&2 || die "building libclient failed"
    LIBCLIENT=$W.libclient/libclient
  fi
fi
[ -x "$LIBCLIENT" ] || die "LIBCLIENT=$LIBCLIENT is not executable"

bytes() { numfmt --from=iec -- "$1"; }
now() { date +%s.%N; }
# calc EXPR: python arithmetic, printed with 3 significant decimals
calc() { python3 -c "print(round(float($1), 3))"; }
gbps() { calc "$1 / ($3 - $2) / 1e9"; }   # gbps BYTES T0 T1 -> GB/s (10^9)

# --- free disk ---------------------------------------------------------------------------------
step transfers || SIZES=
step concurrency || { CONC_PULLS=0; CONC_PUSHES=0; }
step metadata || SEED_N=0
need=0
for s in $SIZES; do need=$((need + 9 * $(bytes "$s"))); done   # 4 sources, 4 blobs, 1 pulled copy
cs=$(bytes "$CONC_SIZE")
need=$((need + (2 * CONC_PULLS + 2 * CONC_PUSHES) * cs + SEED_N * 40000 * 2 + (1 << 30)))
mkdir -p "$W"
# test images kept for reuse are already on the disk
[ "${BENCH_REUSE_FILES:-0}" = 1 ] && [ -d "$W/files" ] && need=$((need - $(du -sb "$W/files" | cut -f1)))
free=$(($(df -P -B1 "$W" | awk 'NR==2 {print $4}')))
log "needs $(numfmt --to=iec "$need") free disk in $W; $(numfmt --to=iec "$free") available"
[ "$free" -ge "$need" ] || die "not enough free disk: need $(numfmt --to=iec "$need"), have $(numfmt --to=iec "$free")"
if [ "${BENCH_REUSE_FILES:-0}" = 1 ]; then
  find "$W" -mindepth 1 -maxdepth 1 ! -name files -exec rm -rf {} +
else
  find "$W" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
fi
mkdir -p "$W/files" "$W/out" "$W/nginx/html" "$W/logs"

TR_ROWS=$W/tr.md; CO_ROWS=$W/co.md; MD_ROWS=$W/md.md; RD_ROWS=$W/rd.md; HP_ROWS=$W/hp.md; PU_ROWS=$W/pu.md
: >"$TR_ROWS"; : >"$CO_ROWS"; : >"$MD_ROWS"; : >"$RD_ROWS"; : >"$HP_ROWS"; : >"$PU_ROWS"
R=$W/report.md
: >"$R"
rep() { echo "$*" >>"$R"; }
RAT=$W/ratios.tsv
: >"$RAT"
# ratio NAME VALUE REFERENCE TARGET: record VALUE/REFERENCE against TARGET (minimum)
ratio() {
  local r pass
  r=$(calc "$2 / $3")
  pass=$(python3 -c "print('PASS' if $r >= $4 else 'FAIL')")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$CUR_DB" "$1" "$2" "$3" "$r" "$4 $pass" >>"$RAT"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- build ---------------------------------------------------------------------------------------
if [ "${BENCH_BUILD:-1}" = 1 ]; then
  log "building registry-micro"
  mvn -q -B -ntp -DskipTests package -pl registry-micro -am >"$W/logs/build.log" 2>&1 || { tail -40 "$W/logs/build.log"; die "build failed"; }
fi

# --- test files ----------------------------------------------------------------------------------
mk() {
  [ "${BENCH_REUSE_FILES:-0}" = 1 ] && [ -s "$1" ] && return 0
  bash "$SHARED/libclient/mksif.sh" "$1" "$2" "$3" >/dev/null
}
log "making test images"
for s in $SIZES; do
  mk "$W/files/single-$s.sif" "$s" "bench-single-$s"
  mk "$W/files/multi-$s.sif" "$s" "bench-multi-$s"
  mk "$W/files/plain1-$s.sif" "$s" "bench-plain1-$s"
  mk "$W/files/plainm-$s.sif" "$s" "bench-plainm-$s"
done
for i in $(seq -f %02g 1 "$CONC_PULLS"); do mk "$W/files/cpull-$i.sif" "$CONC_SIZE" "bench-cpull-$i"; done
mk "$W/files/warm.sif" 1M bench-warm
sha_of() { sha256sum "$1" | cut -c1-64; }
# cache_blobs FILE...: reads the registry's blob of each file (same sha256) into the page cache, as
# every nginx reference reads its file from the cache: a full run's files and blobs outgrow it
cache_blobs() {
  local f b
  for f in "$@"; do
    b=$(find "$W/data-$CUR_DB" -path '*/blobs/sha256/*' -name "$(sha_of "$f")" | head -n 1)
    [ -n "$b" ] || die "no blob of $f in the registry's storage"
    cat "$b" >/dev/null
  done
}

# --- nginx: static files (sendfile) and, on the same port, a proxy that refuses multipart -------
# The real client uploads files above 64 MiB in parts and falls back to a single upload only when
# POST .../_multipart answers 404. To measure the single upload with the real client, it talks to
# this proxy, which answers that 404 and passes every other call to the registry with
# X-Forwarded-Host set to the registry itself, so the signed upload URL (the bytes) goes directly
# to the registry, not through nginx.
NG=$W/nginx
nginx_conf "$NG" "$NPORT" application/octet-stream "$(cat <<EOF
    location ~ /_multipart\$ {
      if (\$request_method = POST) { return 404 '{"error":{"code":404,"message":"multipart refused by the benchmark proxy"}}'; }
      proxy_pass $BASE;
    }
    location / {
      proxy_pass $BASE;
      proxy_set_header X-Forwarded-Host 127.0.0.1:$PORT;
      proxy_set_header X-Forwarded-Proto http;
      proxy_request_buffering off;
      proxy_buffering off;
      client_max_body_size 0;
    }
EOF
)" || die "nginx config"
for s in $SIZES; do ln -f "$W/files/single-$s.sif" "$NG/html/single-$s.sif"; done
for i in $(seq -f %02g 1 "$CONC_PULLS"); do ln -f "$W/files/cpull-$i.sif" "$NG/html/cpull-$i.sif"; done
nginx -p "$NG" -c "$NG/nginx.conf"

REG_PID=
cleanup() {
  local rc=$?
  set +e
  if [ "${REPORTED:-}" != 1 ] && [ -s "$RAT" ]; then report >&2; fi
  if [ -n "$REG_PID" ]; then kill "$REG_PID" 2>/dev/null; wait "$REG_PID" 2>/dev/null; fi
  [ -f "$NG/nginx.pid" ] && kill "$(cat "$NG/nginx.pid")" 2>/dev/null
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- reference points: openssl hashing and nginx single-stream download ----------------------------
declare -A SHA_RATE NGINX_RATE SHA SHA_PLAIN1 SHA_PLAINM DD_CACHE DD_DIRECT
log "reference points"
for s in $SIZES; do
  f=$W/files/single-$s.sif
  n=$(stat -c %s "$f")
  cat "$f" "$W/files/multi-$s.sif" >/dev/null   # page cache, as for every reader after it
  SHA[$s]=$(sha_of "$f")
  SHA_PLAIN1[$s]=$(sha_of "$W/files/plain1-$s.sif"); SHA_PLAINM[$s]=$(sha_of "$W/files/plainm-$s.sif")
  t0=$(now); openssl dgst -sha256 "$f" >/dev/null; t1=$(now)
  SHA_RATE[$s]=$(gbps "$n" "$t0" "$t1")
  # timed into /dev/null: the server's rate, not the client's disk (Run 18: writing the file
  # bound both sides at 0.26 to 0.46 GB/s, and by how full the page cache was); compared untimed
  curl -fsS "$NBASE/static/single-$s.sif" | cmp -s "$f" - || die "nginx served other bytes"
  best=0
  for k in 1 2; do
    t0=$(now); curl -fsS -o /dev/null "$NBASE/static/single-$s.sif"; t1=$(now)
    r=$(gbps "$n" "$t0" "$t1"); best=$(python3 -c "print(max($best, $r))")
  done
  NGINX_RATE[$s]=$best
  # the disk: the same file written by dd through the page cache (then fdatasync), and with O_DIRECT
  t0=$(now); dd if="$f" of="$W/out/dd" bs=1M conv=fdatasync status=none; t1=$(now)
  DD_CACHE[$s]=$(gbps "$n" "$t0" "$t1"); rm -f "$W/out/dd"
  t0=$(now)
  if dd if="$f" of="$W/out/dd" bs=4M oflag=direct conv=fdatasync status=none 2>/dev/null; then
    t1=$(now); DD_DIRECT[$s]=$(gbps "$n" "$t0" "$t1")
  else
    DD_DIRECT[$s]="- (refused)"
  fi
  rm -f "$W/out/dd"
done

# --- registry life cycle ---------------------------------------------------------------------------
start_registry() { # DB
  local db=$1 t0 t1
  rm -rf "$W/data-$db"
  mkdir -p "$W/data-$db"
  GCLOG=$W/logs/gc-$db.log
  local env=(REGISTRY_PORT="$PORT" REGISTRY_DATA_DIR="$W/data-$db" REGISTRY_ADMIN_TOKEN="$TOKEN"
    REGISTRY_ADMIN_PASSWORD="bench-$TOKEN" REGISTRY_PROXY_TRUSTED=127.0.0.1
    REGISTRY_JOBS_UPLOAD_CLEANUP_SCHEDULE=false REGISTRY_JOBS_STORAGE_CLEANUP_SCHEDULE=false
    REGISTRY_JAVA_OPTS="-Xmx$HEAP -Xlog:gc:file=$GCLOG:uptime${JFR_OPTS}")
  if [ "$db" = mariadb ]; then
    # the user too: on a machine where the tests have not run yet it does not exist
    mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS \`$DBNAME\`; CREATE DATABASE \`$DBNAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
      CREATE USER IF NOT EXISTS 'registry'@'%' IDENTIFIED BY 'registry'; CREATE USER IF NOT EXISTS 'registry'@'localhost' IDENTIFIED BY 'registry';
      GRANT ALL ON \`$DBNAME\`.* TO 'registry'@'%'; GRANT ALL ON \`$DBNAME\`.* TO 'registry'@'localhost';" ||
      die "cannot create MariaDB database $DBNAME"
    env+=(REGISTRY_DB_CLASS=org.mariadb.jdbc.MariaDbDataSource REGISTRY_DB_URL="jdbc:mariadb://127.0.0.1:3306/$DBNAME"
      REGISTRY_DB_USER=registry REGISTRY_DB_PASSWORD=registry)
  fi
  log "starting the registry ($db)"
  t0=$(now); local s0=$SECONDS
  env "${env[@]}" ./run.sh --no-build >"$W/logs/registry-$db.log" 2>&1 &
  REG_PID=$!
  until curl -fsS -o /dev/null "$BASE/version" 2>/dev/null; do
    kill -0 "$REG_PID" 2>/dev/null || { tail -30 "$W/logs/registry-$db.log"; die "the registry died while starting"; }
    [ $((SECONDS - s0)) -lt 300 ] || die "not ready after 300 s"
    sleep 0.1
  done
  t1=$(now)
  READY=$(calc "$t1 - $t0")
  log "ready in $READY s"
}
stop_registry() {
  kill "$REG_PID" 2>/dev/null || true
  wait "$REG_PID" 2>/dev/null || true
  REG_PID=
}
gc_mark() { wc -l <"$GCLOG" 2>/dev/null || echo 0; }
# gc_stats FROM TO: "max heap before GC / max live after GC / GCs / OOM" of GC log lines FROM..TO.
# Collections only (young, mixed, full): the Remark and Cleanup pauses of a concurrent cycle print the
# heap's occupancy while the application allocates, not what a collection left live.
gc_stats() {
  python3 - "$GCLOG" "$1" "$2" "$W/logs/registry-$CUR_DB.log" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()[int(sys.argv[2]):int(sys.argv[3])]
before = after = n = 0
for l in lines:
    m = re.search(r'Pause (Young|Full).* (\d+)M->(\d+)M\((\d+)M\)', l)
    if m:
        n += 1
        before = max(before, int(m.group(2))); after = max(after, int(m.group(3)))
oom = 'OutOfMemoryError' in open(sys.argv[4], errors='replace').read()
print(f"{before if n else '-'}\t{after if n else '-'}\t{n}\t{'OOM' if oom else 'no OOM'}")
PY
}
jstack_samples() { # OUT: 3 thread dumps, 1 s apart, in the background
  [ "${BENCH_JSTACK:-1}" = 1 ] || return 0
  # the client hashes the whole file before it sends a byte: sample every 3 s for the whole step
  (for k in $(seq 1 40); do sleep 3; jstack "$REG_PID" >>"$1" 2>/dev/null || true; done) &
  JSTACK_PID=$!
}
jstack_wait() { [ -z "${JSTACK_PID:-}" ] || { kill "$JSTACK_PID" 2>/dev/null; wait "$JSTACK_PID" 2>/dev/null; } || true; JSTACK_PID=; }

jfr_start() { [ "${BENCH_JFR:-0}" = 1 ] || return 0; jcmd "$REG_PID" JFR.start name=bench settings=default >/dev/null; }
jfr_stop() { # NAME: dump the recording and summarise its CPU samples
  [ "${BENCH_JFR:-0}" = 1 ] || return 0
  local f=$W/logs/jfr-$CUR_DB-$1.jfr
  jcmd "$REG_PID" JFR.dump name=bench filename="$f" >/dev/null; jcmd "$REG_PID" JFR.stop name=bench >/dev/null
  python3 "$ROOT/bench/jfr-summary.py" "$f" >"${f%.jfr}.txt" 2>&1 || true
}

lcr() { LIBCLIENT_TIMEOUT=3600 "$LIBCLIENT" "$@"; }
# upload_seconds: "RECEIVE FLUSH", the registry's total seconds receiving (reading, hashing, writing)
# and flushing (fsync) upload bodies so far (its timers registry.upload.receive / .flush)
upload_seconds() {
  curl -fsS "$BASE/metrics?scope=application" | python3 -c '
import re, sys
sums = {"receive": 0.0, "flush": 0.0}
for line in sys.stdin:
    m = re.match(r"registry_upload_(receive|flush)\w*_sum(?:\{[^}]*\})? ([0-9.eE+-]+)", line)
    if m:
        sums[m.group(1)] += float(m.group(2))
print(sums["receive"], sums["flush"])'
}
# plain_push FILE SHA REF single|multipart -> "GB/s RECEIVE_S FLUSH_S": the rate of the transfer
# (bench/plain-push.py) and the registry's own seconds receiving and flushing its bytes
plain_push() {
  local out m0 m1
  # the file read into the page cache first: a full run's test files (about 22 GB) outgrow it, and
  # curl then read the file from the disk the registry writes to (Run 15: 1.56 s against 1.06 s for
  # the same 1 GiB push), measuring the disk's sharing rather than the registry
  cat "$1" >/dev/null
  m0=$(upload_seconds)
  out=$(python3 "$ROOT/bench/plain-push.py" "$BASE" "$TOKEN" "$1" "$2" "$3" "$4" 2>"$W/logs/plain-push.err") ||
    { cat "$W/logs/plain-push.err" >&2; die "plain $4 push of $1 failed"; }
  m1=$(upload_seconds)
  echo "$out" >>"$W/logs/plain-push.jsonl"
  python3 -c "
import json, sys
d = json.loads(sys.argv[1]); a = sys.argv[2].split(); b = sys.argv[3].split()
print(round(d['bytes'] / d['transfer'] / 1e9, 3), round(float(b[0]) - float(a[0]), 2), round(float(b[1]) - float(a[1]), 2))" "$out" "$m0" "$m1"
}

# --- transfers -----------------------------------------------------------------------------------
transfers() {
  local s n f m0 m1 t0 t1 big
  big=$(for s in $SIZES; do echo "$(bytes "$s") $s"; done | sort -n | tail -1 | cut -d' ' -f2)
  for s in $SIZES; do
    f=$W/files/single-$s.sif
    n=$(stat -c %s "$f")
    log "$CUR_DB $s: single push (through the multipart-refusing proxy)"
    m0=$(gc_mark)
    [ "$s" = "$big" ] && jstack_samples "$W/logs/jstack-$CUR_DB-push-single.txt"
    t0=$(now)
    LIBCLIENT_DEBUG=1 lcr push "$NBASE" "$TOKEN" "$f" "admin/bench/single-${s,,}:latest" >"$W/logs/push.out" 2>"$W/logs/push-single-$s.err" ||
      { tail -5 "$W/logs/push-single-$s.err"; die "single push failed"; }
    t1=$(now)
    grep -q 'single part' "$W/logs/push-single-$s.err" || die "the single push did not use the single-part upload"
    jstack_wait
    local push1; push1=$(gbps "$n" "$t0" "$t1")
    log "$CUR_DB $s: multipart push"
    t0=$(now)
    LIBCLIENT_DEBUG=1 lcr push "$BASE" "$TOKEN" "$W/files/multi-$s.sif" "admin/bench/multi-${s,,}:latest" >"$W/logs/push.out" 2>"$W/logs/push-multi-$s.err" ||
      { tail -5 "$W/logs/push-multi-$s.err"; die "multipart push failed"; }
    t1=$(now)
    ! grep -q 'single part' "$W/logs/push-multi-$s.err" || die "the multipart push did not use multipart (sizes must exceed 64 MiB)"
    local pushm; pushm=$(gbps "$n" "$t0" "$t1")
    # the same two pushes by a plain HTTP client (bench/plain-push.py): the registry's side of a push
    # without the real client's hashing; the rate counts the byte-carrying PUTs and the completion
    log "$CUR_DB $s: single and multipart push by a plain HTTP client"
    local plain1 plainm p
    p=$(plain_push "$W/files/plain1-$s.sif" "${SHA_PLAIN1[$s]}" "admin/bench/plain1-${s,,}:latest" single)
    plain1=${p%% *}
    echo "| $CUR_DB | $s | single | $p |" | sed 's/ \([0-9.]*\) \([0-9.]*\) |$/ | \1 | \2 |/' >>"$PU_ROWS"
    p=$(plain_push "$W/files/plainm-$s.sif" "${SHA_PLAINM[$s]}" "admin/bench/plainm-${s,,}:latest" multipart)
    plainm=${p%% *}
    echo "| $CUR_DB | $s | multipart | $p |" | sed 's/ \([0-9.]*\) \([0-9.]*\) |$/ | \1 | \2 |/' >>"$PU_ROWS"
    m1=$(gc_mark); local gpush; gpush=$(gc_stats "$m0" "$m1")

    log "$CUR_DB $s: single-stream pull"
    m0=$(gc_mark)
    [ "$s" = "$big" ] && jstack_samples "$W/logs/jstack-$CUR_DB-pull-single.txt"
    rm -f "$W/out/p"
    t0=$(now); lcr pull "$BASE" "$TOKEN" "admin/bench/single-${s,,}:latest" "$W/out/p" >/dev/null 2>"$W/logs/pull.err" || { cat "$W/logs/pull.err"; die "pull failed"; }; t1=$(now)
    jstack_wait
    local pull1; pull1=$(gbps "$n" "$t0" "$t1")
    cmp -s "$f" "$W/out/p" || die "pulled bytes differ ($s)"
    log "$CUR_DB $s: parallel ranged pull (pullc, apptainer defaults)"
    rm -f "$W/out/p"
    t0=$(now); lcr pullc "$BASE" "$TOKEN" "admin/bench/single-${s,,}:latest" "$W/out/p" >/dev/null 2>"$W/logs/pull.err" || { cat "$W/logs/pull.err"; die "pullc failed"; }; t1=$(now)
    local pullc; pullc=$(gbps "$n" "$t0" "$t1")
    cmp -s "$f" "$W/out/p" || die "pullc bytes differ ($s)"
    # the same download by curl, the client nginx is measured with: the registry without the real
    # client's own work (best of 2 into /dev/null, as for nginx; the bytes compared untimed)
    log "$CUR_DB $s: curl pull (GET /v1/imagefile, following the 303)"
    local pullcurl=0 r k url="$BASE/v1/imagefile/admin/bench/single-${s,,}:latest?arch=amd64"
    curl -fsSL -H "Authorization: Bearer $TOKEN" "$url" | cmp -s "$f" - || die "curl pulled other bytes ($s)"
    for k in 1 2; do
      cache_blobs "$f"
      t0=$(now); curl -fsSL -H "Authorization: Bearer $TOKEN" -o /dev/null "$url" || die "curl pull failed"; t1=$(now)
      r=$(gbps "$n" "$t0" "$t1"); pullcurl=$(python3 -c "print(max($pullcurl, $r))")
    done
    m1=$(gc_mark); local gpull; gpull=$(gc_stats "$m0" "$m1")

    rep "| $CUR_DB | $s | ${SHA_RATE[$s]} | ${NGINX_RATE[$s]} | $push1 | $pushm | $plain1 | $plainm | $pull1 | $pullc | $pullcurl |"
    ratio "pull single $s vs nginx" "$pull1" "${NGINX_RATE[$s]}" 1.0
    ratio "pullc $s vs nginx" "$pullc" "${NGINX_RATE[$s]}" 1.0
    ratio "curl pull $s vs nginx (same client)" "$pullcurl" "${NGINX_RATE[$s]}" 1.0
    ratio "push single $s vs openssl sha256" "$push1" "${SHA_RATE[$s]}" 0.8
    ratio "push multipart $s vs openssl sha256" "$pushm" "${SHA_RATE[$s]}" 0.6
    ratio "plain-client push single $s vs openssl sha256" "$plain1" "${SHA_RATE[$s]}" 0.8
    ratio "plain-client push multipart $s vs openssl sha256" "$plainm" "${SHA_RATE[$s]}" 0.6
    echo "| $CUR_DB | $s | push (single + multipart) | $(echo "$gpush" | sed 's/\t/ | /g') |" >>"$HP_ROWS"
    echo "| $CUR_DB | $s | pull (single + pullc) | $(echo "$gpull" | sed 's/\t/ | /g') |" >>"$HP_ROWS"
  done
}

# --- concurrency -----------------------------------------------------------------------------------
concurrency() {
  local i t0 t1 errs=0 bad=0 pids=() n total
  log "$CUR_DB: pushing $CONC_PULLS images for the concurrency test"
  for i in $(seq -f %02g 1 "$CONC_PULLS"); do
    lcr push "$BASE" "$TOKEN" "$W/files/cpull-$i.sif" "admin/conc/pull-$i:latest" >/dev/null 2>"$W/logs/cpush.err" || { cat "$W/logs/cpush.err"; die "push cpull-$i failed"; }
  done
  for i in $(seq -f %02g 1 "$CONC_PUSHES"); do mk "$W/files/cpush-$CUR_DB-$i.sif" "$CONC_SIZE" "bench-cpush-$CUR_DB-$i"; done
  cat "$W/files"/cpull-*.sif "$W/files"/cpush-"$CUR_DB"-*.sif >/dev/null
  log "$CUR_DB: $CONC_PULLS parallel pulls (clipull, as apptainer pull) + $CONC_PUSHES parallel pushes"
  rm -rf "$W/out/c"; mkdir -p "$W/out/c"
  t0=$(now)
  for i in $(seq -f %02g 1 "$CONC_PUSHES"); do
    (rc=0; lcr push "$BASE" "$TOKEN" "$W/files/cpush-$CUR_DB-$i.sif" "admin/conc/push-$i:latest" >/dev/null 2>"$W/out/c/push-$i.err" || rc=$?; echo $rc >"$W/out/c/push-$i.rc") &
    pids+=($!)
  done
  for i in $(seq -f %02g 1 "$CONC_PULLS"); do
    (rc=0; lcr clipull "$BASE" "$TOKEN" "admin/conc/pull-$i:latest" "$W/out/c/pull-$i.sif" >/dev/null 2>"$W/out/c/pull-$i.err" || rc=$?; echo $rc >"$W/out/c/pull-$i.rc"; date +%s.%N >"$W/out/c/pull-$i.end") &
    pids+=($!)
  done
  wait "${pids[@]}"
  t1=$(sort -n "$W/out/c"/pull-*.end | tail -1)
  local tpush; tpush=$(now)
  for i in $(seq -f %02g 1 "$CONC_PULLS"); do
    # an error is a failed command; a corrupted file is one that a successful pull delivered wrong
    if [ "$(cat "$W/out/c/pull-$i.rc")" = 0 ]; then
      [ "$(sha_of "$W/out/c/pull-$i.sif")" = "$(sha_of "$W/files/cpull-$i.sif")" ] || bad=$((bad + 1))
    else
      errs=$((errs + 1)); log "pull $i: $(tail -2 "$W/out/c/pull-$i.err")"
      echo "pull $i: $(tail -1 "$W/out/c/pull-$i.err")" >>"$W/logs/conc-errors.txt"
    fi
  done
  for i in $(seq -f %02g 1 "$CONC_PUSHES"); do
    if [ "$(cat "$W/out/c/push-$i.rc")" != 0 ]; then
      errs=$((errs + 1)); log "push $i: $(tail -2 "$W/out/c/push-$i.err")"
      echo "push $i: $(tail -1 "$W/out/c/push-$i.err")" >>"$W/logs/conc-errors.txt"
      continue
    fi
    lcr clipull "$BASE" "$TOKEN" "admin/conc/push-$i:latest" "$W/out/c/check.sif" >/dev/null 2>&1 && cmp -s "$W/out/c/check.sif" "$W/files/cpush-$CUR_DB-$i.sif" || bad=$((bad + 1))
    rm -f "$W/out/c/check.sif"
  done
  total=$((CONC_PULLS * cs))
  local agg; agg=$(gbps "$total" "$t0" "$t1")
  rm -rf "$W/out/c"; mkdir -p "$W/out/c"
  # the registry with the client nginx is measured with: the same pulls by curl -L (no pushes), into
  # /dev/null as nginx's below (the server's rate, not 32 files written at once); the bytes of each
  # compared afterwards, untimed
  cache_blobs "$W/files"/cpull-*.sif
  t0=$(now)
  pids=()
  for i in $(seq -f %02g 1 "$CONC_PULLS"); do
    curl -fsSL -H "Authorization: Bearer $TOKEN" -o /dev/null "$BASE/v1/imagefile/admin/conc/pull-$i:latest?arch=amd64" & pids+=($!)
  done
  wait "${pids[@]}" || die "a parallel curl pull failed"
  t1=$(now)
  local ragg; ragg=$(gbps "$total" "$t0" "$t1")
  for i in $(seq -f %02g 1 "$CONC_PULLS"); do
    curl -fsSL -H "Authorization: Bearer $TOKEN" "$BASE/v1/imagefile/admin/conc/pull-$i:latest?arch=amd64" |
      cmp -s "$W/files/cpull-$i.sif" - || bad=$((bad + 1))
  done
  rm -rf "$W/out/c"; mkdir -p "$W/out/c"
  # nginx: the same pulls, same number of parallel clients (curl, one stream each), into /dev/null
  cat "$W/files"/cpull-*.sif >/dev/null
  t0=$(now)
  pids=()
  for i in $(seq -f %02g 1 "$CONC_PULLS"); do curl -fsS -o /dev/null "$NBASE/static/cpull-$i.sif" & pids+=($!); done
  wait "${pids[@]}" || die "a parallel nginx pull failed"
  t1=$(now)
  local nagg; nagg=$(gbps "$total" "$t0" "$t1")
  rm -rf "$W/out/c"
  rep "| $CUR_DB | $CONC_PULLS x $CONC_SIZE pulls + $CONC_PUSHES x $CONC_SIZE pushes | $errs | $bad | $agg | $ragg | $nagg |"
  ratio "32 parallel pulls aggregate vs nginx" "$agg" "$nagg" 0.8
  ratio "32 parallel curl pulls aggregate vs nginx (same client)" "$ragg" "$nagg" 0.8
  [ "$errs" = 0 ] && [ "$bad" = 0 ] || CONC_FAIL+="$CUR_DB: $errs errors, $bad corrupted; "
}

# --- metadata under wrk ------------------------------------------------------------------------------
seed() {
  log "$CUR_DB: seeding $SEED_N images (import-directory job of tiny distinct SIF files)"
  local d=$W/seed t0 t1 id st
  if [ ! -d "$d" ]; then
    mkdir -p "$d"
    mk "$W/seed-template.sif" 40K bench-seed
    python3 - "$W/seed-template.sif" "$d" "$SEED_N" <<'PY'
import sys
t = open(sys.argv[1], 'rb').read()
for i in range(int(sys.argv[3])):
    open(f"{sys.argv[2]}/box-{i:05d}.sif", 'wb').write(t[:-16] + b"%016d" % i)
PY
  fi
  t0=$(now)
  curl -fsS -o "$W/job.json" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data-binary "{\"directory\":\"$d\",\"entity\":\"admin\",\"collection\":\"seed\"}" "$BASE/api/admin/jobs/import-directory" ||
    die "cannot start import-directory"
  id=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("data", d)["executionId"])' "$W/job.json")
  while :; do
    sleep 2
    curl -fsS -o "$W/job.json" -H "Authorization: Bearer $TOKEN" "$BASE/api/admin/jobs/$id" || die "job status"
    st=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("data", d)["status"])' "$W/job.json")
    case $st in COMPLETED) break ;; FAILED|STOPPED|ABANDONED) cat "$W/job.json"; die "seeding job $st" ;; esac
  done
  t1=$(now)
  SEEDED=$(calc "$t1 - $t0")
  log "seeded in $SEEDED s"
}
# warmup NAME URL [HEADER]: unreported load first, so that the measured run sees compiled code
warmup() {
  [ "$WRK_WARM" -gt 0 ] || return 0
  local hdr=()
  [ -n "${3:-}" ] && hdr=(-H "$3")
  wrk -t2 -c"$WRK_C" -d"${WRK_WARM}s" --timeout 10s ${hdr[@]+"${hdr[@]}"} "$2" >"$W/logs/wrk-$CUR_DB-$1-warmup.txt" 2>&1 || true
}
# wrkrun NAME URL [HEADER]: one wrk run -> "req/s|p50|p99|errors"
wrkrun() {
  local out=$W/logs/wrk-$CUR_DB-$1.txt
  local hdr=()
  [ -n "${3:-}" ] && hdr=(-H "$3")
  wrk -t2 -c"$WRK_C" -d"${WRK_S}s" --timeout 10s --latency ${hdr[@]+"${hdr[@]}"} "$2" >"$out" 2>&1 || true
  wrk_summary "$out"
}
metadata() {
  seed
  local mid; mid=$(printf %05d $((SEED_N / 2)))
  local img="admin/seed/box-$mid:latest" q="box-${mid:0:4}" v i s
  curl -fsS -o "$NG/html/version.json" "$BASE/version"
  curl -fsS -o "$NG/html/image.json" -H "Authorization: Bearer $TOKEN" "$BASE/v1/images/$img?arch=amd64" || die "GET image failed"
  curl -fsS -o "$NG/html/search.json" -H "Authorization: Bearer $TOKEN" "$BASE/v1/search?value=$q" || die "search failed"
  # a broad text, as "apptainer search box": every seeded container and image matches, 200 of each answer
  curl -fsS -o "$NG/html/search-broad.json" -H "Authorization: Bearer $TOKEN" "$BASE/v1/search?value=box-" || die "search failed"
  log "$CUR_DB: wrk, $WRK_C connections, $WRK_S s per endpoint"
  for e in "version|$BASE/version||version.json" \
           "image|$BASE/v1/images/$img?arch=amd64|Authorization: Bearer $TOKEN|image.json" \
           "search|$BASE/v1/search?value=$q|Authorization: Bearer $TOKEN|search.json" \
           "search-broad|$BASE/v1/search?value=box-|Authorization: Bearer $TOKEN|search-broad.json"; do
    IFS='|' read -r name url h file <<<"$e"
    warmup "$name" "$url" "$h"
    [ "$name" = version ] || [ "${BENCH_JFR:-0}" = 1 ] || jstack_samples "$W/logs/jstack-$CUR_DB-wrk-$name.txt"
    jfr_start
    v=$(wrkrun "$name" "$url" "$h")
    jfr_stop "$name"
    jstack_wait
    WRK_WARM=$((WRK_WARM < 5 ? WRK_WARM : 5)) warmup "nginx-$name" "$NBASE/static/$file"   # no JIT to wait for
    s=$(wrkrun "nginx-$name" "$NBASE/static/$file")
    rep "| $CUR_DB | \`$name\` ($(stat -c %s "$NG/html/$file") B) | $(echo "$v" | sed 's/|/ | /g') | $(echo "$s" | sed 's/|/ | /g') |"
    ratio "metadata $name req/s vs nginx" "${v%%|*}" "${s%%|*}" 0.25
    i=$(echo "$v" | cut -d'|' -f3)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$CUR_DB" "metadata $name p99 ms (target < 50)" "$i" "-" "-" "$(python3 -c "print('PASS' if '$i' != '-' and float('$i') < 50 else 'FAIL')")" >>"$RAT"
  done
}

# --- report ----------------------------------------------------------------------------------------
# (defined before the run, so that a run that stops early still reports what it measured)
report() {
  R=$W/report.md
  LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
  {
  [ "${REPORTED:-}" = 1 ] || echo "**Partial run: the benchmark stopped early (see its output); only the rows measured are shown.**"
  echo
  echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr);"
  echo "$(java -version 2>&1 | head -1); nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'); $(openssl version | cut -d' ' -f1-2)."
  echo "Registry heap -Xmx$HEAP. Steps: $(echo $STEPS). Sizes: ${SIZES:--}; concurrency images $CONC_SIZE; $SEED_N seeded images; wrk $WRK_C connections, $WRK_S s after $WRK_WARM s of warm-up."
  echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER."
  echo
  # the sections of the steps that ran (BENCH_STEPS)
  if [ -s "$TR_ROWS" ]; then
  echo "### Push and pull (GB/s, 10^9 bytes per second)"
  echo
  echo "libclient columns: wall time of the real client's command. Plain-client pushes (bench/plain-push.py): the"
  echo "byte-carrying PUTs and the completion call (which verifies), no client-side hashing. Pull by curl: \`curl -L\` of"
  echo "\`GET /v1/imagefile/…\` into /dev/null, best of 2, as nginx is measured (the bytes compared in a pass of their own)."
  echo
  echo "| db | size | openssl sha256 | nginx (curl) | push single | push multipart | plain push single | plain push multipart | pull single | pullc | pull by curl |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  cat "$TR_ROWS"
  echo
  echo "### Plain-client pushes: where the registry's time goes"
  echo
  echo "GB/s as in the table above; receive and flush: the registry's own seconds (metrics \`registry.upload.receive\`: first to"
  echo "last byte of each body, reading, hashing and writing; \`registry.upload.flush\`: fsync of the written bytes before they are verified)."
  echo
  echo "| db | size | upload | GB/s | receive s | flush s |"
  echo "| --- | --- | --- | --- | --- | --- |"
  cat "$PU_ROWS"
  echo
  echo "The disk, as reference: each test file written by \`dd\` through the page cache (then \`fdatasync\`), and with"
  echo "direct I/O (\`oflag=direct\`, as the registry writes uploads of 8 MiB and more)."
  echo
  echo "| size | dd through the page cache GB/s | dd with O_DIRECT GB/s |"
  echo "| --- | --- | --- |"
  for s in $SIZES; do echo "| $s | ${DD_CACHE[$s]} | ${DD_DIRECT[$s]} |"; done
  echo
  echo "### Heap (GC log, MiB): registry with -Xmx$HEAP"
  echo
  echo "| db | size | transfers | max heap before GC | max live after GC | GCs | OutOfMemoryError |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  cat "$HP_ROWS"
  echo
  fi
  if [ -s "$CO_ROWS" ]; then
  echo "### Concurrency"
  echo
  echo "| db | load | errors | corrupted | registry pull aggregate GB/s (libclient) | registry aggregate GB/s ($CONC_PULLS parallel curls) | nginx aggregate GB/s (same $CONC_PULLS parallel curls) |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  cat "$CO_ROWS"
  echo
  fi
  if [ -s "$MD_ROWS" ]; then
  echo "### Metadata (wrk, $WRK_C connections; latency in ms)"
  echo
  echo "| db | endpoint (body) | req/s | p50 | p99 | errors | nginx req/s | nginx p50 | nginx p99 | nginx errors |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  cat "$MD_ROWS"
  echo
  fi
  echo "### Start-up and seeding (s)"
  echo
  echo "| db | ready (s) |"
  echo "| --- | --- |"
  grep -v '|.*|.*|.*|' "$RD_ROWS" || true
  echo
  echo "| db | images seeded | seconds (import-directory) |"
  echo "| --- | --- | --- |"
  grep '|.*|.*|.*|' "$RD_ROWS" || true
  echo
  echo "### Ratios against the targets of issue #7"
  echo
  echo "| db | measure | value | reference | ratio | target |"
  echo "| --- | --- | --- | --- | --- | --- |"
  sed 's/\t/ | /g; s/^/| /; s/$/ |/' "$RAT"
  [ -z "$CONC_FAIL" ] || echo "**Concurrency failures:** $CONC_FAIL"
  [ ! -s "$W/logs/conc-errors.txt" ] || { echo; echo "Concurrency errors:"; echo; sed 's/^/    /' "$W/logs/conc-errors.txt"; }
  } >"$R"
  cat "$R"
}
# --- run -------------------------------------------------------------------------------------------
CONC_FAIL=
for CUR_DB in $DBS; do
  start_registry "$CUR_DB"
  echo "| $CUR_DB | $READY |" >>"$RD_ROWS"
  [ "$CUR_DB" = h2 ] && printf '%s\t%s\t%s\t%s\t%s\t%s\n' h2 "ready (s, target < 20)" "$READY" - - "$(python3 -c "print('PASS' if $READY < 20 else 'FAIL')")" >>"$RAT"
  lcr push "$BASE" "$TOKEN" "$W/files/warm.sif" "admin/bench/warm:latest" >/dev/null 2>"$W/logs/warm.err" || { cat "$W/logs/warm.err"; die "warm-up push failed"; }
  if step transfers; then R=$TR_ROWS; transfers; fi
  if step concurrency; then R=$CO_ROWS; concurrency; fi
  if step metadata; then R=$MD_ROWS; metadata; echo "| $CUR_DB | $SEED_N | $SEEDED |" >>"$RD_ROWS"; fi
  stop_registry
done
REPORTED=1
report
