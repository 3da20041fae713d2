#!/usr/bin/env bash
# Two registry nodes on one MariaDB database and one shared storage directory, behind nginx (issue
# #6, item 4 (a)). Starts both nodes of the flat WAR on Payara Micro with ./run.sh (--nocluster:
# no data grid, coordination through the database) and nginx with both as round-robin upstreams,
# then drives them with the real client (libclient):
#   - push through node 1, pull (clipull, cmp) through node 2, and the other way round;
#   - a multipart push through nginx whose part uploads alternate between the nodes (nginx's access
#     log names the node of every request), pulled back identical;
#   - a delete through one node is seen by the other;
#   - a scheduled job (upload-cleanup every minute) runs once per tick, not once per node, and both
#     nodes report the same job history (the job repository is in the shared database).
#
#   conformance/two-nodes.sh          (after `mvn install -DskipTests`: needs registry-micro/target)
#
# Prints "ok - ..." / "FAIL - ..." lines and "N passed, M failed"; exit status 0 iff nothing failed.
#
# Environment:
#   LIBCLIENT           path of a built libclient (else found or built as by library-conformance.sh)
#   TWO_NODES_PORT_BASE first of three ports: node 1, node 2, nginx (default 19480)
#   TWO_NODES_DB        database, dropped and created afresh (default registry_nodes)
#   DB_HOST DB_PORT     MariaDB (default 127.0.0.1 3306); REGISTRY_DB_USER / REGISTRY_DB_PASSWORD
#                       (default registry / registry) may create that database
#   NGINX               nginx binary (default: nginx on PATH, else /usr/sbin/nginx)
#   TWO_NODES_WAIT      seconds to wait for a node to start (default 600)
#   TWO_NODES_BIG       size of the multipart image (default 66M: above the client's 64 MiB)
#   WORK, CONFORMANCE_KEEP=1, CONFORMANCE_VERBOSE=1, SHARED_DIR: as library-conformance.sh
set -uo pipefail

SUITE=two-nodes
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PORT_BASE=${TWO_NODES_PORT_BASE:-19480}
N1=$PORT_BASE
N2=$((PORT_BASE + 1))
NG=$((PORT_BASE + 2))
DB=${TWO_NODES_DB:-registry_nodes}
DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-3306}
DB_USER=${REGISTRY_DB_USER:-registry}
DB_PASSWORD=${REGISTRY_DB_PASSWORD:-registry}
TOKEN="nodes-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
PART=$((8 * 1024 * 1024))
set -- "http://127.0.0.1:$NG" "$TOKEN"
# shellcheck source=conformance/lib.sh
. "$HERE/lib.sh"
cd "$REPO" || die "no $REPO"

NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$NGINX" ] || die "nginx is required (apt-get install -y nginx), or set NGINX"
command -v mariadb >/dev/null || die "the mariadb client is required"
[ -f registry-micro/target/registry.war ] && [ -f registry-micro/target/payara-micro.jar ] ||
  die "registry-micro/target/registry.war or payara-micro.jar missing: run mvn install -DskipTests first"
for p in "$N1" "$N2" "$NG"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use (set TWO_NODES_PORT_BASE)"; fi
done
mariadb -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" -p"$DB_PASSWORD" \
  -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;" ||
  die "cannot create database $DB as $DB_USER"

NODE1="http://127.0.0.1:$N1"
NODE2="http://127.0.0.1:$N2"
PUBLIC="http://127.0.0.1:$NG"
STORAGE="$T/storage"
mkdir -p "$STORAGE" "$T/nginx"

# start_node N PORT: one node, as an operator starts it (run.sh), sharing database and storage
start_node() {
  env REGISTRY_PORT="$2" REGISTRY_DATA_DIR="$T/node$1" REGISTRY_STORAGE_DIR="$STORAGE" \
    REGISTRY_NODE_NAME="node$1" REGISTRY_PUBLIC_URL="$PUBLIC" \
    REGISTRY_DB_CLASS=org.mariadb.jdbc.MariaDbDataSource \
    REGISTRY_DB_URL="jdbc:mariadb://$DB_HOST:$DB_PORT/$DB" REGISTRY_DB_USER="$DB_USER" REGISTRY_DB_PASSWORD="$DB_PASSWORD" \
    REGISTRY_ADMIN_TOKEN="$TOKEN" REGISTRY_UPLOAD_PART_SIZE="$PART" \
    REGISTRY_JOBS_UPLOAD_CLEANUP_SCHEDULE='* * * * *' REGISTRY_JAVA_OPTS="${TWO_NODES_JAVA_OPTS:--Xmx512m}" \
    ./run.sh --no-build >"$T/node$1.log" 2>&1 &
  BG_PIDS+=($!)
}
# wait_node URL LOG: until URL/version answers (or the node died, or TWO_NODES_WAIT passed)
wait_node() {
  local deadline=$((SECONDS + ${TWO_NODES_WAIT:-600}))
  until curl -sf --max-time 5 -o /dev/null "$1/version"; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo "no answer from $1 within ${TWO_NODES_WAIT:-600} s"; tail -n 30 "$2"; return 1; fi
    sleep 2
  done
}

# nginx: unprivileged, in the foreground (a child of this script), everything under $T/nginx.
# Library calls and downloads go round robin over both nodes; the signed part uploads have an
# upstream of their own, so that consecutive parts alternate between the nodes whatever the
# number of API calls between them. Streaming: no request buffering, no body size limit.
cat >"$T/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log warn;
events { worker_connections 256; }
http {
  log_format nodes '\$request_method \$uri \$status \$upstream_addr';
  access_log $T/nginx/access.log nodes;
  client_body_temp_path $T/nginx/client_body;
  proxy_temp_path $T/nginx/proxy;
  fastcgi_temp_path $T/nginx/fastcgi;
  uwsgi_temp_path $T/nginx/uwsgi;
  scgi_temp_path $T/nginx/scgi;
  upstream registry { server 127.0.0.1:$N1; server 127.0.0.1:$N2; }
  upstream registry_parts { server 127.0.0.1:$N1; server 127.0.0.1:$N2; }
  server {
    listen 127.0.0.1:$NG;
    client_max_body_size 0;
    proxy_request_buffering off;
    proxy_buffering off;
    proxy_http_version 1.1;
    proxy_read_timeout 3600s;
    proxy_send_timeout 3600s;
    proxy_set_header Host \$http_host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    location ~ ^/v2/uploads/[^/]+/parts/ { proxy_pass http://registry_parts; }
    location / { proxy_pass http://registry; }
  }
}
EOF
"$NGINX" -e "$T/nginx/error.log" -p "$T/nginx" -c "$T/nginx/nginx.conf" -g 'daemon off;' &
BG_PIDS+=($!)

say "# two nodes $NODE1 $NODE2 behind nginx $PUBLIC; database $DB; storage $STORAGE; libclient=$LIBCLIENT"
start_node 1 "$N1"
# the images are made while node 1 starts
ADM=admin
COLL="nodes-$RND"
BIG=${TWO_NODES_BIG:-66M}
make_images() { mk one 3M && mk two 3M && mk three 2M && mk big "$BIG"; }
check "test images made (3M, 3M, 2M, $BIG)" make_images
# node 2 starts once node 1 has migrated the schema and created the administrator
if ! check "node 1 starts on $NODE1 (run.sh, MariaDB, shared storage)" wait_node "$NODE1" "$T/node1.log"; then
  echo "$PASSED passed, $FAILED failed"; SUMMARY_DONE=yes; exit 1
fi
start_node 2 "$N2"
if ! check "node 2 starts on $NODE2" wait_node "$NODE2" "$T/node2.log"; then
  echo "$PASSED passed, $FAILED failed"; SUMMARY_DONE=yes; exit 1
fi
BOTH_UP=$(date +%s)

t_public() {
  lc_expect 0 config "$NODE2" || return 1
  grep -q "$PUBLIC" "$T/lc.out" || { echo "discovery through node 2 does not name $PUBLIC: $(cat "$T/lc.out")"; return 1; }
  curl -sf -o /dev/null "$PUBLIC/version" || { echo "nginx does not answer $PUBLIC/version"; return 1; }
}
check "nginx answers, and the discovery file (through node 2) names REGISTRY_PUBLIC_URL" t_public

# push through one node, clipull through the other: BASE picks the node the client talks to; the
# signed upload and download URLs point at nginx (REGISTRY_PUBLIC_URL), as in production
t_cross() {  # FROM TO NAME
  local ref="$ADM/$COLL/$3:v1"
  lc_expect 0 push "$1" "$TOKEN" "$T/$3.sif" "$ref" amd64 "two nodes" || return 1
  BASE=$2 pulled_ok clipull "$ref" "$T/$3.sif" "$TOKEN"
}
check "push through node 1, clipull through node 2: identical" t_cross "$NODE1" "$NODE2" one
check "push through node 2, clipull through node 1: identical" t_cross "$NODE2" "$NODE1" two

# the multipart push: through nginx; every request of it goes round robin
t_multipart() {
  local before
  before=$(wc -l <"$T/nginx/access.log")
  lc_expect 0 push "$PUBLIC" "$TOKEN" "$T/big.sif" "$ADM/$COLL/big:v1" amd64 "multipart" || return 1
  tail -n +"$((before + 1))" "$T/nginx/access.log" >"$T/mp.log"
  local out
  out=$(python3 - "$T/mp.log" "$N1" "$N2" "$(stat -c %s "$T/big.sif")" "$PART" 2>&1 <<'PY'
import re, sys
lines = [l.split() for l in open(sys.argv[1])]
n1, n2, size, part = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
parts = [(int(re.search(r"/parts/(\d+)$", l[1]).group(1)), l[2], l[3].rsplit(":", 1)[1])
         for l in lines if l[0] == "PUT" and re.search(r"^/v2/uploads/[^/]+/parts/\d+$", l[1])]
want = -(-size // part)
assert len(parts) == want, "%d part uploads in nginx's log, expected %d" % (len(parts), want)
assert all(s == "200" for _, s, _ in parts), "a part upload failed: %r" % parts
nodes = [n for _, _, n in parts]
assert set(nodes) == {n1, n2}, "part uploads served by %s only" % set(nodes)
assert all(a != b for a, b in zip(nodes, nodes[1:])), "consecutive parts on the same node: %r" % nodes
api = [l for l in lines if l[1].startswith("/v2/imagefile/")]
assert {l[3].rsplit(":", 1)[1] for l in api} == {n1, n2}, "multipart API calls not spread over both nodes: %r" % api
print("multipart push: part uploads served by node port " + " ".join(nodes))
PY
) || { echo "$out"; return 1; }
  note "$out"
}
check "multipart push ($BIG, parts of $PART bytes) through nginx: consecutive part uploads alternate between the nodes" t_multipart
check "the multipart image pulls back identical through nginx (clipull)" pulled_ok clipull "$ADM/$COLL/big:v1" "$T/big.sif" "$TOKEN"
t_big_node1() { BASE=$NODE1 pulled_ok pullc "$ADM/$COLL/big:v1" "$T/big.sif" "$TOKEN"; }
check "... and through node 1 (pullc)" t_big_node1

# a delete through one node is seen by the other at once
t_delete() {
  lc_expect 0 push "$NODE1" "$TOKEN" "$T/three.sif" "$ADM/$COLL/three:v1" amd64 || return 1
  lc_expect 0 get "$NODE2" "$TOKEN" "$ADM/$COLL/three:v1" || return 1
  lc_expect 0 delete "$NODE2" "$TOKEN" "$ADM/$COLL/three:v1" amd64 || return 1
  lc_expect 3 get "$NODE1" "$TOKEN" "$ADM/$COLL/three:v1" || { echo "(node 1 still sees it)"; return 1; }
  lc_expect 3 clipull "$NODE1" "$TOKEN" "$ADM/$COLL/three:v1" "$T/three.out" || return 1
}
check "an image deleted through node 2 is gone for node 1 (get and clipull: 404)" t_delete

# the scheduled job: upload-cleanup at every minute on both nodes; the executions are counted per
# tick from the time both nodes ran, with the ticks that had 15 s to start their job
t_jobs() {
  local ticks_from=$(((BOTH_UP / 60 + 1) * 60)) need
  need=$((ticks_from + 60 + 15))   # two ticks at least
  while [ "$(date +%s)" -lt "$need" ]; do sleep 5; done
  local now
  now=$(date +%s)
  http GET "$NODE1/api/admin/jobs?max=100" -H "Authorization: Bearer $TOKEN"
  expect_status 200 && cp "$T/body" "$T/jobs1.json" || return 1
  http GET "$NODE2/api/admin/jobs?max=100" -H "Authorization: Bearer $TOKEN"
  expect_status 200 && cp "$T/body" "$T/jobs2.json" || return 1
  local ids id
  ids=$(jf "$T/jobs1.json" '" ".join(str(r["executionId"]) for r in d["data"] if r["job"] == "upload-cleanup")') || return 1
  : >"$T/created"
  for id in $ids; do
    http GET "$NODE2/api/admin/jobs/$id" -H "Authorization: Bearer $TOKEN"
    expect_status 200 || return 1
    jf "$T/body" 'd["data"]["createdAt"]' >>"$T/created" || return 1
  done
  local out
  out=$(python3 - "$T/jobs1.json" "$T/jobs2.json" "$T/created" "$ticks_from" "$now" 2>&1 <<'PY'
import json, sys
from datetime import datetime
j1, j2 = (sorted((r["executionId"], r["job"]) for r in json.load(open(f))["data"]) for f in sys.argv[1:3])
assert j1 == j2, "node 1 and node 2 list different job histories: %r vs %r" % (j1, j2)
created = [datetime.fromisoformat(l.strip().replace("Z", "+00:00")).timestamp() for l in open(sys.argv[3]) if l.strip()]
start, now = int(sys.argv[4]), int(sys.argv[5])
ticks = list(range(start, now - 15 + 1, 60))
assert len(ticks) >= 2, "only %d ticks observed" % len(ticks)
per_tick = {t: sum(1 for c in created if t <= c < t + 60) for t in ticks}
bad = {datetime.utcfromtimestamp(t).strftime("%H:%M"): n for t, n in per_tick.items() if n != 1}
assert not bad, "executions per tick (expected 1 each): %r; all ticks: %r" % (bad, per_tick)
print("upload-cleanup ticks %s: one execution each" % " ".join(datetime.utcfromtimestamp(t).strftime("%H:%M") for t in ticks))
PY
) || { echo "$out"; return 1; }
  note "$out"
}
check "scheduled upload-cleanup (every minute, both nodes): exactly one execution per tick; both nodes list the same job history" t_jobs
t_both_timers() {
  local n ran runs
  for n in 1 2; do
    grep -q "job upload-cleanup scheduled at '\* \* \* \* \*'" "$T/node$n.log" || { echo "node $n has no upload-cleanup timer"; return 1; }
  done
  ran=$(cat "$T/node1.log" "$T/node2.log" | grep -c 'started job upload-cleanup')
  runs=$(jf "$T/jobs1.json" 'len([r for r in d["data"] if r["job"] == "upload-cleanup"])') || return 1
  [ "$ran" = "$runs" ] || { echo "the node logs show $ran starts, the job repository $runs executions"; return 1; }
}
check "both nodes have the every-minute timer; their logs show as many starts as the shared repository holds executions" t_both_timers

notes=$(cat "$T/notes" 2>/dev/null)
[ -z "$notes" ] || echo "$notes"
echo "$PASSED passed, $FAILED failed"
SUMMARY_DONE=yes
[ "$FAILED" -eq 0 ]
