#!/usr/bin/env bash
# Benchmark (not a test): how long the console's collections page takes to render its first page
# with 10,000 containers. Starts the registry (flat WAR on Payara Micro) on a fresh MariaDB
# database, seeds 1,000 collections x 10 containers (one uploaded, tagged image each; every tenth
# collection private) directly by SQL, then times GET /console/collections.xhtml with curl as an
# anonymous visitor and as the owner (who also sees the private ones): one warm-up, then RUNS runs,
# and prints the median. Stops the registry it started.
#
#   bench/console-browse.sh                       (builds registry-micro if needed)
#   BENCH_PORT=38580 BENCH_DB=registry_bench RUNS=15 bench/console-browse.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT="${BENCH_PORT:-38580}"
DB="${BENCH_DB:-registry_it_browse}"
RUNS="${RUNS:-11}"
COLLECTIONS="${COLLECTIONS:-1000}"
PER_COLLECTION="${PER_COLLECTION:-10}"
DATA="$(mktemp -d /tmp/bench-browse.XXXXXX)"
mysql() { mariadb -uroot -h127.0.0.1 "$@" 2>/dev/null || mariadb -uroot "$@"; }

[ -f registry-micro/target/registry.war ] || mvn -q -B -DskipTests package -pl registry-micro -am

mysql -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
  CREATE USER IF NOT EXISTS 'registry'@'localhost' IDENTIFIED BY 'registry';
  CREATE USER IF NOT EXISTS 'registry'@'127.0.0.1' IDENTIFIED BY 'registry';
  GRANT ALL ON $DB.* TO 'registry'@'localhost'; GRANT ALL ON $DB.* TO 'registry'@'127.0.0.1';"

REGISTRY_PORT="$PORT" REGISTRY_DATA_DIR="$DATA" \
REGISTRY_DB_CLASS=org.mariadb.jdbc.MariaDbDataSource REGISTRY_DB_URL="jdbc:mariadb://127.0.0.1:3306/$DB" \
REGISTRY_DB_USER=registry REGISTRY_DB_PASSWORD=registry \
REGISTRY_ADMIN_PASSWORD=bench-admin-password REGISTRY_ADMIN_TOKEN=bench-admin-token \
  ./run.sh --no-build > "$DATA/registry.log" 2>&1 &
REGISTRY_PID=$!
trap 'kill $REGISTRY_PID 2>/dev/null; wait $REGISTRY_PID 2>/dev/null; rm -rf "$DATA"' EXIT

for _ in $(seq 1 180); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/version" && break
  kill -0 $REGISTRY_PID 2>/dev/null || { tail -50 "$DATA/registry.log"; exit 1; }
  sleep 1
done

# a user with a password (to time the page as the owner of the private collections) and the seed
curl -sf -o /dev/null -H "Authorization: BEARER bench-admin-token" -X POST \
  -d '{"username":"bench","password":"bench-password-123456"}' "http://127.0.0.1:$PORT/api/admin/users"
seed_start=$(date +%s)
python3 - "$COLLECTIONS" "$PER_COLLECTION" > "$DATA/seed.sql" <<'PY'
import sys
collections, per = int(sys.argv[1]), int(sys.argv[2])
now = "2026-01-01 00:00:00"
print("SET @owner = (SELECT id FROM account WHERE username = 'bench');")
print("SET @ns = (SELECT id FROM namespace WHERE name = 'bench');")
def batches(rows, head, size=1000):
    for i in range(0, len(rows), size):
        print(head + ",\n".join(rows[i:i + size]) + ";")
cols, ctrs, imgs, tags = [], [], [], []
for c in range(collections):
    cid = "bc%018d" % c
    private = "TRUE" if c % 10 == 9 else "FALSE"
    cols.append(f"('{cid}', @ns, 'set-{c:04d}', 'benchmark collection {c}', {private}, '{now}', '{now}')")
    for k in range(per):
        n = c * per + k
        kid, iid = "bk%018d" % n, "bi%018d" % n
        ctrs.append(f"('{kid}', '{cid}', 'tool-{k:02d}', NULL, NULL, {n % 97}, '{now}', '{now}')")
        digest = "%064x" % n
        imgs.append(f"('{iid}', '{kid}', '{digest}', {1000 + n}, 'amd64', NULL, TRUE, {n % 97}, '{now}',"
                    f" TIMESTAMPADD(SECOND, {n}, '{now}'))")
        tags.append(f"('bt{n:018d}', '{kid}', 'latest', 'amd64', '{iid}', FALSE, '{now}')")
batches(cols, "INSERT INTO collection (id, namespace_id, name, description, is_private, created_at, updated_at) VALUES\n")
batches(ctrs, "INSERT INTO container (id, collection_id, name, description, full_description, download_count, created_at, updated_at) VALUES\n")
batches(imgs, "INSERT INTO image (id, container_id, digest, size_bytes, arch, description, uploaded, download_count, created_at, uploaded_at) VALUES\n")
batches(tags, "INSERT INTO tag (id, container_id, name, arch, image_id, frozen, updated_at) VALUES\n")
print("ANALYZE TABLE collection, container, image, tag;")
PY
mysql "$DB" < "$DATA/seed.sql" > /dev/null
containers=$(mysql -N "$DB" -e "SELECT COUNT(*) FROM container")
echo "seeded $containers containers in $(mysql -N "$DB" -e "SELECT COUNT(*) FROM collection") collections ($(( $(date +%s) - seed_start )) s)"

url="http://127.0.0.1:$PORT/console/collections.xhtml"
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
time_page() { # $1: cookie jar or empty; prints the median of RUNS timings, in seconds
  local jar=$1 args=(-s -o "$DATA/page.html" -w '%{time_total}\n')
  [ -n "$jar" ] && args+=(-b "$jar")
  curl "${args[@]}" "$url" > /dev/null # warm-up
  grep -q 'set-0000' "$DATA/page.html" || { echo "the page does not list the seeded collections" >&2; exit 1; }
  for _ in $(seq 1 "$RUNS"); do curl "${args[@]}" "$url"; done | median
}

anonymous=$(time_page "")
# log in through the console's form (view state from the login page), accepting the terms once
jar="$DATA/cookies"
login=$(curl -s -c "$jar" "http://127.0.0.1:$PORT/console/login.xhtml")
state=$(grep -o 'name="jakarta.faces.ViewState"[^>]*value="[^"]*"' <<<"$login" | head -1 | sed 's/.*value="//;s/"$//')
curl -s -o /dev/null -b "$jar" -c "$jar" -L --data-urlencode "loginForm=loginForm" \
  --data-urlencode "loginForm:username=bench" --data-urlencode "loginForm:password=bench-password-123456" \
  --data-urlencode "loginForm:submit=" --data-urlencode "jakarta.faces.ViewState=$state" \
  "http://127.0.0.1:$PORT/console/login.xhtml"
terms=$(curl -s -b "$jar" -c "$jar" "http://127.0.0.1:$PORT/console/terms.xhtml")
state=$(grep -o 'name="jakarta.faces.ViewState"[^>]*value="[^"]*"' <<<"$terms" | head -1 | sed 's/.*value="//;s/"$//')
[ -n "$state" ] && curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "termsForm=termsForm" \
  --data-urlencode "termsForm:accept=" --data-urlencode "jakarta.faces.ViewState=$state" \
  "http://127.0.0.1:$PORT/console/terms.xhtml"
owner=$(time_page "$jar")
grep -q 'set-0009' "$DATA/page.html" || echo "warning: the owner's page does not show the private set-0009" >&2

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "| $(date -u +%Y-%m-%d) | $cpu, $(nproc) cores | MariaDB $(mysql -N -e 'SELECT VERSION()') | $containers containers, $COLLECTIONS collections | first page anonymous: ${anonymous} s | as the owner: ${owner} s | median of $RUNS |"
