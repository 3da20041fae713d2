#!/usr/bin/env bash
# Library-API conformance suite: drives a running registry with the real client library that the
# apptainer CLI links (libclient, see ../../shared/libclient) plus curl for the error cases.
#
#   conformance/library-conformance.sh BASE_URL ADMIN_TOKEN
#   e.g. conformance/library-conformance.sh http://127.0.0.1:18080 "$REGISTRY_ADMIN_TOKEN"
#
# Prints one line per check ("ok - ..." / "FAIL - ...: reason") and finishes with the line
# "N passed, M failed". Exit status 0 iff nothing failed (2 on a usage/setup error).
#
# Environment:
#   LIBCLIENT        path of a built libclient (default: $WORK/libclient/libclient, then
#                    ${TMPDIR:-/tmp}/libclient/libclient, else built with $SHARED_DIR/libclient/build.sh)
#   SHARED_DIR       the shared/ folder holding libclient/ and docs/ (default: ../../shared from here)
#   WORK             work directory (default: a fresh temp dir, removed at exit; when given, only the
#                    per-run subdirectory is removed)
#   CONFORMANCE_BIG  size of the multipart image (default 70M; must exceed 64 MiB)
#   CONFORMANCE_MP   size of the images for the hand-driven multipart cases (default 65M)
#   ADMIN_ENTITY     the admin's namespace (default: the username /v1/token-status reports, else "admin")
#   CONFORMANCE_WAIT seconds to wait for BASE_URL/version to answer (default 60)
#   CONFORMANCE_KEEP=1  keep the run directory (images, logs) for inspection
#   CONFORMANCE_VERBOSE=1  echo the output of failed commands in full
#   CONFORMANCE_PART=pulls  run only sections 1, 2 and 2b (discovery, push, every pull flavour,
#                    download accounting), e.g. for a second configuration of the same server
#   CONFORMANCE_PULLS=presigned  the registry sends pulls to presigned object-store URLs
#                    (REGISTRY_S3_PULLS=redirect): check that the 303 leads there and serves ranges
#
# Every run uses fresh names (random suffix), so it can run repeatedly against the same server.
set -uo pipefail

SUITE=library-conformance
# shellcheck source=conformance/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
BIG=${CONFORMANCE_BIG:-70M}
MP=${CONFORMANCE_MP:-65M}
command -v siftool >/dev/null || die "siftool is required (apt-get install -y siftool)"

# wait up to CONFORMANCE_WAIT seconds (default 60) for a registry that is still starting
deadline=$((SECONDS + ${CONFORMANCE_WAIT:-60}))
until curl -sf --max-time 10 -o /dev/null "$BASE/version"; do
  [ "$SECONDS" -lt "$deadline" ] || break
  sleep 2
done
if ! curl -sf --max-time 10 -o /dev/null "$BASE/version"; then
  notok "registry reachable at $BASE/version" "no answer within ${CONFORMANCE_WAIT:-60} s"
  echo "$PASSED passed, $FAILED failed"
  SUMMARY_DONE=yes
  exit 1
fi

# The admin's namespace: staff may push anywhere, but the natural place is their own entity.
ADM=${ADMIN_ENTITY:-}
if [ -z "$ADM" ]; then
  http GET "$BASE/v1/token-status" -H "Authorization: Bearer $ADMIN_TOKEN"
  ADM=$(body_field 'd["data"]["username"]' 2>/dev/null) || ADM=
  [ -n "$ADM" ] || ADM=admin
fi
COLL="conf-$RND"
say "# base=$BASE admin-entity=$ADM collection=$COLL libclient=$LIBCLIENT"

# ---------------------------------------------------------------------------------------------
# 1. discovery, version, token status
# ---------------------------------------------------------------------------------------------
t_config() {
  lc_expect 0 config "$BASE" || return 1
  grep -q '"library"' "$T/lc.out" || { echo "no library service: $(cat "$T/lc.out")"; return 1; }
  grep -q 'apiVersion="[0-9]' "$T/lc.out" || { echo "library /version unusable: $(cat "$T/lc.out")"; return 1; }
}
t_version() {
  lc_expect 0 version "$BASE" || return 1
  local v
  v=$(jf "$T/lc.out" 'd.get("apiVersion") or ""') || return 1
  # >= 2.0.0-alpha.2 enables v2 uploads and arch tags in the client; anything else silently downgrades it
  python3 -c 'import re,sys; m=re.match(r"^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$", sys.argv[1]); sys.exit(0 if m and int(m.group(1)) >= 2 else 1)' "$v" ||
    { echo "apiVersion '$v' is not a full semver >= 2.0.0"; return 1; }
}
t_build_version() {
  http GET "$BASE/version"
  expect_status 200 || return 1
  local v
  v=$(body_field 'd["data"]["version"]') || return 1
  [[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || { echo "version '$v' is not the build's semantic version"; return 1; }
}
# a counter of the application's metrics at BASE, read with the admin token: a token request, which
# counts itself in registry_requests_bearer_total where /metrics passes the application's
# authentication (Payara Micro), not where it is the server's own (Payara Server)
app_counter() {
  http GET "$BASE/metrics?scope=application" -H "Authorization: Bearer $ADMIN_TOKEN"
  expect_status 200 || return 1
  sed -n "s/^$1{[^}]*} \([0-9.eE+]*\)\$/\1/p" "$T/body" | head -n 1 | grep . ||
    { echo "no $1 in /metrics?scope=application"; return 1; }
}
t_decided_ahead() {
  local before after b1 b2 b3 i
  before=$(app_counter registry_requests_anonymous_total) || { echo "$before"; return 1; }
  for i in 1 2 3; do
    http GET "$BASE/version"
    expect_status 200 || return 1
  done
  b1=$(app_counter registry_requests_bearer_total) || { echo "$b1"; return 1; }
  b2=$(app_counter registry_requests_bearer_total) || { echo "$b2"; return 1; }
  api GET /v1/token-status - "$ADMIN_TOKEN"
  expect_status 200 || return 1
  b3=$(app_counter registry_requests_bearer_total) || { echo "$b3"; return 1; }
  after=$(app_counter registry_requests_anonymous_total) || { echo "$after"; return 1; }
  python3 -c 'import sys; sys.exit(0 if float(sys.argv[2]) - float(sys.argv[1]) == 3 else 1)' "$before" "$after" ||
    { echo "registry_requests_anonymous_total went from $before to $after for 3 anonymous requests and token requests"; return 1; }
  # b2 - b1 is the read itself (1 or 0); b3 - b2 is the token request plus that
  python3 -c 'import sys; a, b, c = map(float, sys.argv[1:]); sys.exit(0 if b - a in (0, 1) and c - b == 1 + (b - a) else 1)' "$b1" "$b2" "$b3" ||
    { echo "registry_requests_bearer_total read $b1, $b2, then $b3 after 1 token request"; return 1; }
}
t_tokenstatus_bad() {
  lc_expect 3 tokenstatus "$BASE" "wrong-$RND" || return 1
  lc_err_has 'HTTP 404'
}
t_tokenstatus_anon() { lc_expect 3 tokenstatus "$BASE" -; }
t_bearer_case() {
  local scheme
  for scheme in BEARER bearer Bearer; do
    http GET "$BASE/v1/token-status" -H "Authorization: $scheme $ADMIN_TOKEN"
    expect_status 200 || { echo "(scheme $scheme)"; return 1; }
  done
}

say "# 1. discovery, version, token status"
check "config: /assets/config/config.prod.json lists libraryAPI and its /version answers" t_config
check "version: apiVersion is a semver >= 2.0.0" t_version
check "version: the build's semantic version" t_build_version
check "anonymous and token requests are decided ahead of Jakarta Security's bridge, each counted once (registry_requests_anonymous_total, registry_requests_bearer_total)" t_decided_ahead
check "tokenstatus with the admin token is valid (200)" lc_expect 0 tokenstatus "$BASE" "$ADMIN_TOKEN"
check "tokenstatus with a wrong token is 404 (exit 3)" t_tokenstatus_bad
check "tokenstatus without a token is 404 (exit 3)" t_tokenstatus_anon
check "the Authorization scheme is case-insensitive (BEARER, bearer, Bearer)" t_bearer_case

# ---------------------------------------------------------------------------------------------
# 2. push + every pull flavour of a 3 MiB image
# ---------------------------------------------------------------------------------------------
SMALL="$T/small.sif"
SMALL_SHA=
SMALL_ID=
BOX="$ADM/$COLL/box$RND"
t_push_small() {
  mk small 3M || return 1
  SMALL_SHA=$(sha_of "$SMALL")
  lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$SMALL" "$BOX:v1,latest" amd64 "conformance image" || return 1
  grep -q "sha256=$SMALL_SHA" "$T/lc.out" || { echo "push did not report the file hash"; return 1; }
}
t_get_small_tag() {
  get_image "$BOX:v1" || return 1
  jtrue "$T/img.json" "d['hash'] == 'sha256.$SMALL_SHA'" "hash == sha256.<file sha256>" || return 1
  jtrue "$T/img.json" "d['uploaded'] is True" "uploaded" || return 1
  jtrue "$T/img.json" "d['size'] == $(stat -c %s "$SMALL")" "size == file size" || return 1
  jtrue "$T/img.json" "set(['v1','latest']) <= set(d.get('tags') or [])" "tags contain v1 and latest" || return 1
  jtrue "$T/img.json" "d.get('arch') == 'amd64'" "arch == amd64" || return 1
  jtrue "$T/img.json" "d['entityName'] == '$ADM' and d['collectionName'] == '$COLL' and d['containerName'] == 'box$RND'" "entity/collection/container names" || return 1
  SMALL_ID=$(jf "$T/img.json" 'd["id"]') || return 1
  jtrue "$T/img.json" "all(re.fullmatch('[0-9a-f]{24}', d[k] or '') for k in ('id', 'container', 'collection', 'entity'))" "id/container/collection/entity are 24-hex strings"
}
t_get_small_hash() {
  get_image "$BOX:sha256.$SMALL_SHA" || return 1
  jtrue "$T/img.json" "d['id'] == '$SMALL_ID' and d['hash'] == 'sha256.$SMALL_SHA'" "same image by hash"
}
# intact: the 3 MiB image pushed first is still byte-identical (asserted after fault cases)
intact() { pulled_ok clipull "$BOX:sha256.$SMALL_SHA" "$SMALL" -; }

say "# 2. push and pull a 3 MiB image"
check "push 3 MiB SIF to $BOX:v1,latest" t_push_small
check "get by tag: hash, uploaded, size, tags, arch, names, 24-hex id" t_get_small_tag
check "get by sha256.<hex> answers the same image" t_get_small_hash
check "clipull (GetImage + concurrent ranged pull + hash check), anonymous, cmp" pulled_ok clipull "$BOX:v1" "$SMALL" -
check "clipull with the admin token, cmp" pulled_ok clipull "$BOX:latest" "$SMALL" "$ADMIN_TOKEN"
check "pull (single stream, follows the 303), cmp" pulled_ok pull "$BOX:v1" "$SMALL" -
check "pullc CONC=4 PART=1 MiB (4 ranged parts in parallel), cmp" pulled_ok pullc "$BOX:v1" "$SMALL" - amd64 4 1048576
check "pullc with an odd part size (CONC=2 PART=999999), cmp" pulled_ok pullc "$BOX:latest" "$SMALL" - amd64 2 999999
check "pullc by sha256.<hex>, cmp" pulled_ok pullc "$BOX:sha256.$SMALL_SHA" "$SMALL" - amd64 3 1048576

# ---------------------------------------------------------------------------------------------
# 2b. download accounting and weekly pull limits (docs/downloads.md): one pull counts once,
# whatever the number of ranged requests it makes; a used-up limit answers 429 + Retry-After
# ---------------------------------------------------------------------------------------------
# downloads: the container's downloadCount as the library API shows it
downloads() {
  api GET "/v1/containers/$ADM/$COLL/box$RND" && expect_status 200 >/dev/null && body_field 'd["data"]["downloadCount"]'
}
# counts_one CMD ARGS...: a pull with libclient CMD adds exactly one to the container's downloadCount
counts_one() {
  local before after cmd=$1
  shift
  before=$(downloads) || { echo "no downloadCount: $(head -c 300 "$T/body")"; return 1; }
  pulled_ok "$cmd" "$@" || return 1
  after=$(downloads) || return 1
  [ "$after" = $((before + 1)) ] || { echo "downloadCount went from $before to $after after one $cmd"; return 1; }
}
t_limit_429() {
  local week
  admin PUT "/api/collections/$ADM/$COLL/containers/box$RND/limits" '{"pullLimit":0}'
  expect_status 200 || return 1
  api GET "/v1/imagefile/$BOX:v1?arch=amd64"
  expect_status 429 || return 1
  jtrue "$T/body" "d['error']['code'] == 429 and 'weekly pull limit' in d['error']['message']" "429 error envelope" || return 1
  week=$(header Retry-After)
  [[ "$week" =~ ^[0-9]+$ ]] && [ "$week" -ge 1 ] && [ "$week" -le 604800 ] || { echo "Retry-After '$week' is not 1..604800 seconds"; return 1; }
  lc pullc "$BASE" - "$BOX:v1" "$T/limited.sif" amd64 || true
  [ "$LC_RC" != 0 ] || { echo "pullc succeeded despite a used-up limit"; return 1; }
  lc_err_has '429|Too Many' || return 1
  # staff are counted but never refused
  pulled_ok pullc "$BOX:v1" "$SMALL" "$ADMIN_TOKEN" amd64 3 1048576 || return 1
  admin PUT "/api/collections/$ADM/$COLL/containers/box$RND/limits" '{"pullLimit":null}'
  expect_status 200 || return 1
  pulled_ok pull "$BOX:v1" "$SMALL" -
}

say "# 2b. download accounting and limits"
check "pullc CONC=4 PART=512 KiB (7 ranged requests) counts one download" counts_one pullc "$BOX:v1" "$SMALL" - amd64 4 524288
check "pull (single stream after the 303) counts one download" counts_one pull "$BOX:v1" "$SMALL" -
check "clipull with the admin token counts one download" counts_one clipull "$BOX:latest" "$SMALL" "$ADMIN_TOKEN"
check "a used-up weekly limit: 429 + Retry-After to anonymous (curl and pullc), staff still pull, lifted by null" t_limit_429

# REGISTRY_S3_PULLS=redirect: the 303 of a pull leads to the object store itself, not to the registry
t_presigned() {
  api GET "/v1/imagefile/$BOX:sha256.$SMALL_SHA?arch=amd64"
  expect_status 303 || return 1
  local loc
  loc=$(header Location)
  [[ $loc == http*://*\?*X-Amz-Signature=* && $loc != */v1/blobs/* ]] || { echo "Location '$loc' is not a presigned object URL"; return 1; }
  http GET "$loc" -H 'Range: bytes=1048576-2097151'
  expect_status 206 || return 1
  slice "$SMALL" 1048576 1048576 "$T/expect"
  cmp -s "$T/expect" "$T/body" || { echo "range body from the object store differs"; return 1; }
  http GET "${loc/X-Amz-Signature=/X-Amz-Signature=0}"
  expect_status 403
}
if [ "${CONFORMANCE_PULLS:-}" = presigned ]; then
  check "GET /v1/imagefile/<ref> answers 303 to a presigned object-store URL that serves ranges (tampered: 403)" t_presigned
fi
if [ "${CONFORMANCE_PART:-all}" = pulls ]; then
  [ -f "$T/notes" ] && cat "$T/notes"
  echo "$PASSED passed, $FAILED failed"
  SUMMARY_DONE=yes
  [ "$FAILED" -eq 0 ]
  exit
fi

# ---------------------------------------------------------------------------------------------
# 3. multipart push (> 64 MiB)
# ---------------------------------------------------------------------------------------------
BIGF="$T/big.sif"
BIGREF="$ADM/$COLL/big$RND:1"
t_push_big() {
  mk big "$BIG" || return 1
  [ "$(stat -c %s "$BIGF")" -gt 67108864 ] || { echo "CONFORMANCE_BIG=$BIG is not above 64 MiB"; return 1; }
  LIBCLIENT_DEBUG=1 lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$BIGF" "$BIGREF" || return 1
  grep -q 'Uploaded [0-9]* parts' "$T/lc.err" || { echo "the client did not use the multipart upload: $(grep -i multi "$T/lc.err" | head -3 | tr '\n' ' ')"; return 1; }
}
say "# 3. multipart push of a $BIG image"
check "push $BIG SIF (multipart upload, 64 MiB parts) to $BIGREF" t_push_big
check "clipull of the multipart image passes the hash check, cmp" pulled_ok clipull "$BIGREF" "$BIGF" -
check "pullc of the multipart image with 8 MiB parts, cmp" pulled_ok pullc "$BIGREF" "$BIGF" - amd64 3 8388608
rm -f "$BIGF"

# ---------------------------------------------------------------------------------------------
# 4. re-push of identical bytes only re-tags
# ---------------------------------------------------------------------------------------------
t_repush() {
  LIBCLIENT_DEBUG=1 lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$SMALL" "$BOX:again" || return 1
  grep -q 'already present' "$T/lc.err" || { echo "the client uploaded again (image lookup by hash did not say uploaded:true)"; return 1; }
  grep -q 'Now uploading' "$T/lc.err" && { echo "the client uploaded the bytes a second time"; return 1; }
  get_image "$BOX:again" || return 1
  jtrue "$T/img.json" "d['id'] == '$SMALL_ID'" "tag 'again' resolves to the first image id $SMALL_ID"
}
t_one_image() {
  api GET "/v1/containers/$BOX" || return 1
  expect_status 200 || return 1
  jtrue "$T/body" "d['data']['images'] == ['$SMALL_ID']" "container still holds exactly one image" || return 1
  jtrue "$T/body" "d['data']['imageTags'].get('again') == '$SMALL_ID' and d['data']['archTags']['amd64'].get('again') == '$SMALL_ID'" "imageTags/archTags again -> image"
}
say "# 4. re-push of identical bytes"
check "re-push with new tag 'again': no upload, tag resolves to the same image id" t_repush
check "container lists one image and the new tag in imageTags/archTags" t_one_image

# ---------------------------------------------------------------------------------------------
# 5. short refs (library/default/...)
# ---------------------------------------------------------------------------------------------
SHORT="sc$RND"
t_push_short() {
  mk short 2M || return 1
  lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$T/short.sif" "library/default/$SHORT:1" || return 1
  get_image "library/default/$SHORT:1" || return 1
  SHORT_ID=$(jf "$T/img.json" 'd["id"]')
}
SHORT_ID=none
t_get_short() {
  get_image "$1" || return 1
  jtrue "$T/img.json" "d['id'] == '$SHORT_ID' and d['hash'] == 'sha256.$(sha_of "$T/short.sif")'" "same image as library/default/$SHORT:1"
}
say "# 5. short references"
check "push to library/default/$SHORT:1" t_push_short
check "get via short ref $SHORT:1" t_get_short "$SHORT:1"
check "get via short ref default/$SHORT:1" t_get_short "default/$SHORT:1"
check "clipull via short ref $SHORT:1, cmp" pulled_ok clipull "$SHORT:1" "$T/short.sif" -
check "pull via short ref default/$SHORT:1, cmp" pulled_ok pull "default/$SHORT:1" "$T/short.sif" -

# ---------------------------------------------------------------------------------------------
# 6. search
# ---------------------------------------------------------------------------------------------
# search_has QUERY ARCH TOKEN WANT(yes|no) HASH
search_has() {
  lc_expect 0 search "$BASE" "$3" "$1" "$2" || return 1
  local n
  n=$(jf "$T/lc.out" "len([i for i in (d.get('image') or []) if i.get('hash') == 'sha256.$5'])") || return 1
  if [ "$4" = yes ] && [ "$n" -lt 1 ]; then echo "image sha256.$5 not in results: $(snip "$T/lc.out" 400)"; return 1; fi
  if [ "$4" = no ] && [ "$n" -ne 0 ]; then echo "image sha256.$5 unexpectedly in results"; return 1; fi
  return 0
}
t_search_fields() {
  search_has "box$RND" amd64 - yes "$SMALL_SHA" || return 1
  jtrue "$T/lc.out" "[i for i in d['image'] if i['hash'] == 'sha256.$SMALL_SHA' and i['entityName'] == '$ADM' and i['collectionName'] == '$COLL' and i['containerName'] == 'box$RND' and 'v1' in (i.get('tags') or [])]" \
    "search result carries entityName/collectionName/containerName/tags"
}
say "# 6. search"
check "search box$RND arch amd64 (anonymous) finds the image with names and tags" t_search_fields
check "search box$RND with the admin token finds it" search_has "box$RND" amd64 "$ADMIN_TOKEN" yes "$SMALL_SHA"
check "search box$RND without arch finds it" search_has "box$RND" - - yes "$SMALL_SHA"
check "search box$RND arch arm64 does not list the amd64 image" search_has "box$RND" arm64 - no "$SMALL_SHA"
check "search for a name that does not exist lists nothing of ours" search_has "nothing$RND" amd64 - no "$SMALL_SHA"
t_arm_push() {
  SIF_ARCH=arm64 mk arm 1M || return 1
  lc_expect 3 get "$BASE" - "$BOX:latest" arm64 || return 1
  lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$T/arm.sif" "$BOX:latest" arm64
}
t_arm_get() {
  get_image "$BOX:latest" || return 1
  jtrue "$T/img.json" "d['id'] == '$SMALL_ID' and d.get('arch') == 'amd64'" "amd64 latest unchanged" || return 1
  lc_expect 0 get "$BASE" - "$BOX:latest" arm64 || return 1
  jtrue "$T/lc.out" "d['hash'] == 'sha256.$(sha_of "$T/arm.sif")' and d.get('arch') == 'arm64'" "arm64 latest is the arm64 image" || return 1
  pulled_ok clipull "$BOX:latest" "$T/arm.sif" - arm64 || return 1
  pulled_ok clipull "$BOX:latest" "$SMALL" - amd64
}
check "multi-arch: get :latest for arm64 is 404 before, then push an arm64 SIF to the same tag" t_arm_push
check "multi-arch: :latest resolves per arch (get + clipull for amd64 and arm64, cmp)" t_arm_get
check "multi-arch: search arch arm64 lists the arm64 image but not the amd64 one" search_has "box$RND" arm64 - yes "$(sha_of "$T/arm.sif")"

# ---------------------------------------------------------------------------------------------
# 7. delete
# ---------------------------------------------------------------------------------------------
DEL="$ADM/$COLL/del$RND"
KEEP="$ADM/$COLL/keep$RND"
t_del_setup() {
  mk del 2M || return 1
  lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$T/del.sif" "$DEL:a" || return 1
  lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$T/del.sif" "$KEEP:k"
}
t_del_anon() {
  lc_expect 1 delete "$BASE" - "$DEL:a" amd64 || return 1
  lc_err_has '401|Unauthorized' || return 1
  get_image "$DEL:a"
}
t_del_wrongtoken() {
  lc_expect 1 delete "$BASE" "wrong-$RND" "$DEL:a" amd64 || return 1
  lc_err_has '401|Unauthorized'
}
t_del_admin() {
  lc_expect 0 delete "$BASE" "$ADMIN_TOKEN" "$DEL:a" amd64 || return 1
  lc_expect 3 get "$BASE" - "$DEL:a" || return 1
  lc_expect 3 clipull "$BASE" - "$DEL:a" "$T/gone.sif"
}
t_del_search() {
  search_has "del$RND" amd64 - no "$(sha_of "$T/del.sif")" || return 1
  search_has "keep$RND" amd64 - yes "$(sha_of "$T/del.sif")"
}
t_del_again() { lc_expect 3 delete "$BASE" "$ADMIN_TOKEN" "$DEL:a" amd64; }
say "# 7. delete"
check "push the same 2 MiB SIF to two containers ($DEL:a, $KEEP:k)" t_del_setup
check "anonymous delete fails with 401 (exit 1) and the image stays" t_del_anon
check "delete with a wrong token fails with 401" t_del_wrongtoken
check "admin delete by tag; then get and clipull are not found (exit 3)" t_del_admin
check "deleting it again is not found (exit 3)" t_del_again
check "search no longer lists the deleted image, still lists the other container's" t_del_search
check "the blob shared with $KEEP:k stays pullable (clipull, cmp)" pulled_ok clipull "$KEEP:k" "$T/del.sif" -
check "first image still intact after the deletes (clipull by hash, cmp)" intact

# ---------------------------------------------------------------------------------------------
# 8. two concurrent pushes of different images to the same tag
# ---------------------------------------------------------------------------------------------
RACE="$ADM/$COLL/race$RND:same"
# t_race A B: push $T/A.sif and $T/B.sif to $RACE at the same time; both must succeed
t_race() {
  mk "$1" 3M && mk "$2" 3M || return 1
  local p1 p2 rc1=0 rc2=0
  LIBCLIENT_TIMEOUT=300 "$LIBCLIENT" push "$BASE" "$ADMIN_TOKEN" "$T/$1.sif" "$RACE" >"$T/$1.out" 2>&1 &
  p1=$!
  LIBCLIENT_TIMEOUT=300 "$LIBCLIENT" push "$BASE" "$ADMIN_TOKEN" "$T/$2.sif" "$RACE" >"$T/$2.out" 2>&1 &
  p2=$!
  BG_PIDS=("$p1" "$p2")
  wait "$p1" || rc1=$?
  wait "$p2" || rc2=$?
  BG_PIDS=()
  [ "$rc1" = 0 ] && [ "$rc2" = 0 ] && return 0
  echo "push $1 exit $rc1: $(tail -n 2 "$T/$1.out" | tr '\n' ' '); push $2 exit $rc2: $(tail -n 2 "$T/$2.out" | tr '\n' ' ')"
  return 1
}
# t_race_tag A B: the tag resolves to one of the two images, and clipull of the tag returns exactly it
t_race_tag() {
  get_image "$RACE" || return 1
  local h winner
  h=$(jf "$T/img.json" 'd["hash"]') || return 1
  case "$h" in
    "sha256.$(sha_of "$T/$1.sif")") winner="$T/$1.sif" ;;
    "sha256.$(sha_of "$T/$2.sif")") winner="$T/$2.sif" ;;
    *) echo "tag resolves to $h, neither of the two pushed images"; return 1 ;;
  esac
  pulled_ok clipull "$RACE" "$winner" -
}
# t_race_both A B: both images are stored (uploaded) and pullable by hash
t_race_both() {
  local f
  for f in "$@"; do
    get_image "${RACE%:*}:sha256.$(sha_of "$T/$f.sif")" || return 1
    jtrue "$T/img.json" "d['uploaded'] is True" "$f uploaded" || return 1
    pulled_ok pull "${RACE%:*}:sha256.$(sha_of "$T/$f.sif")" "$T/$f.sif" - || return 1
  done
}
say "# 8. concurrent pushes to one tag"
check "two concurrent pushes of different images to the same NEW container/tag both succeed" t_race race1 race2
check "the tag resolves to one of the two hashes; clipull passes the hash check and matches it" t_race_tag race1 race2
check "both images are stored and pullable by hash" t_race_both race1 race2
check "two more concurrent pushes to the now EXISTING tag both succeed" t_race race3 race4
check "the tag resolves to one of those two; clipull passes the hash check and matches it" t_race_tag race3 race4
check "all four images are stored and pullable by hash" t_race_both race1 race2 race3 race4
t_race_same() {
  mk same 3M || return 1
  local ref="$ADM/race-$RND/same" p1 p2 rc1=0 rc2=0
  LIBCLIENT_TIMEOUT=300 "$LIBCLIENT" push "$BASE" "$ADMIN_TOKEN" "$T/same.sif" "$ref:x" >"$T/same1.out" 2>&1 &
  p1=$!
  LIBCLIENT_TIMEOUT=300 "$LIBCLIENT" push "$BASE" "$ADMIN_TOKEN" "$T/same.sif" "$ref:y" >"$T/same2.out" 2>&1 &
  p2=$!
  BG_PIDS=("$p1" "$p2")
  wait "$p1" || rc1=$?
  wait "$p2" || rc2=$?
  BG_PIDS=()
  [ "$rc1" = 0 ] && [ "$rc2" = 0 ] ||
    { echo "push x exit $rc1: $(tail -n 2 "$T/same1.out" | tr '\n' ' '); push y exit $rc2: $(tail -n 2 "$T/same2.out" | tr '\n' ' ')"; return 1; }
  api GET "/v1/containers/$ref"
  expect_status 200 || return 1
  jtrue "$T/body" "len(d['data']['images']) == 1 and d['data']['imageTags'].get('x') == d['data']['imageTags'].get('y') == d['data']['images'][0]" \
    "one image, tagged x and y" || return 1
  pulled_ok clipull "$ref:y" "$T/same.sif" -
}
check "two concurrent pushes of the SAME image to a new collection (tags x, y) both succeed; one image, both tags" t_race_same
check "first image still intact after the concurrent pushes" intact

# ---------------------------------------------------------------------------------------------
# 9.-11. users, private collections, permissions, quota, frozen tags (admin API)
# ---------------------------------------------------------------------------------------------
BOB="bob$RND"
CAROL="carol$RND"
BOB_TOKEN=
BOB_READ=
CAROL_TOKEN=
ADMIN_API=no
# present iff an anonymous create is refused (401) rather than unknown (404)
http POST "$BASE/api/admin/users" -H 'Content-Type: application/json' --data-binary '{}'
case "$ST" in 000 | 404 | 405) ;; *) ADMIN_API=yes ;; esac
# new_user NAME VAR: create user NAME (role USER) and a WRITE token, stored in the variable VAR
# new_token NAME VAR SCOPE: issue a token of SCOPE for user NAME, stored in VAR
new_user() {
  admin POST /api/admin/users "{\"username\":\"$1\",\"role\":\"USER\"}"
  expect_status 201 || return 1
  jtrue "$T/body" "d['data']['username'] == '$1' and d['data']['role'] == 'USER' and d['data']['id']" "user created" || return 1
  new_token "$1" "$2" WRITE
}
new_token() {
  admin POST "/api/admin/users/$1/tokens" "{\"name\":\"ci-$3\",\"scope\":\"$3\",\"expiresAt\":null}"
  expect_status 201 || return 1
  local tok
  tok=$(body_field 'd["data"]["token"]') && [ -n "$tok" ] || { echo "no data.token: $(snip "$T/body" 300)"; return 1; }
  jtrue "$T/body" "d['data']['scope'] == '$3'" "token scope" || return 1
  printf -v "$2" '%s' "$tok"
}
t_users() {
  new_user "$BOB" BOB_TOKEN || return 1
  new_user "$CAROL" CAROL_TOKEN || return 1
  new_token "$BOB" BOB_READ READ || return 1
  lc_expect 0 tokenstatus "$BASE" "$BOB_TOKEN" || return 1
  lc_expect 0 tokenstatus "$BASE" "$BOB_READ"
}
t_admin_auth_first() {
  http POST "$BASE/api/admin/users"
  expect_error 401 || return 1
  http POST "$BASE/api/admin/users" -H 'Content-Type: application/json' --data-binary '{}'
  expect_error 401
}
t_admin_only() {
  http POST "$BASE/api/admin/users" -H "Authorization: Bearer $BOB_TOKEN" -H 'Content-Type: application/json' --data-binary "{\"username\":\"eve$RND\"}"
  expect_error 403 || return 1
  http POST "$BASE/api/admin/users" -H 'Content-Type: application/json' --data-binary "{\"username\":\"eve$RND\"}"
  expect_error 401
}
SECRET="$BOB/secret-$RND"
PRIV="$SECRET/pv$RND:1"
SECRET_ID=
t_private_coll() {
  api GET "/v1/entities/$BOB" - "$BOB_TOKEN"
  if [ "$ST" = 404 ]; then api POST /v1/entities "{\"name\":\"$BOB\",\"description\":\"\"}" "$BOB_TOKEN"; fi
  expect_status 200 201 || return 1
  local eid
  eid=$(body_field 'd["data"]["id"]') || return 1
  api POST /v1/collections "{\"name\":\"secret-$RND\",\"description\":\"\",\"entity\":\"$eid\",\"private\":true}" "$BOB_TOKEN"
  expect_status 200 201 || return 1
  jtrue "$T/body" "d['data']['private'] is True" "collection.private" || return 1
  SECRET_ID=$(body_field 'd["data"]["id"]') || return 1
  mk priv 2M || return 1
  lc_expect 0 push "$BASE" "$BOB_TOKEN" "$T/priv.sif" "$PRIV"
}
t_priv_anon() {
  lc_expect 3 get "$BASE" - "$PRIV" || return 1
  lc_expect 3 get "$BASE" - "${PRIV%:*}:sha256.$(sha_of "$T/priv.sif")" || return 1
  lc_expect 3 clipull "$BASE" - "$PRIV" "$T/nope.sif" || return 1
  lc_expect 3 pull "$BASE" - "$PRIV" "$T/nope.sif" || return 1
  lc_expect 3 pullc "$BASE" - "${PRIV%:*}:sha256.$(sha_of "$T/priv.sif")" "$T/nope.sif" || return 1
  api GET "/v1/collections/$SECRET"
  expect_error 404 || return 1
  api GET "/v1/containers/${PRIV%:*}"
  expect_error 404 || return 1
  api GET "/v1/imagefile/$PRIV"
  expect_error 404
}
# t_priv_search_names TOKEN: search by the collection's and the container's name shows none of them
t_priv_search_names() {
  local q
  for q in "secret-$RND" "pv$RND" "$BOB"; do
    lc_expect 0 search "$BASE" "$1" "$q" - || return 1
    jtrue "$T/lc.out" "not [x for k in ('entity','collection','container','image') for x in (d.get(k) or []) if x.get('id') == '$SECRET_ID' or x.get('collection') == '$SECRET_ID' or '$SECRET_ID' in (x.get('collections') or []) or x.get('name') in ('secret-$RND','pv$RND')]" \
      "search '$q' shows nothing of the private collection" || return 1
  done
}
# t_priv_entity TOKEN yes|no: the entity's collections list contains the private collection id or not
t_priv_entity() {
  api GET "/v1/entities/$BOB" - "$1"
  expect_status 200 || return 1
  if [ "$2" = yes ]; then
    jtrue "$T/body" "'$SECRET_ID' in (d['data'].get('collections') or [])" "collections lists $SECRET_ID"
  else
    jtrue "$T/body" "'$SECRET_ID' not in (d['data'].get('collections') or [])" "collections hides $SECRET_ID"
  fi
}
t_priv_other() {
  lc_expect 3 get "$BASE" "$CAROL_TOKEN" "$PRIV" || return 1
  lc_expect 3 clipull "$BASE" "$CAROL_TOKEN" "$PRIV" "$T/nope.sif" || return 1
  api GET "/v1/collections/$SECRET" - "$CAROL_TOKEN"
  expect_error 404
}
t_carol_push_priv() {
  mk carol 1M || return 1
  lc push "$BASE" "$CAROL_TOKEN" "$T/carol.sif" "$SECRET/pv$RND:carol"
  [ "$LC_RC" != 0 ] || { echo "carol pushed into bob's private collection"; return 1; }
  lc_err_has '403|404|not found|forbidden|may not' || return 1
  get_image "$PRIV" "$BOB_TOKEN" || return 1
  jtrue "$T/img.json" "'carol' not in (d.get('tags') or [])" "no carol tag"
}
say "# 9. private collections and permissions"
if [ "$ADMIN_API" = yes ]; then
  check "admin API: create users $BOB, $CAROL and tokens (WRITE, READ)" t_users
  check "admin API refuses a non-staff token (403) and anonymous (401)" t_admin_only
  check "admin API checks authentication before the body (no token, no/empty body -> 401)" t_admin_auth_first
  check "$BOB creates private collection secret-$RND (POST /v1/collections private:true) and pushes $PRIV" t_private_coll
  check "owner $BOB: get and clipull of the private image, cmp" pulled_ok clipull "$PRIV" "$T/priv.sif" "$BOB_TOKEN"
  check "owner's READ token may pull the private image" pulled_ok pullc "$PRIV" "$T/priv.sif" "$BOB_READ"
  check "admin (staff) may pull the private image" pulled_ok clipull "$PRIV" "$T/priv.sif" "$ADMIN_TOKEN"
  check "anonymous: get/clipull/pull and collection/container/imagefile lookups are 404" t_priv_anon
  check "another user ($CAROL): get/clipull/collection are 404" t_priv_other
  check "anonymous search does not list the private image" search_has "pv$RND" amd64 - no "$(sha_of "$T/priv.sif")"
  check "anonymous search (by collection, container, entity name) reveals nothing of the private collection" t_priv_search_names -
  check "$CAROL's search does not list the private image" search_has "pv$RND" amd64 "$CAROL_TOKEN" no "$(sha_of "$T/priv.sif")"
  check "$CAROL's search reveals nothing of the private collection" t_priv_search_names "$CAROL_TOKEN"
  check "$BOB's search lists the private image" search_has "pv$RND" amd64 "$BOB_TOKEN" yes "$(sha_of "$T/priv.sif")"
  check "anonymous GET /v1/entities/$BOB does not reveal the private collection id" t_priv_entity - no
  check "$BOB's GET /v1/entities/$BOB lists the private collection id" t_priv_entity "$BOB_TOKEN" yes
  check "$CAROL cannot push into $BOB's private collection" t_carol_push_priv
  t_bob_into_admin() {
    mk bobx 1M || return 1
    lc_expect 1 push "$BASE" "$BOB_TOKEN" "$T/bobx.sif" "$ADM/$COLL/bob$RND:1" || return 1
    lc_err_has '403' || return 1
    lc_err_has 'may not push' || return 1
    lc_expect 3 get "$BASE" - "$ADM/$COLL/bob$RND:1"
  }
  t_bob_read_push() {
    mk bobr 1M || return 1
    lc_expect 1 push "$BASE" "$BOB_READ" "$T/bobr.sif" "$BOB/pub$RND/r:1" || return 1
    lc_err_has '403' || return 1
    lc_expect 3 get "$BASE" "$BOB_TOKEN" "$BOB/pub$RND/r:1"
  }
  t_bob_read_delete() {
    lc_expect 1 delete "$BASE" "$BOB_READ" "$PRIV" amd64 || return 1
    lc_err_has '403' || return 1
    get_image "$PRIV" "$BOB_TOKEN"
  }
  t_carol_delete() {
    lc delete "$BASE" "$CAROL_TOKEN" "$PRIV" amd64
    [ "$LC_RC" != 0 ] || { echo "carol deleted bob's image"; return 1; }
    get_image "$PRIV" "$BOB_TOKEN"
  }
  check "$BOB pushing into $ADM/... fails with 403 'may not push' and creates nothing" t_bob_into_admin
  check "a READ-scope token of $BOB cannot push (403)" t_bob_read_push
  check "a READ-scope token of $BOB cannot delete (403)" t_bob_read_delete
  check "$CAROL cannot delete $BOB's image" t_carol_delete
  check "first image still intact after the refused pushes" intact
else
  for n in "admin API (POST /api/admin/users answered $ST, expected 401 without token)" \
    "private collections" "push permissions (403 may not push)" "READ-scope token cannot push"; do
    skip "$n" "admin API missing"
  done
fi

# ---------------------------------------------------------------------------------------------
# 10. quota
# ---------------------------------------------------------------------------------------------
t_quota_set() {
  admin PUT "/api/admin/entities/$BOB/quota" '{"quotaBytes":4194304}'
  expect_status 200
}
t_quota_push() {
  mk quota 3M || return 1
  lc_expect 1 push "$BASE" "$BOB_TOKEN" "$T/quota.sif" "$BOB/q$RND/big:1" || return 1
  lc_err_has 'quota' || return 1
  lc_err_has '413'
}
t_quota_invisible() {
  lc_expect 3 get "$BASE" "$BOB_TOKEN" "$BOB/q$RND/big:1" || return 1
  lc get "$BASE" "$BOB_TOKEN" "$BOB/q$RND/big:sha256.$(sha_of "$T/quota.sif")"
  if [ "$LC_RC" = 0 ]; then
    jtrue "$T/lc.out" "d['uploaded'] is False" "image record after the refused upload has uploaded:false" || return 1
  elif [ "$LC_RC" != 3 ]; then
    lc_why get; return 1
  fi
  lc_expect 3 clipull "$BASE" "$BOB_TOKEN" "$BOB/q$RND/big:1" "$T/nope.sif" || return 1
  search_has "big" amd64 "$BOB_TOKEN" no "$(sha_of "$T/quota.sif")"
}
t_quota_lift() {
  admin PUT "/api/admin/entities/$BOB/quota" '{"quotaBytes":null}'
  expect_status 200 || return 1
  lc_expect 0 push "$BASE" "$BOB_TOKEN" "$T/quota.sif" "$BOB/q$RND/big:1" || return 1
  pulled_ok clipull "$BOB/q$RND/big:1" "$T/quota.sif" "$BOB_TOKEN"
}
t_quota_race() {
  mk qa 3M && mk qb 3M || return 1
  admin PUT "/api/admin/entities/$BOB/quota" '{"quotaBytes":null}'
  expect_status 200 || return 1
  local used p1 p2 rc1=0 rc2=0
  used=$(body_field 'd["data"]["usageBytes"]') || return 1
  admin PUT "/api/admin/entities/$BOB/quota" "{\"quotaBytes\":$((used + 4194304))}"
  expect_status 200 || return 1
  LIBCLIENT_TIMEOUT=300 "$LIBCLIENT" push "$BASE" "$BOB_TOKEN" "$T/qa.sif" "$BOB/qr$RND/a:1" >"$T/qa.out" 2>&1 &
  p1=$!
  LIBCLIENT_TIMEOUT=300 "$LIBCLIENT" push "$BASE" "$BOB_TOKEN" "$T/qb.sif" "$BOB/qr$RND/b:1" >"$T/qb.out" 2>&1 &
  p2=$!
  BG_PIDS=("$p1" "$p2")
  wait "$p1" || rc1=$?
  wait "$p2" || rc2=$?
  BG_PIDS=()
  if ! { [ "$rc1" = 0 ] && [ "$rc2" = 1 ]; } && ! { [ "$rc1" = 1 ] && [ "$rc2" = 0 ]; }; then
    echo "want exactly one push to pass: a exit $rc1, b exit $rc2: $(tail -n 1 "$T/qa.out") / $(tail -n 1 "$T/qb.out")"
    return 1
  fi
  grep -qi quota "$T/qa.out" "$T/qb.out" || { echo "the refused push does not mention the quota"; return 1; }
  api GET "/v1/entities/$BOB" - "$BOB_TOKEN"
  jtrue "$T/body" "d['data']['size'] <= $((used + 4194304))" "entity size within the quota"
}
say "# 10. quota"
if [ "$ADMIN_API" = yes ] && [ -n "$BOB_TOKEN" ]; then
  check "admin API: set $BOB's quota to 4 MiB" t_quota_set
  check "push of 3 MiB more (usage 2 MiB) fails with a 413 quota message" t_quota_push
  check "nothing of the refused push is visible (tag 404, no uploaded image, not in search)" t_quota_invisible
  check "private image intact after the quota refusal" pulled_ok clipull "$PRIV" "$T/priv.sif" "$BOB_TOKEN"
  check "after lifting the quota (null) the same push succeeds, cmp" t_quota_lift
  check "two concurrent 3 MiB pushes with room for one: exactly one succeeds, the other hits the quota" t_quota_race
else
  skip "quota (413) enforced on push" "admin API or users missing"
fi

# ---------------------------------------------------------------------------------------------
# 11. frozen tags
# ---------------------------------------------------------------------------------------------
t_freeze() {
  admin PUT "/api/admin/containers/$BOX/tags/v1" '{"arch":"amd64","frozen":true}'
  expect_status 200
}
t_frozen_push() {
  mk frozen 2M || return 1
  lc_expect 1 push "$BASE" "$ADMIN_TOKEN" "$T/frozen.sif" "$BOX:v1" || return 1
  lc_err_has 'frozen' || return 1
  lc_err_has '409'
}
t_frozen_kept() {
  get_image "$BOX:v1" || return 1
  jtrue "$T/img.json" "d['id'] == '$SMALL_ID' and d['hash'] == 'sha256.$SMALL_SHA'" "v1 still the first image" || return 1
  pulled_ok clipull "$BOX:v1" "$SMALL" -
}
t_thaw() {
  admin PUT "/api/admin/containers/$BOX/tags/v1" '{"arch":"amd64","frozen":false}'
  expect_status 200 || return 1
  lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$T/frozen.sif" "$BOX:v1" || return 1
  get_image "$BOX:v1" || return 1
  jtrue "$T/img.json" "d['hash'] == 'sha256.$(sha_of "$T/frozen.sif")'" "v1 now the new image"
}
say "# 11. frozen tags"
if [ "$ADMIN_API" = yes ]; then
  check "admin API: freeze $BOX:v1 (amd64)" t_freeze
  check "pushing a different image to the frozen tag fails with 409 'frozen'" t_frozen_push
  check "the frozen tag still resolves to the old image, clipull cmp" t_frozen_kept
  check "other tags of the container can still move (push to :latest2)" lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$T/frozen.sif" "$BOX:latest2"
  check "after thawing (frozen:false) the push moves the tag" t_thaw
else
  skip "frozen tag refuses a push (409)" "admin API missing"
fi

# ---------------------------------------------------------------------------------------------
# 12. error cases with curl
# ---------------------------------------------------------------------------------------------
say "# 12. error cases (curl)"
t_err() { # t_err CODE REGEX METHOD PATH [BODY [TOKEN]]
  local code=$1 re=$2
  shift 2
  api "$@"
  expect_error "$code" "$re"
}
check "GET /v1/images/Bad_Name/x/y:latest -> 400 envelope" t_err 400 '' GET /v1/images/Bad_Name/x/y:latest
check "GET /v1/imagefile/Bad_Name/x/y:latest -> 400 envelope" t_err 400 '' GET /v1/imagefile/Bad_Name/x/y:latest
check "GET /v1/images/$ADM/$COLL/box$RND:BAD TAG -> 400" t_err 400 '' GET "/v1/images/$ADM/$COLL/box$RND:Bad%20Tag"
check "GET /v1/images/a/b/c/d:latest (4 components) -> 400/404 envelope" t_err 400,404 '' GET /v1/images/a/b/c/d:latest
check "GET unknown entity -> 404 envelope" t_err 404 '' GET "/v1/entities/nobody$RND"
check "GET unknown collection -> 404 envelope" t_err 404 '' GET "/v1/collections/$ADM/nothing$RND"
check "GET unknown container -> 404 envelope" t_err 404 '' GET "/v1/containers/$ADM/$COLL/nothing$RND"
check "GET image of unknown entity -> 404 envelope" t_err 404 '' GET "/v1/images/nobody$RND/x/y:latest"
check "GET unknown tag -> 404 envelope" t_err 404 '' GET "/v1/images/$BOX:nosuchtag"
check "GET unknown hash -> 404 envelope" t_err 404 '' GET "/v1/images/$BOX:sha256.$(printf '0%.0s' {1..64})"
check "GET /v1/imagefile of an unknown tag -> 404 envelope" t_err 404 '' GET "/v1/imagefile/$BOX:nosuchtag"
ADM_EID=
t_adm_eid() { api GET "/v1/entities/$ADM"; expect_status 200 && ADM_EID=$(body_field 'd["data"]["id"]'); }
check "GET /v1/entities/$ADM -> 200 with an id" t_adm_eid
check "POST /v1/collections without a token -> 401 envelope" t_err 401 '' POST /v1/collections "{\"name\":\"noauth$RND\",\"entity\":\"$ADM_EID\"}"
check "POST /v1/collections with a wrong token -> 401 envelope" t_err 401 '' POST /v1/collections "{\"name\":\"noauth$RND\",\"entity\":\"$ADM_EID\"}" "wrong-$RND"
t_container_noauth() {
  api GET "/v1/collections/$ADM/$COLL"
  expect_status 200 || return 1
  local cid
  cid=$(body_field 'd["data"]["id"]') || return 1
  api POST /v1/containers "{\"name\":\"noauth$RND\",\"collection\":\"$cid\"}"
  expect_error 401 || return 1
  api POST /v1/containers "{\"name\":\"noauth$RND\",\"collection\":\"$cid\"}" "wrong-$RND"
  expect_error 401 || return 1
  api GET "/v1/containers/$ADM/$COLL/noauth$RND"
  expect_error 404
}
check "POST /v1/containers without / with a wrong token -> 401 envelope, nothing created" t_container_noauth
check "POST /v1/collections without a token and with an empty object -> 401 (authentication before validation)" t_err 401 '' POST /v1/collections '{}'
check "POST /v1/images without a token and with an empty object -> 401 (authentication before validation)" t_err 401 '' POST /v1/images '{}' 
check "POST /v1/images with a malformed JSON body -> 400 envelope" t_err 400 '' POST /v1/images '{"hash": "sha256.' "$ADMIN_TOKEN"
t_too_big() {
  python3 -c 'import sys; sys.stdout.write("{\"description\":\"" + "a" * (1024 * 1024 + 10) + "\"}")' >"$T/big.json"
  api POST /v1/images "@$T/big.json" "$ADMIN_TOKEN"
  expect_error 413
}
check "POST /v1/images with a JSON body over 1 MiB -> 413 envelope" t_too_big
t_tag_bad_image() {
  api GET "/v1/containers/$BOX" - "$ADMIN_TOKEN"
  local cid
  cid=$(body_field 'd["data"]["id"]') || return 1
  api POST "/v2/tags/$cid" "{\"Arch\":\"amd64\",\"Tag\":\"bogus\",\"ImageID\":\"$(printf 'f%.0s' {1..24})\"}" "$ADMIN_TOKEN"
  expect_error 400,404 || return 1
  lc_expect 3 get "$BASE" - "$BOX:bogus"
}
check "POST /v2/tags with an unknown image id -> 400/404 envelope, no tag" t_tag_bad_image

# --- single uploads ---
BOX_CID=
t_box_cid() { api GET "/v1/containers/$BOX"; expect_status 200 && BOX_CID=$(body_field 'd["data"]["id"]'); }
check "setup: container id of $BOX (GET /v1/containers)" t_box_cid
# announce NAME: POST /v1/images for $T/NAME.sif in $BOX; sets IMG_ID
IMG_ID=
announce() {
  local h
  h=$(sha_of "$T/$1.sif")
  api POST /v1/images "{\"id\":\"\",\"hash\":\"sha256.$h\",\"description\":\"\",\"container\":\"$BOX_CID\",\"uploaded\":false,\"size\":0}" "$ADMIN_TOKEN"
  expect_status 200 201 || return 1
  IMG_ID=$(body_field 'd["data"]["id"]') || return 1
  jtrue "$T/body" "d['data']['uploaded'] is False" "announced image uploaded:false"
}
# upload_url ID SIZE SHA: POST /v2/imagefile/ID; sets UPLOAD_URL
UPLOAD_URL=
upload_url() {
  api POST "/v2/imagefile/$1" "{\"filesize\":$2,\"md5sum\":\"\",\"sha256sum\":\"$3\"}" "$ADMIN_TOKEN"
  expect_status 200 201 || return 1
  UPLOAD_URL=$(body_field 'd["data"]["uploadURL"]') || return 1
  [[ $UPLOAD_URL == http*://*/v2/uploads/*\?*signature=* ]] || { echo "unexpected uploadURL $UPLOAD_URL"; return 1; }
}
put_bytes() { http PUT "$1" -H 'Content-Type: application/octet-stream' --data-binary "@$2"; }
not_uploaded() { # not_uploaded NAME: the image for $T/NAME.sif exists with uploaded:false (or not at all)
  lc get "$BASE" "$ADMIN_TOKEN" "$BOX:sha256.$(sha_of "$T/$1.sif")"
  [ "$LC_RC" = 3 ] && return 0
  [ "$LC_RC" = 0 ] || { lc_why get; return 1; }
  jtrue "$T/lc.out" "d['uploaded'] is False" "uploaded:false"
}
t_sha_mismatch() {
  mk mis1 1M && mk mis2 1M || return 1
  announce mis1 || return 1
  upload_url "$IMG_ID" "$(stat -c %s "$T/mis1.sif")" "$(sha_of "$T/mis1.sif")" || return 1
  put_bytes "$UPLOAD_URL" "$T/mis2.sif"
  expect_error 400 || return 1
  not_uploaded mis1 || return 1
  # neither the wrong bytes' hash nor the tag view changes
  lc_expect 3 get "$BASE" "$ADMIN_TOKEN" "$BOX:sha256.$(sha_of "$T/mis2.sif")"
}
t_sha_mismatch_complete() {
  api PUT "/v2/imagefile/$IMG_ID/_complete" '{}' "$ADMIN_TOKEN"
  [ "$ST" != 200 ] && [ "$ST" != 204 ] || { echo "_complete after a failed upload answered $ST"; return 1; }
  not_uploaded mis1
}
t_retry_after_failure() {
  lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$T/mis1.sif" "$BOX:retried" || return 1
  pulled_ok clipull "$BOX:retried" "$T/mis1.sif" -
}
check "upload of different bytes than the declared sha256 -> 400 envelope, image stays uploaded:false" t_sha_mismatch
check "_complete after that failed upload does not mark it uploaded" t_sha_mismatch_complete
check "libclient push of the right bytes afterwards succeeds, cmp" t_retry_after_failure
check "first image still intact after the failed single uploads" intact

t_truncated() {
  mk trunc 1M || return 1
  announce trunc || return 1
  upload_url "$IMG_ID" "$(stat -c %s "$T/trunc.sif")" "$(sha_of "$T/trunc.sif")" || return 1
  slice "$T/trunc.sif" 0 700000 "$T/trunc.part"
  put_bytes "$UPLOAD_URL" "$T/trunc.part"
  expect_error 400 || return 1
  not_uploaded trunc
}
t_not_uploaded_unusable() {
  local h
  h=$(sha_of "$T/trunc.sif")
  api GET "/v1/imagefile/$BOX:sha256.$h"
  expect_error 404 || return 1
  api POST "/v2/tags/$BOX_CID" "{\"Arch\":\"amd64\",\"Tag\":\"notyet\",\"ImageID\":\"$IMG_ID\"}" "$ADMIN_TOKEN"
  expect_error 400,404,409 || return 1
  lc_expect 3 get "$BASE" - "$BOX:notyet" || return 1
  search_has "box$RND" amd64 "$ADMIN_TOKEN" no "$h"
}
t_oversize() {
  upload_url "$IMG_ID" "$(stat -c %s "$T/trunc.sif")" "$(sha_of "$T/trunc.sif")" || return 1
  cat "$T/trunc.sif" "$T/trunc.sif" >"$T/trunc.double"
  put_bytes "$UPLOAD_URL" "$T/trunc.double"
  expect_status 400 413 || return 1
  not_uploaded trunc
}
t_unsigned_upload() {
  upload_url "$IMG_ID" "$(stat -c %s "$T/trunc.sif")" "$(sha_of "$T/trunc.sif")" || return 1
  put_bytes "${UPLOAD_URL%%\?*}" "$T/trunc.sif"
  expect_error 403 || return 1
  local u=$UPLOAD_URL last=${UPLOAD_URL: -1}
  [ "$last" = 0 ] && u="${u%?}1" || u="${u%?}0"
  put_bytes "$u" "$T/trunc.sif"
  expect_error 403 || return 1
  put_bytes "${UPLOAD_URL/expires=/expires=1}" "$T/trunc.sif"
  expect_error 403 || return 1
  not_uploaded trunc || return 1
  # the untampered URL still works afterwards
  put_bytes "$UPLOAD_URL" "$T/trunc.sif"
  expect_status 200 || return 1
  api PUT "/v2/imagefile/$IMG_ID/_complete" '{}' "$ADMIN_TOKEN"
  expect_status 200 204 || return 1
  get_image "$BOX:sha256.$(sha_of "$T/trunc.sif")" || return 1
  jtrue "$T/img.json" "d['uploaded'] is True" "uploaded after the good PUT" || return 1
  pulled_ok pull "$BOX:sha256.$(sha_of "$T/trunc.sif")" "$T/trunc.sif" -
}
check "truncated upload (declared N, sent fewer bytes) -> 400 envelope, not uploaded" t_truncated
check "an image not uploaded: imagefile 404, tagging it refused, not in search" t_not_uploaded_unusable
check "oversized upload (sent 2N bytes) -> 400/413, not uploaded" t_oversize
check "upload URL without signature / tampered signature / tampered expiry -> 403; the signed URL then works" t_unsigned_upload
check "first image still intact after the truncated and unsigned uploads" intact

# --- multipart driven by hand ---
# mp_start ID SIZE: M1; sets MP_UPLOAD MP_PARTS MP_PARTSIZE
MP_UPLOAD= MP_PARTS= MP_PARTSIZE=
mp_start() {
  api POST "/v2/imagefile/$1/_multipart" "{\"filesize\":$2}" "$ADMIN_TOKEN"
  expect_status 200 201 || return 1
  MP_UPLOAD=$(body_field 'd["data"]["uploadID"]') && MP_PARTS=$(body_field 'd["data"]["totalParts"]') &&
    MP_PARTSIZE=$(body_field 'd["data"]["partSize"]') || return 1
  local want=$((($2 + MP_PARTSIZE - 1) / MP_PARTSIZE))
  [ "$MP_PARTS" = "$want" ] || { echo "totalParts $MP_PARTS for $2 bytes in parts of $MP_PARTSIZE (want $want)"; return 1; }
}
# mp_part ID FILE N [SHA]: M2 + M3 for part N of FILE; sets ETAG (empty on failure; status in ST)
ETAG=
mp_part() {
  local id=$1 f=$2 n=$3 size off len
  size=$(stat -c %s "$f")
  off=$(((n - 1) * MP_PARTSIZE))
  len=$((size - off < MP_PARTSIZE ? size - off : MP_PARTSIZE))
  slice "$f" "$off" "$len" "$T/part.$n"
  local sha=${4:-$(sha_of "$T/part.$n")}
  ETAG=
  api PUT "/v2/imagefile/$id/_multipart" "{\"partSize\":$len,\"uploadID\":\"$MP_UPLOAD\",\"partNumber\":$n,\"sha256sum\":\"$sha\"}" "$ADMIN_TOKEN"
  expect_status 200 204 || return 1
  local url
  url=$(body_field 'd["data"]["presignedURL"]') || return 1
  http PUT "$url" -H 'Content-Type:' -H "x-amz-content-sha256: $sha" --data-binary "@$T/part.$n"
  rm -f "$T/part.$n"
  [ "$ST" = 200 ] || return 1
  ETAG=$(header ETag)
  [ -n "$ETAG" ] || { echo "part $n: no ETag header"; return 1; }
}
# mp_complete ID "N:ETAG" ...
mp_complete() {
  local id=$1 parts=() p
  shift
  for p in "$@"; do parts+=("{\"partNumber\":${p%%:*},\"token\":$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "${p#*:}")}"); done
  api PUT "/v2/imagefile/$id/_multipart_complete" "{\"uploadID\":\"$MP_UPLOAD\",\"completedParts\":[$(IFS=,; echo "${parts[*]}")]}" "$ADMIN_TOKEN"
}
MPA_ID=
E1= E2=
t_mp_order() {
  mk mpa "$MP" || return 1
  announce mpa || return 1
  MPA_ID=$IMG_ID
  mp_start "$MPA_ID" "$(stat -c %s "$T/mpa.sif")" || return 1
  [ "$MP_PARTS" -ge 2 ] || { echo "need >= 2 parts, server gave $MP_PARTS for $MP"; return 1; }
  mp_part "$MPA_ID" "$T/mpa.sif" 2 || { echo "part 2 first: HTTP $ST $(snip "$T/body" 200)"; return 1; }
  E2=$ETAG
  mp_part "$MPA_ID" "$T/mpa.sif" 1 || { echo "part 1 after part 2: HTTP $ST $(snip "$T/body" 200)"; return 1; }
  E1=$ETAG
}
t_mp_twice() {
  mp_part "$MPA_ID" "$T/mpa.sif" 1 || { echo "part 1 again: HTTP $ST $(snip "$T/body" 200)"; return 1; }
  [ "$ETAG" = "$E1" ] || note "multipart part 1 re-sent gave ETag $ETAG (first time $E1)"
  E1=$ETAG
}
t_mp_complete() {
  local n parts=("1:$E1" "2:$E2")
  for ((n = 3; n <= MP_PARTS; n++)); do
    mp_part "$MPA_ID" "$T/mpa.sif" "$n" || return 1
    parts+=("$n:$ETAG")
  done
  mp_complete "$MPA_ID" "${parts[@]}"
  expect_status 200 204 || return 1
  [ "$ST" = 204 ] || python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/body" || { echo "_multipart_complete body is not JSON"; return 1; }
  get_image "$BOX:sha256.$(sha_of "$T/mpa.sif")" || return 1
  jtrue "$T/img.json" "d['uploaded'] is True and d['size'] == $(stat -c %s "$T/mpa.sif")" "uploaded with the full size"
}
t_mp_pull() {
  lc_expect 0 push "$BASE" "$ADMIN_TOKEN" "$T/mpa.sif" "$BOX:mp" || return 1
  pulled_ok clipull "$BOX:mp" "$T/mpa.sif" -
}
check "multipart: part 2 sent before part 1 both 200 with ETags" t_mp_order
check "multipart: part 1 sent twice (same bytes) -> 200 again" t_mp_twice
check "multipart: complete succeeds with a JSON body, image uploaded" t_mp_complete
check "multipart: the out-of-order upload pulls byte-identical (clipull, cmp)" t_mp_pull
rm -f "$T/mpa.sif"

t_mp_abort() {
  mk mpb "$MP" || return 1
  announce mpb || return 1
  local id=$IMG_ID
  mp_start "$id" "$(stat -c %s "$T/mpb.sif")" || return 1
  mp_part "$id" "$T/mpb.sif" 1 || return 1
  local e=$ETAG
  # completing with a part missing, or with a token that is not the part's ETag, is refused
  mp_complete "$id" "1:$e"
  expect_error 400 || { echo "(complete with part 2 missing)"; return 1; }
  mp_complete "$id" '1:"not-the-etag"' "2:$e"
  expect_error 400 || { echo "(complete with a wrong ETag)"; return 1; }
  not_uploaded mpb || return 1
  api PUT "/v2/imagefile/$id/_multipart_abort" "{\"uploadID\":\"$MP_UPLOAD\"}" "$ADMIN_TOKEN"
  expect_status 200 204 || return 1
  mp_complete "$id" "1:$e"
  expect_error 404 || return 1
  not_uploaded mpb || return 1
  # a part for the aborted upload is refused too
  api PUT "/v2/imagefile/$id/_multipart" "{\"partSize\":1,\"uploadID\":\"$MP_UPLOAD\",\"partNumber\":2,\"sha256sum\":\"\"}" "$ADMIN_TOKEN"
  expect_error 400,404,409,410
}
check "multipart: complete with a missing part / wrong ETag -> 400; abort -> 200, then complete -> 404, not uploaded" t_mp_abort
rm -f "$T/mpb.sif"

t_mp_wrongsha() {
  mk mpc 1M || return 1
  announce mpc || return 1
  local id=$IMG_ID
  mp_start "$id" "$(stat -c %s "$T/mpc.sif")" || return 1
  mp_part "$id" "$T/mpc.sif" 1 "$(printf 'ab%.0s' {1..32})"
  expect_error 400 || return 1
  [ -z "$ETAG" ] || { echo "got an ETag for a part with a wrong sha256"; return 1; }
  # completing with a made-up token must not produce an uploaded image
  mp_complete "$id" '1:"0000"'
  [ "$ST" != 200 ] && [ "$ST" != 204 ] || { echo "complete without a valid part answered $ST"; return 1; }
  not_uploaded mpc || return 1
  # the same part with the right sha256 goes through
  mp_part "$id" "$T/mpc.sif" 1 || return 1
  mp_complete "$id" "1:$ETAG"
  expect_status 200 204 || return 1
  get_image "$BOX:sha256.$(sha_of "$T/mpc.sif")" || return 1
  jtrue "$T/img.json" "d['uploaded'] is True" "uploaded" || return 1
  pulled_ok pull "$BOX:sha256.$(sha_of "$T/mpc.sif")" "$T/mpc.sif" -
}
check "multipart: part with a wrong sha256 -> 400 envelope; bad complete refused; the right part completes" t_mp_wrongsha
t_mp_wholesha() {
  # parts all fine, but the assembled file is not the announced image: complete must fail
  mk mpd 1M && mk mpe 1M || return 1
  announce mpd || return 1
  local id=$IMG_ID
  mp_start "$id" "$(stat -c %s "$T/mpd.sif")" || return 1
  mp_part "$id" "$T/mpe.sif" 1 || return 1
  mp_complete "$id" "1:$ETAG"
  expect_error 400 || return 1
  not_uploaded mpd
}
check "multipart: parts of other bytes than the announced hash -> complete 400, not uploaded" t_mp_wholesha
check "first image still intact after the multipart faults" intact

# --- signed blob URLs, ranges ---
LOC=
t_location() {
  api GET "/v1/imagefile/$BOX:sha256.$SMALL_SHA?arch=amd64"
  expect_status 303 || return 1
  LOC=$(header Location)
  [[ $LOC == http*://*/v1/blobs/sha256.*\?*signature=* ]] || { echo "unexpected Location '$LOC'"; return 1; }
}
SIZE_SMALL=$(stat -c %s "$SMALL" 2>/dev/null || echo 0)
t_range_206() {
  http GET "$LOC" -H 'Range: bytes=0-1023'
  expect_status 206 || return 1
  [ "$(header Content-Range)" = "bytes 0-1023/$SIZE_SMALL" ] || { echo "Content-Range '$(header Content-Range)'"; return 1; }
  slice "$SMALL" 0 1024 "$T/expect"
  cmp -s "$T/expect" "$T/body" || { echo "range body differs"; return 1; }
  http GET "$LOC" -H "Range: bytes=1048576-2097151"
  expect_status 206 || return 1
  [ "$(header Content-Range)" = "bytes 1048576-2097151/$SIZE_SMALL" ] || { echo "middle Content-Range '$(header Content-Range)'"; return 1; }
  slice "$SMALL" 1048576 1048576 "$T/expect"
  cmp -s "$T/expect" "$T/body" || { echo "middle range body differs"; return 1; }
  http GET "$LOC" -H "Range: bytes=$((SIZE_SMALL - 100))-"
  expect_status 206 || return 1
  [ "$(header Content-Range)" = "bytes $((SIZE_SMALL - 100))-$((SIZE_SMALL - 1))/$SIZE_SMALL" ] || { echo "open range Content-Range '$(header Content-Range)'"; return 1; }
  slice "$SMALL" $((SIZE_SMALL - 100)) 100 "$T/expect"
  cmp -s "$T/expect" "$T/body" || { echo "open-ended range body differs"; return 1; }
}
t_range_416() {
  http GET "$LOC" -H "Range: bytes=$SIZE_SMALL-$((SIZE_SMALL + 1000))"
  expect_status 416 || return 1
  local cr
  cr=$(header Content-Range)
  # RFC 9110 says a 416 SHOULD carry "Content-Range: bytes */size"; the client does not need it
  [ -z "$cr" ] || [ "$cr" = "bytes */$SIZE_SMALL" ] || { echo "416 with a wrong Content-Range '$cr'"; return 1; }
  [ -n "$cr" ] || note "the 416 carries no 'Content-Range: bytes */$SIZE_SMALL' (RFC 9110 SHOULD)"
}
t_full() {
  http GET "$LOC"
  expect_status 200 || return 1
  same_file "$SMALL" "$T/body"
}
t_tampered() {
  local u
  [ "${LOC: -1}" = 0 ] && u="${LOC%?}1" || u="${LOC%?}0"
  http GET "$u"
  expect_error 403 || return 1
  http GET "${LOC%%\?*}"
  expect_error 403 || return 1
  http GET "${LOC/expires=/expires=1}"
  expect_error 403 || return 1
  # the signature of one blob does not open another blob
  u="${LOC/sha256.$SMALL_SHA/sha256.$(sha_of "$T/del.sif")}"
  http GET "$u"
  expect_error 403
}
check "GET /v1/imagefile/<ref> answers 303 with an absolute signed /v1/blobs URL" t_location
check "blob URL without Range -> 200 with the whole file" t_full
check "Range bytes=0-1023 / middle / open-ended -> 206 with Content-Range and the right bytes" t_range_206
check "Range beyond the end -> 416" t_range_416
check "blob URL with tampered signature / no signature / tampered expiry / other blob -> 403 envelope" t_tampered
check "first image still intact after the blob URL faults" intact

# ---------------------------------------------------------------------------------------------
[ -f "$T/notes" ] && cat "$T/notes"
echo "$PASSED passed, $FAILED failed"
SUMMARY_DONE=yes
[ "$FAILED" -eq 0 ]
