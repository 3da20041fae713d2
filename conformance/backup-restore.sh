#!/usr/bin/env bash
# Backup and restore (issue #6, item 6): pushes public and private images with several tags into a
# running registry on MariaDB, backs it up exactly as docs/operations.md says (mariadb-dump
# --single-transaction first, then a copy of the blob store), restores the backup into a new empty
# database and an empty storage directory, starts a registry on it (./run.sh, Payara Micro), and
# pulls every image back with the real client (libclient), byte for byte, with its tags and its
# collection's private flag.
#
#   conformance/backup-restore.sh BASE_URL ADMIN_TOKEN
#   e.g. BACKUP_DB=registry_srv BACKUP_STORAGE=target/test-all/server-data/storage \
#          conformance/backup-restore.sh http://127.0.0.1:28080 "$REGISTRY_ADMIN_TOKEN"
#
# Prints "ok - ..." / "FAIL - ..." lines and "N passed, M failed"; exit status 0 iff nothing failed.
#
# Environment:
#   BACKUP_DB         the database of the registry at BASE_URL (required)
#   BACKUP_STORAGE    its storage directory, REGISTRY_STORAGE_DIR (required; read only)
#   RESTORE_DB        the database restored into: dropped and created afresh (default registry_restore)
#   RESTORE_PORT      port of the restored registry (default 19490)
#   DB_HOST DB_PORT   MariaDB of both (default 127.0.0.1 3306); REGISTRY_DB_USER / REGISTRY_DB_PASSWORD
#                     (default registry / registry) may read BACKUP_DB and create RESTORE_DB
#   RESTORE_WAIT      seconds to wait for the restored registry to start (default 600)
#   LIBCLIENT, WORK, CONFORMANCE_KEEP=1, CONFORMANCE_VERBOSE=1, SHARED_DIR: as library-conformance.sh
#   (needs registry-micro/target from `mvn install -DskipTests` for the restored registry)
set -uo pipefail

SUITE=backup-restore
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
# shellcheck source=conformance/lib.sh
. "$HERE/lib.sh"
cd "$REPO" || die "no $REPO"

SRC_DB=${BACKUP_DB:-}
SRC_STORAGE=${BACKUP_STORAGE:-}
[ -n "$SRC_DB" ] && [ -d "$SRC_STORAGE" ] || die "set BACKUP_DB and BACKUP_STORAGE (the registry's database and storage directory)"
SRC_STORAGE=$(cd "$SRC_STORAGE" && pwd)
DST_DB=${RESTORE_DB:-registry_restore}
DST_PORT=${RESTORE_PORT:-19490}
DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-3306}
DB_USER=${REGISTRY_DB_USER:-registry}
DB_PASSWORD=${REGISTRY_DB_PASSWORD:-registry}
RESTORED="http://127.0.0.1:$DST_PORT"
command -v mariadb-dump >/dev/null || die "mariadb-dump is required (apt-get install -y mariadb-client)"
[ -f registry-micro/target/registry.war ] && [ -f registry-micro/target/payara-micro.jar ] ||
  die "registry-micro/target/registry.war or payara-micro.jar missing: run mvn install -DskipTests first"
if (exec 3<>"/dev/tcp/127.0.0.1/$DST_PORT") 2>/dev/null; then die "port $DST_PORT is in use (set RESTORE_PORT)"; fi
[ "$SRC_DB" != "$DST_DB" ] || die "RESTORE_DB must differ from BACKUP_DB"
db() { mariadb -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" -p"$DB_PASSWORD" "$@"; }

ADM=admin
PUB="bk-$RND"
PRIV="bkp-$RND"
say "# registry $BASE ($SRC_DB, $SRC_STORAGE) -> backup -> $RESTORED ($DST_DB); libclient=$LIBCLIENT"

# ---------------------------------------------------------------------------------------------
# the images: REF|FILE|TAGS|SIZE (several images per container, several tags per image)
# ---------------------------------------------------------------------------------------------
IMAGES=(
  "$ADM/$PUB/tool|p1|v1,latest|4M"
  "$ADM/$PUB/tool|p2|v2|3M"
  "$ADM/$PUB/other|p3|v1,stable,latest|5M"
  "$ADM/$PRIV/secret|s1|v1,latest|4M"
  "$ADM/$PRIV/secret|s2|v2|2M"
)
t_private_collection() {
  http GET "$BASE/v1/entities/$ADM" -H "Authorization: BEARER $ADMIN_TOKEN"
  expect_status 200 || return 1
  local eid
  eid=$(body_field 'd["data"]["id"]') || return 1
  api POST /v1/collections "{\"name\":\"$PRIV\",\"description\":\"backup test\",\"entity\":\"$eid\",\"private\":true}" "$ADMIN_TOKEN"
  expect_status 200,201 || return 1
  jtrue "$T/body" "d['data']['private'] is True" "collection.private"
}
t_push_all() {
  local i ref f tags size
  for i in "${IMAGES[@]}"; do
    IFS='|' read -r ref f tags size <<<"$i"
    mk "$f" "$size" || return 1
    lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$T/$f.sif" "$ref:$tags" amd64 "backup test $f" || return 1
  done
}
check "private collection $ADM/$PRIV created" t_private_collection
check "5 images pushed (2 collections, public and private; 3 containers; 9 tags)" t_push_all

# ---------------------------------------------------------------------------------------------
# backup, as docs/operations.md says: 1. the database, 2. the blob store
# ---------------------------------------------------------------------------------------------
BK="$T/backup"
mkdir -p "$BK"
t_backup() {
  mariadb-dump --single-transaction --quick --no-tablespaces -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" \
    -p"$DB_PASSWORD" "$SRC_DB" >"$BK/registry.sql" || return 1
  cp -a "$SRC_STORAGE/blobs" "$BK/blobs" || return 1
  echo "dump $(stat -c %s "$BK/registry.sql") bytes, $(find "$BK/blobs" -type f | wc -l) blob files"
}
check "backup: mariadb-dump --single-transaction, then a copy of blobs/" t_backup

# ---------------------------------------------------------------------------------------------
# restore: an empty database and an empty storage directory, the dump, the blobs, start
# ---------------------------------------------------------------------------------------------
DST_STORAGE="$T/restored-storage"
t_restore() {
  db -e "DROP DATABASE IF EXISTS $DST_DB; CREATE DATABASE $DST_DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;" || return 1
  db "$DST_DB" <"$BK/registry.sql" || return 1
  mkdir -p "$DST_STORAGE" || return 1
  [ -z "$(ls -A "$DST_STORAGE")" ] || { echo "$DST_STORAGE is not empty"; return 1; }
  cp -a "$BK/blobs" "$DST_STORAGE/blobs" || return 1
}
check "restore: new database $DST_DB loaded from the dump, blobs copied into an empty storage directory" t_restore

# the restored registry is told nothing of the old one: no public URL, no admin token
env -u REGISTRY_PUBLIC_URL -u REGISTRY_ADMIN_TOKEN REGISTRY_PORT="$DST_PORT" REGISTRY_DATA_DIR="$T/restored" REGISTRY_STORAGE_DIR="$DST_STORAGE" \
  REGISTRY_DB_CLASS=org.mariadb.jdbc.MariaDbDataSource \
  REGISTRY_DB_URL="jdbc:mariadb://$DB_HOST:$DB_PORT/$DST_DB" REGISTRY_DB_USER="$DB_USER" REGISTRY_DB_PASSWORD="$DB_PASSWORD" \
  REGISTRY_JAVA_OPTS="${RESTORE_JAVA_OPTS:--Xmx512m}" \
  ./run.sh --no-build >"$T/restored.log" 2>&1 &
BG_PIDS+=($!)
t_started() {
  local deadline=$((SECONDS + ${RESTORE_WAIT:-600}))
  until curl -sf --max-time 5 -o /dev/null "$RESTORED/version"; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo "no answer within ${RESTORE_WAIT:-600} s"; tail -n 30 "$T/restored.log"; return 1; fi
    sleep 2
  done
}
if ! check "a registry starts on the restored database and storage ($RESTORED)" t_started; then
  echo "$PASSED passed, $FAILED failed"; SUMMARY_DONE=yes; exit 1
fi
# the token is the one of the backed-up database (the restored registry was given none)
check "the admin token of the backup is valid on the restored registry" lc_expect 0 tokenstatus "$RESTORED" "$ADMIN_TOKEN"

t_image_back() {  # REF FILE TAGS
  local ref=$1 f=$2 tags=$3 tag sha
  sha=$(sha_of "$T/$f.sif")
  for tag in ${tags//,/ }; do
    BASE=$RESTORED pulled_ok clipull "$ref:$tag" "$T/$f.sif" "$ADMIN_TOKEN" || { echo "(tag $tag)"; return 1; }
  done
  lc_expect 0 get "$RESTORED" "$ADMIN_TOKEN" "$ref:sha256.$sha" || return 1
  python3 - "$T/lc.out" "$tags" "$sha" <<'PY' || return 1
import json, sys
d = json.load(open(sys.argv[1]))
want = set(sys.argv[2].split(","))
assert set(d.get("tags") or []) == want, "tags %r, expected %r" % (d.get("tags"), sorted(want))
assert d["hash"] == "sha256." + sys.argv[3], "hash %r" % d["hash"]
PY
}
for i in "${IMAGES[@]}"; do
  IFS='|' read -r ref f tags _ <<<"$i"
  check "restored: $ref:{$tags} pulls back identical (clipull, cmp) with exactly these tags" t_image_back "$ref" "$f" "$tags"
done

t_private_survives() {
  http GET "$RESTORED/v1/collections/$ADM/$PRIV" -H "Authorization: BEARER $ADMIN_TOKEN"
  expect_status 200 || return 1
  jtrue "$T/body" "d['data']['private'] is True" "restored collection.private" || return 1
  http GET "$RESTORED/v1/collections/$ADM/$PUB" -H "Authorization: BEARER $ADMIN_TOKEN"
  expect_status 200 || return 1
  jtrue "$T/body" "d['data']['private'] is False" "restored public collection.private is false" || return 1
  lc_expect 3 get "$RESTORED" - "$ADM/$PRIV/secret:v1" || { echo "(anonymous get of the private image)"; return 1; }
  lc_expect 3 clipull "$RESTORED" - "$ADM/$PRIV/secret:v1" "$T/anon.out" || { echo "(anonymous clipull of the private image)"; return 1; }
  BASE=$RESTORED pulled_ok clipull "$ADM/$PUB/tool:v1" "$T/p1.sif" -
}
check "restored: the private collection is still private (anonymous get/clipull: 404), the public one public (anonymous clipull, cmp)" t_private_survives

notes=$(cat "$T/notes" 2>/dev/null)
[ -z "$notes" ] || echo "$notes"
echo "$PASSED passed, $FAILED failed"
SUMMARY_DONE=yes
[ "$FAILED" -eq 0 ]
