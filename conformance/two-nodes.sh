#!/usr/bin/env bash
# Two registry nodes on one MariaDB database behind nginx (issue #6, item 4), with the blobs in
# (a) one shared storage directory (TWO_NODES_STORAGE=file, the default) or (b) one S3 bucket served
# by S3Proxy (TWO_NODES_STORAGE=s3). Starts both nodes of the flat WAR on Payara Micro with ./run.sh
# (--nohazelcast: no data grid, coordination through the database) at the same moment on an empty
# database (the schema migration and the first-start rows must survive the race), and nginx with
# both as round-robin upstreams, then drives them with the real client (libclient):
#   - push through node 1, pull (clipull, cmp) through node 2, and the other way round;
#   - a multipart push through nginx whose part uploads alternate between the nodes (nginx's access
#     log names the node of every request), pulled back identical;
#   - a delete through one node is seen by the other;
#   - file: a scheduled job (upload-cleanup every minute) runs once per tick, not once per node, and
#     both nodes report the same job history (the job repository is in the shared database);
#   - s3: node 1 proxies pulls (REGISTRY_S3_PULLS=proxy), node 2 redirects them to presigned object
#     URLs (redirect), so every pull above runs both ways; the blobs are objects in the bucket and
#     no blob is a file. The nodes share the storage directory for its upload area only (uploads/:
#     the parts of a multipart push are written into one file there, whichever node receives them).
#
#   conformance/two-nodes.sh          (after `mvn install -DskipTests`: needs registry-micro/target)
#
# Prints "ok - ..." / "FAIL - ..." lines and "N passed, M failed"; exit status 0 iff nothing failed.
#
# Environment:
#   LIBCLIENT           path of a built libclient (else found or built as by library-conformance.sh)
#   TWO_NODES_STORAGE   file (default) or s3
#   TWO_NODES_PORT_BASE first of four ports: node 1, node 2, nginx, S3Proxy (default 19480)
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
S3P=$((PORT_BASE + 3))
MODE=${TWO_NODES_STORAGE:-file}
case "$MODE" in file | s3) ;; *) echo "two-nodes: TWO_NODES_STORAGE=$MODE: must be file or s3" >&2; exit 2 ;; esac
DB=${TWO_NODES_DB:-registry_nodes}
DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-3306}
DB_USER=${REGISTRY_DB_USER:-registry}
DB_PASSWORD=${REGISTRY_DB_PASSWORD:-registry}
TOKEN="nodes-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
ADMIN_PW="pw-$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')"
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
for p in "$N1" "$N2" "$NG" $([ "$MODE" = s3 ] && echo "$S3P"); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is in use (set TWO_NODES_PORT_BASE)"; fi
done
mariadb -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" -p"$DB_PASSWORD" \
  -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;" ||
  die "cannot create database $DB as $DB_USER"

NODE1="http://127.0.0.1:$N1"
NODE2="http://127.0.0.1:$N2"
PUBLIC="http://127.0.0.1:$NG"
STORAGE="$T/storage"
BUCKET=sif-blobs
PREFIX=nodes/
mkdir -p "$STORAGE" "$T/nginx"

S3_ENV=()
if [ "$MODE" = s3 ]; then
  # shellcheck source=conformance/s3proxy.sh
  . "$HERE/s3proxy.sh"
  s3proxy_start "$T/s3" "$S3P" "$BUCKET" || die "S3Proxy did not start on port $S3P"
  BG_PIDS+=("$S3PROXY_PID")
  S3_ENV=(REGISTRY_STORAGE_BACKEND=s3 REGISTRY_S3_ENDPOINT="http://127.0.0.1:$S3P" REGISTRY_S3_BUCKET="$BUCKET"
    REGISTRY_S3_ACCESS_KEY="$S3PROXY_IDENTITY" REGISTRY_S3_SECRET_KEY="$S3PROXY_SECRET" REGISTRY_S3_PREFIX="$PREFIX")
fi

# start_node N PORT [VAR=VALUE...]: one node, as an operator starts it (run.sh), sharing the database
# and the storage directory (file: blobs and uploads; s3: the upload area only, blobs in the bucket)
start_node() {
  local n=$1 port=$2
  shift 2
  env REGISTRY_PORT="$port" REGISTRY_DATA_DIR="$T/node$n" REGISTRY_STORAGE_DIR="$STORAGE" \
    REGISTRY_NODE_NAME="node$n" REGISTRY_PUBLIC_URL="$PUBLIC" \
    REGISTRY_DB_CLASS=org.mariadb.jdbc.MariaDbDataSource \
    REGISTRY_DB_URL="jdbc:mariadb://$DB_HOST:$DB_PORT/$DB" REGISTRY_DB_USER="$DB_USER" REGISTRY_DB_PASSWORD="$DB_PASSWORD" \
    REGISTRY_ADMIN_TOKEN="$TOKEN" REGISTRY_ADMIN_PASSWORD="$ADMIN_PW" REGISTRY_UPLOAD_PART_SIZE="$PART" \
    REGISTRY_JOBS_UPLOAD_CLEANUP_SCHEDULE='* * * * *' REGISTRY_JAVA_OPTS="${TWO_NODES_JAVA_OPTS:--Xmx512m}" \
    ${S3_ENV[@]+"${S3_ENV[@]}"} "$@" ./run.sh --no-build >"$T/node$n.log" 2>&1 &
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
# number of API calls between them; the console is sticky (ip_hash), as docs/operations.md says.
# Streaming: no request buffering, no body size limit.
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
  upstream registry_console { ip_hash; server 127.0.0.1:$N1; server 127.0.0.1:$N2; }
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
    location /console/ { proxy_pass http://registry_console; }
    location / { proxy_pass http://registry; }
  }
}
EOF
"$NGINX" -e "$T/nginx/error.log" -p "$T/nginx" -c "$T/nginx/nginx.conf" -g 'daemon off;' &
BG_PIDS+=($!)

say "# two nodes $NODE1 $NODE2 behind nginx $PUBLIC; database $DB; blobs: $MODE$([ "$MODE" = s3 ] && echo " (S3Proxy on $S3P, bucket $BUCKET)"); storage $STORAGE; libclient=$LIBCLIENT"
# both nodes at the same moment on the empty database: the registry's named lock orders the two migrations, the
# administrator bootstrap's row lock the two first starts
if [ "$MODE" = s3 ]; then
  start_node 1 "$N1" REGISTRY_S3_PULLS=proxy
  start_node 2 "$N2" REGISTRY_S3_PULLS=redirect
else
  start_node 1 "$N1"
  start_node 2 "$N2"
fi
# the images are made while the nodes start
ADM=admin
COLL="nodes-$RND"
BIG=${TWO_NODES_BIG:-66M}
make_images() { mk one 3M && mk two 3M && mk three 2M && mk big "$BIG"; }
check "test images made (3M, 3M, 2M, $BIG)" make_images
if ! check "node 1 starts on $NODE1 (run.sh, MariaDB, started with node 2 on an empty database)" wait_node "$NODE1" "$T/node1.log" ||
  ! check "node 2 starts on $NODE2 (at the same moment)" wait_node "$NODE2" "$T/node2.log"; then
  echo "$PASSED passed, $FAILED failed"; SUMMARY_DONE=yes; exit 1
fi
sql() { mariadb -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" -p"$DB_PASSWORD" -N -B "$DB" -e "$1"; }
t_first_start() {
  local n bad
  for n in 1 2; do
    grep -q 'database schema at version' "$T/node$n.log" || { echo "node $n logged no schema version"; return 1; }
    # a failed first start is an exception from the start-up singletons (the deployment fails), or a
    # lost insert race that escaped as a persistence error
    if grep -Eq 'FlywayException|AdminBootstrap.*Exception|Exception.*AdminBootstrap|SQLIntegrityConstraintViolation' "$T/node$n.log"; then
      echo "node $n: $(grep -E 'FlywayException|AdminBootstrap|SQLIntegrityConstraintViolation' "$T/node$n.log" | head -n 2)"
      return 1
    fi
  done
  bad=$(sql "SELECT version, COUNT(*), MIN(success) FROM flyway_schema_history WHERE version IS NOT NULL
             GROUP BY version HAVING COUNT(*) <> 1 OR MIN(success) <> 1") || return 1
  [ -z "$bad" ] || { echo "flyway_schema_history: versions applied twice or failed: $bad"; return 1; }
  n=$(sql "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL") || return 1
  [ "$n" -ge 5 ] || { echo "only $n migrations recorded"; return 1; }
  n=$(sql "SELECT COUNT(*) FROM registry_setting WHERE name = 'lock.bootstrap'") || return 1
  [ "$n" = 1 ] || { echo "no bootstrap lock row"; return 1; }
  for n in "$NODE1" "$NODE2"; do
    http GET "$n/api/admin/users/admin" -H "Authorization: Bearer $TOKEN"
    expect_status 200 || return 1
  done
}
check "both first starts on one empty database: each migration applied once, no failed bootstrap, the admin token works on both nodes" t_first_start
BOTH_UP=$(date +%s)

t_public() {
  lc_expect 0 config "$NODE2" || return 1
  grep -q "$PUBLIC" "$T/lc.out" || { echo "discovery through node 2 does not name $PUBLIC: $(cat "$T/lc.out")"; return 1; }
  curl -sf -o /dev/null "$PUBLIC/version" || { echo "nginx does not answer $PUBLIC/version"; return 1; }
}
check "nginx answers, and the discovery file (through node 2) names REGISTRY_PUBLIC_URL" t_public
t_console() { bash "$HERE/console-smoke.sh" "$PUBLIC" admin "$ADMIN_PW"; }
check "console password login through nginx (its /console/ upstream sticky by ip_hash)" t_console

# push through one node, clipull through the other: BASE picks the node the client talks to; the
# signed upload and download URLs point at nginx (REGISTRY_PUBLIC_URL), as in production
t_cross() {  # FROM TO NAME
  local ref="$ADM/$COLL/$3:v1"
  lc_expect 0 push "$1" "$TOKEN" "$T/$3.sif" "$ref" amd64 "two nodes" || return 1
  BASE=$2 pulled_ok clipull "$ref" "$T/$3.sif" "$TOKEN"
}
if [ "$MODE" = s3 ]; then
  check "push through node 1, clipull through node 2 (pull redirected to a presigned object URL): identical" t_cross "$NODE1" "$NODE2" one
  check "push through node 2, clipull through node 1 (pull proxied): identical" t_cross "$NODE2" "$NODE1" two
  # what each node answers a pull with: node 2 a presigned URL of the bucket, node 1 its own signed URL
  t_pull_modes() {
    local loc
    http GET "$NODE2/v1/imagefile/$ADM/$COLL/one:v1?arch=amd64" -H "Authorization: BEARER $TOKEN"
    expect_status 303 || return 1
    loc=$(header Location)
    [[ $loc == "http://127.0.0.1:$S3P/$BUCKET/${PREFIX}blobs/sha256/"*X-Amz-Signature=* ]] ||
      { echo "node 2 (redirect): Location '$loc' is not a presigned URL of the bucket"; return 1; }
    http GET "$loc"
    expect_status 200 || return 1
    same_file "$T/one.sif" "$T/body" || return 1
    http GET "$NODE1/v1/imagefile/$ADM/$COLL/one:v1?arch=amd64" -H "Authorization: BEARER $TOKEN"
    expect_status 303 || return 1
    loc=$(header Location)
    [[ $loc == "$PUBLIC/v1/blobs/"* ]] || { echo "node 1 (proxy): Location '$loc' is not the registry's own URL"; return 1; }
    http GET "$loc"
    expect_status 200 || return 1
    same_file "$T/one.sif" "$T/body"
  }
  check "a pull through node 2 goes to a presigned object URL, through node 1 to the registry's own URL (nginx); both serve the bytes" t_pull_modes
else
  check "push through node 1, clipull through node 2: identical" t_cross "$NODE1" "$NODE2" one
  check "push through node 2, clipull through node 1: identical" t_cross "$NODE2" "$NODE1" two
fi

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
check "... and through node 1 (pullc$([ "$MODE" = s3 ] && echo ", proxied"))" t_big_node1
if [ "$MODE" = s3 ]; then
  t_big_node2() { BASE=$NODE2 pulled_ok clipull "$ADM/$COLL/big:v1" "$T/big.sif" "$TOKEN"; }
  check "... and through node 2 (clipull, redirected to the bucket)" t_big_node2
fi

# a delete through one node is seen by the other at once
t_delete() {
  lc_expect 0 push "$NODE1" "$TOKEN" "$T/three.sif" "$ADM/$COLL/three:v1" amd64 || return 1
  lc_expect 0 get "$NODE2" "$TOKEN" "$ADM/$COLL/three:v1" || return 1
  lc_expect 0 delete "$NODE2" "$TOKEN" "$ADM/$COLL/three:v1" amd64 || return 1
  lc_expect 3 get "$NODE1" "$TOKEN" "$ADM/$COLL/three:v1" || { echo "(node 1 still sees it)"; return 1; }
  lc_expect 3 clipull "$NODE1" "$TOKEN" "$ADM/$COLL/three:v1" "$T/three.out" || return 1
}
check "an image deleted through node 2 is gone for node 1 (get and clipull: 404)" t_delete

# each node keeps the image JSON of public images (KeptImages, 2 s): a tag moved through node 2 ends
# what node 1 keeps within about a second (the setting catalog.generation), not at the end of the 2 s
kept_reads() {  # NODE: its registry_reads_kept_total
  http GET "$1/metrics?scope=application" -H "Authorization: Bearer $TOKEN"
  expect_status 200 || return 1
  sed -n 's/^registry_reads_kept_total{[^}]*} \([0-9.eE+]*\)$/\1/p' "$T/body" | head -n 1 | grep . ||
    { echo "no registry_reads_kept_total on $1"; return 1; }
}
t_moved_tag() {
  local ref="$ADM/$COLL/moving:v1" want t0 t1 waited seen k0 k1
  lc_expect 0 push "$NODE1" "$TOKEN" "$T/one.sif" "$ref" amd64 || return 1
  # node 1 learns the generation its own push published when it next reads it (at most once a
  # second), which ends what it kept until then, as a change on node 2 would: the kept reads are
  # counted once it has read it back
  sleep 1.2
  k0=$(kept_reads "$NODE1") || { echo "$k0"; return 1; }
  for _ in 1 2 3; do
    http GET "$NODE1/v1/images/$ref?arch=amd64" -H "Authorization: Bearer $TOKEN"
    expect_status 200 || return 1
  done
  k1=$(kept_reads "$NODE1") || { echo "$k1"; return 1; }
  python3 -c 'import sys; sys.exit(0 if float(sys.argv[2]) - float(sys.argv[1]) >= 2 else 1)' "$k0" "$k1" ||
    { echo "node 1 did not keep the answer: registry_reads_kept_total $k0 -> $k1 over 3 reads"; return 1; }
  want="sha256.$(sha256sum "$T/two.sif" | cut -d' ' -f1)"
  lc_expect 0 push "$NODE2" "$TOKEN" "$T/two.sif" "$ref" amd64 || return 1
  t0=$(date +%s%N)
  while :; do
    http GET "$NODE1/v1/images/$ref?arch=amd64" -H "Authorization: Bearer $TOKEN"
    t1=$(date +%s%N)
    expect_status 200 || return 1
    seen=$(body_field 'd["data"]["hash"]') || return 1
    [ "$seen" = "$want" ] && break
    [ $(((t1 - t0) / 1000000)) -lt 5000 ] || { echo "node 1 still shows $seen 5 s after the tag moved"; return 1; }
    sleep 0.05
  done
  waited=$(((t1 - t0) / 1000000))
  note "tag moved through node 2 seen by node 1 after $waited ms"
  [ "$waited" -le 1800 ] || { echo "node 1 took $waited ms to show the moved tag (at most about 1 s expected)"; return 1; }
}
check "a tag moved through node 2 is seen by node 1, which kept the old answer, within about a second" t_moved_tag

# each node remembers who a token stands for (CallerCache): a revocation applies on the node that
# made it from the next request on, and on the other node within a second
t_revoke() {
  local tok id t0 t1 waited
  http POST "$NODE1/api/admin/users/admin/tokens" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data-binary '{"name":"two-nodes-revoke"}'
  expect_status 201 || return 1
  tok=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"]["token"])' "$T/body")
  id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"]["id"])' "$T/body")
  for n in "$NODE2" "$NODE1" "$NODE2"; do   # both nodes now remember it
    http GET "$n/api/admin/users/admin" -H "Authorization: Bearer $tok"
    expect_status 200 || return 1
  done
  http DELETE "$NODE1/api/tokens/$id" -H "Authorization: Bearer $TOKEN"
  expect_status 200 || return 1
  t0=$(date +%s%N)
  http GET "$NODE1/api/admin/users/admin" -H "Authorization: Bearer $tok"
  expect_status 401 || { echo "(node 1 still accepts the token it revoked)"; return 1; }
  while :; do
    http GET "$NODE2/api/admin/users/admin" -H "Authorization: Bearer $tok"
    t1=$(date +%s%N)
    [ "$ST" = 401 ] && break
    expect_status 200 || return 1
    [ $(((t1 - t0) / 1000000)) -lt 5000 ] || { echo "node 2 still accepts the revoked token after 5 s"; return 1; }
    sleep 0.05
  done
  waited=$(((t1 - t0) / 1000000))
  note "revoked token refused by node 2 after $waited ms"
  [ "$waited" -le 2000 ] || { echo "node 2 took $waited ms to refuse the revoked token (at most 1 s + a request expected)"; return 1; }
}
check "a token revoked on node 1 is refused there at once and by node 2 within about a second" t_revoke

if [ "$MODE" = s3 ]; then
  # the blobs are objects of the bucket; the shared storage directory only staged the uploads, and
  # every completed upload's folder is gone
  t_where() {
    local files objects left
    files=$(find "$STORAGE" -path '*/blobs/*' -type f | wc -l)
    [ "$files" -eq 0 ] || { echo "the storage directory holds $files blob file(s)"; return 1; }
    objects=$(find "$T/s3/s3data/$BUCKET/${PREFIX}blobs/sha256" -type f 2>/dev/null | grep -cE '/[0-9a-f]{2}/[0-9a-f]{64}$')
    [ "$objects" -ge 3 ] || { echo "the bucket holds $objects blob object(s), expected the 3 kept images"; return 1; }
    left=$(find "$STORAGE/uploads" -mindepth 1 -maxdepth 1 ! -name '.health-*' | wc -l)   # not readiness probes
    [ "$left" -eq 0 ] || { echo "the upload area keeps $left entries: $(ls "$STORAGE/uploads" | head -3)"; return 1; }
    note "bucket: $objects blob objects under ${PREFIX}blobs/sha256/; storage directory: no blob file, upload area empty"
  }
  check "the blobs are objects in the bucket, no blob is a file, the shared upload area is empty after the pushes" t_where
else
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

fi

notes=$(cat "$T/notes" 2>/dev/null)
[ -z "$notes" ] || echo "$notes"
echo "$PASSED passed, $FAILED failed"
SUMMARY_DONE=yes
[ "$FAILED" -eq 0 ]
