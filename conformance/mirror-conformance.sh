#!/usr/bin/env bash
# Mirror conformance: two running registries and the real client. Pushes a few images into the
# SOURCE with libclient, starts the import-library job on the TARGET through its admin API, waits
# for it, then pulls every image from the TARGET with libclient (clipull, as `apptainer pull`) and
# compares it byte for byte with the file pushed to the SOURCE. Also: a private source collection
# mirrored with the source token (invisible without it), a second run that imports nothing, a
# missing ref reported as skipped, and the source token absent from the job's report and history.
# Then the bundle route: the private source collection exported with curl
# (GET /api/collections/{entity}/{collection}/bundle), imported with the import-bundle job into a
# fresh entity of the TARGET (the bundle file is passed by path: both registries must run on this
# machine), every tag pulled back with clipull and compared; a second import brings nothing in.
#
#   conformance/mirror-conformance.sh SOURCE_URL SOURCE_TOKEN TARGET_URL TARGET_ADMIN_TOKEN
#   e.g. conformance/mirror-conformance.sh http://127.0.0.1:18080 "$A_TOKEN" http://127.0.0.1:28080 "$B_TOKEN"
#
# SOURCE_TOKEN must be allowed to push on the source (an administrator's token is simplest). The
# target mirrors into its administrator's entity (token-status of TARGET_ADMIN_TOKEN).
# Prints one line per check and "N passed, M failed"; exit 0 iff nothing failed (2: usage/setup).
# Environment: LIBCLIENT, SHARED_DIR, WORK, CONFORMANCE_KEEP, CONFORMANCE_VERBOSE as for
# library-conformance.sh; CONFORMANCE_WAIT (seconds for both /version, default 60),
# MIRROR_WAIT (seconds for a job to finish, default 180).
set -uo pipefail

SUITE=mirror-conformance
[ $# -eq 4 ] || { echo "usage: $0 SOURCE_URL SOURCE_TOKEN TARGET_URL TARGET_ADMIN_TOKEN" >&2; exit 2; }
SRC=${1%/}
SRC_TOKEN=$2
set -- "$3" "$4"
# shellcheck source=conformance/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
[ -n "$SRC" ] && [ -n "$SRC_TOKEN" ] || usage

for url in "$SRC" "$BASE"; do
  deadline=$((SECONDS + ${CONFORMANCE_WAIT:-60}))
  until curl -sf --max-time 10 -o /dev/null "$url/version"; do
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 2
  done
  if ! curl -sf --max-time 10 -o /dev/null "$url/version"; then
    notok "registry reachable at $url/version" "no answer within ${CONFORMANCE_WAIT:-60} s"
    echo "$PASSED passed, $FAILED failed"
    SUMMARY_DONE=yes
    exit 1
  fi
done

# username TOKEN URL: whom the token belongs to (v1/token-status), else "admin"
username() {
  http GET "$2/v1/token-status" -H "Authorization: Bearer $1"
  body_field 'd["data"]["username"]' 2>/dev/null || echo admin
}
SRC_ENT=$(username "$SRC_TOKEN" "$SRC")
DST_ENT=$(username "$ADMIN_TOKEN" "$BASE")
PUB="pub-$RND"
PRIV="priv-$RND"
say "# source=$SRC ($SRC_ENT) target=$BASE ($DST_ENT) collections=$PUB,$PRIV libclient=$LIBCLIENT"

# start_job JSON [JOB]: POST /api/admin/jobs/JOB (default import-library) on the target -> $JOB (execution id)
start_job() {
  admin POST "/api/admin/jobs/${2:-import-library}" "$1"
  expect_status 202 || return 1
  JOB=$(body_field 'd["data"]["executionId"]') || return 1
}
# await_job: poll the target until execution $JOB is finished -> $T/job.json, $JOB_STATUS, $JOB_SUMMARY
await_job() {
  local deadline=$((SECONDS + ${MIRROR_WAIT:-180}))
  while :; do
    http GET "$BASE/api/admin/jobs/$JOB" -H "Authorization: Bearer $ADMIN_TOKEN"
    expect_status 200 || return 1
    cp "$T/body" "$T/job.json"
    JOB_STATUS=$(jf "$T/job.json" 'd["data"]["status"]') || return 1
    case "$JOB_STATUS" in COMPLETED | FAILED | STOPPED | ABANDONED) break ;; esac
    [ "$SECONDS" -lt "$deadline" ] || { echo "execution $JOB still $JOB_STATUS after ${MIRROR_WAIT:-180} s"; return 1; }
    sleep 1
  done
  JOB_SUMMARY=$(jf "$T/job.json" 'd["data"]["summary"]')
}
# job_is STATUS SUMMARY_REGEX: the finished job's status and summary
job_is() {
  [ "$JOB_STATUS" = "$1" ] || { echo "status $JOB_STATUS, expected $1: $(snip "$T/job.json" 600)"; return 1; }
  [[ "$JOB_SUMMARY" =~ $2 ]] || { echo "summary '$JOB_SUMMARY' does not match /$2/"; return 1; }
}
# pulled_from_target REF FILE: clipull REF from the target (admin token), cmp with FILE
pulled_from_target() { pulled_ok clipull "$1" "$2" "$ADMIN_TOKEN"; }

# ---------------------------------------------------------------------------------------------
say "# 1. images pushed into the source with the real client"
t_push_source() {
  mk a 1M && mk b 2M && mk c 3M || return 1
  lc_expect 0 push "$SRC" "$SRC_TOKEN" "$T/a.sif" "$SRC_ENT/$PUB/alpha:v1,latest" amd64 "mirror a" || return 1
  lc_expect 0 push "$SRC" "$SRC_TOKEN" "$T/b.sif" "$SRC_ENT/$PUB/beta:v1" amd64 "mirror b" || return 1
  # a private collection first (POST v1/collections private:true), then the push into it
  http GET "$SRC/v1/entities/$SRC_ENT" -H "Authorization: BEARER $SRC_TOKEN"
  expect_status 200 || return 1
  local eid
  eid=$(body_field 'd["data"]["id"]') || return 1
  http POST "$SRC/v1/collections" -H "Authorization: BEARER $SRC_TOKEN" -H 'Content-Type:' \
    --data-binary "{\"name\":\"$PRIV\",\"description\":\"\",\"entity\":\"$eid\",\"private\":true}"
  expect_status 200,201 || return 1
  lc_expect 0 push "$SRC" "$SRC_TOKEN" "$T/c.sif" "$SRC_ENT/$PRIV/gamma:v1" amd64 "mirror c (private)" || return 1
  http GET "$SRC/v1/collections/$SRC_ENT/$PRIV"
  expect_status 404 || { echo "the private source collection is visible anonymously"; return 1; }
}
check "push alpha:v1,latest and beta:v1 into $PUB, gamma:v1 into private $PRIV on the source" t_push_source ||
  { echo "$PASSED passed, $FAILED failed"; SUMMARY_DONE=yes; exit 1; }

# ---------------------------------------------------------------------------------------------
say "# 2. import-library with a list of refs"
REFS="$SRC_ENT/$PUB/alpha:v1,$SRC_ENT/$PUB/beta:v1 $SRC_ENT/$PUB/missing:v1"
REFS_JOB="{\"source\":\"$SRC\",\"refs\":\"$REFS\",\"entity\":\"$DST_ENT\",\"collection\":\"refs-$RND\"}"
t_refs() {
  start_job "$REFS_JOB" && await_job || return 1
  job_is COMPLETED '^MIRRORED 2 images \([0-9]+ bytes\), 0 already present, 1 skipped$' || return 1
  jtrue "$T/job.json" "any(s.startswith('$SRC_ENT/$PUB/missing:v1: ') and 'not found' in s
    for s in d['data']['steps'][0]['report']['skipped'])" "the missing ref is reported with its reason"
}
check "refs alpha:v1, beta:v1 and a missing one -> 2 mirrored, 1 skipped with the reason" t_refs
check "clipull $DST_ENT/refs-$RND/alpha:v1 from the target, cmp with the source file" \
  pulled_from_target "$DST_ENT/refs-$RND/alpha:v1" "$T/a.sif"
check "clipull $DST_ENT/refs-$RND/beta:v1 from the target, cmp with the source file" \
  pulled_from_target "$DST_ENT/refs-$RND/beta:v1" "$T/b.sif"
t_refs_again() {
  start_job "$REFS_JOB" && await_job || return 1
  job_is COMPLETED '^MIRRORED 0 images \(0 bytes\), 2 already present, 1 skipped$'
}
check "the same refs again: nothing imported, 2 already present" t_refs_again

# ---------------------------------------------------------------------------------------------
say "# 3. import-library of a whole collection"
t_collection() {
  start_job "{\"source\":\"$SRC\",\"sourceCollection\":\"$SRC_ENT/$PUB\",\"entity\":\"$DST_ENT\"}" && await_job || return 1
  job_is COMPLETED '^MIRRORED 2 images \([0-9]+ bytes\), 1 already present, 0 skipped$'
}
check "sourceCollection $SRC_ENT/$PUB (alpha:v1, alpha:latest, beta:v1) into $DST_ENT/$PUB" t_collection
check "clipull $DST_ENT/$PUB/alpha:latest from the target, cmp" pulled_from_target "$DST_ENT/$PUB/alpha:latest" "$T/a.sif"
check "clipull $DST_ENT/$PUB/alpha:v1 from the target, cmp" pulled_from_target "$DST_ENT/$PUB/alpha:v1" "$T/a.sif"
check "clipull $DST_ENT/$PUB/beta:v1 from the target, cmp" pulled_from_target "$DST_ENT/$PUB/beta:v1" "$T/b.sif"

# ---------------------------------------------------------------------------------------------
say "# 4. a private source collection, with the source token"
PRIV_JOB="{\"source\":\"$SRC\",\"sourceCollection\":\"$SRC_ENT/$PRIV\",\"entity\":\"$DST_ENT\"}"
t_private_anonymous() {
  start_job "$PRIV_JOB" && await_job || return 1
  job_is FAILED "$PRIV.*not found on the source"
}
check "without sourceToken the private collection is not found: FAILED with the reason" t_private_anonymous
t_private() {
  start_job "${PRIV_JOB%\}},\"sourceToken\":\"$SRC_TOKEN\"}" && await_job || return 1
  job_is COMPLETED '^MIRRORED 1 images \([0-9]+ bytes\), 0 already present, 0 skipped$' || return 1
  ! grep -qF -- "$SRC_TOKEN" "$T/job.json" || { echo "the source token appears in the job report"; return 1; }
  http GET "$BASE/api/admin/jobs?max=200" -H "Authorization: Bearer $ADMIN_TOKEN"
  expect_status 200 || return 1
  ! grep -qF -- "$SRC_TOKEN" "$T/body" || { echo "the source token appears in the job history"; return 1; }
}
check "with sourceToken: mirrored, and the token is in neither the report nor the history" t_private
check "clipull $DST_ENT/$PRIV/gamma:v1 from the target, cmp" pulled_from_target "$DST_ENT/$PRIV/gamma:v1" "$T/c.sif"
t_private_stays_private() {
  http GET "$BASE/v1/collections/$DST_ENT/$PRIV"
  expect_status 404 || { echo "the mirror of a private collection is public on the target"; return 1; }
  lc_expect 3 clipull "$BASE" - "$DST_ENT/$PRIV/gamma:v1" "$T/anon.sif"
}
check "the mirrored private collection is private on the target (anonymous: 404)" t_private_stays_private

# ---------------------------------------------------------------------------------------------
say "# 5. bad starts"
t_bad_source() {
  admin POST /api/admin/jobs/import-library "{\"source\":\"ftp://127.0.0.1/\",\"refs\":\"$SRC_ENT/$PUB/alpha:v1\"}"
  expect_error 400 'http:// or https://'
}
check "a source that is not http(s) -> 400 with the reason" t_bad_source

# ---------------------------------------------------------------------------------------------
say "# 6. a collection bundle: exported from the source with curl, imported by path with import-bundle"
BUNDLE="$T/$PRIV.bundle.zip"
FRESH="bundle-$RND"
t_export() {
  lc_expect 0 push "$SRC" "$SRC_TOKEN" "$T/a.sif" "$SRC_ENT/$PRIV/delta:v1,v2" amd64 "bundle d" || return 1
  http GET "$SRC/api/collections/$SRC_ENT/$PRIV/bundle"
  expect_status 404 || { echo "the bundle of a private collection is served anonymously"; return 1; }
  http GET "$SRC/api/collections/$SRC_ENT/$PRIV/bundle" -H "Authorization: Bearer $SRC_TOKEN"
  expect_status 200 || return 1
  [[ "$(header Content-Disposition)" == *"filename=\"$SRC_ENT-$PRIV-"*".bundle.zip\""* ]] ||
    { echo "Content-Disposition: $(header Content-Disposition)"; return 1; }
  cp "$T/body" "$BUNDLE"
  python3 - "$BUNDLE" "$(sha_of "$T/a.sif")" "$(sha_of "$T/c.sif")" <<'PY' || return 1
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = sorted(z.namelist())
want = sorted(["manifest.json", "images/%s.sif" % sys.argv[2], "images/%s.sif" % sys.argv[3]])
assert names == want, "entries %r, expected %r" % (names, want)
assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist() if i.filename.endswith(".sif")), "SIF entries not STORED"
c = json.loads(z.read("manifest.json"))["collection"]
assert c["private"] is True, "private flag %r" % c["private"]
tags = {k["name"]: [t for i in k["images"] for t in i["tags"]] for k in c["containers"]}
assert tags == {"delta": ["v1", "v2"], "gamma": ["v1"]}, "tags %r" % tags
PY
}
check "push delta:v1,v2 into $PRIV; export it (anonymous: 404; token: a ZIP of manifest + 2 STORED SIFs)" t_export
BUNDLE_JOB="{\"bundle\":\"$BUNDLE\",\"entity\":\"$FRESH\"}"
t_import_bundle() {
  api POST /v1/entities "{\"name\":\"$FRESH\",\"description\":\"\"}" "$ADMIN_TOKEN"
  expect_status 200,201 || return 1
  start_job "$BUNDLE_JOB" import-bundle && await_job || return 1
  job_is COMPLETED '^IMPORTED 2 images \([0-9]+ bytes, 3 tags\), 0 already present, 0 skipped$'
}
check "import-bundle $BUNDLE into the fresh entity $FRESH on the target" t_import_bundle
check "clipull $FRESH/$PRIV/gamma:v1 from the target, cmp" pulled_from_target "$FRESH/$PRIV/gamma:v1" "$T/c.sif"
check "clipull $FRESH/$PRIV/delta:v1 from the target, cmp" pulled_from_target "$FRESH/$PRIV/delta:v1" "$T/a.sif"
check "clipull $FRESH/$PRIV/delta:v2 from the target, cmp" pulled_from_target "$FRESH/$PRIV/delta:v2" "$T/a.sif"
t_bundle_private() {
  http GET "$BASE/v1/collections/$FRESH/$PRIV"
  expect_status 404 || { echo "the imported private collection is public on the target"; return 1; }
}
check "the imported collection is private on the target (anonymous: 404)" t_bundle_private
t_bundle_again() {
  start_job "$BUNDLE_JOB" import-bundle && await_job || return 1
  job_is COMPLETED '^IMPORTED 0 images \(0 bytes, 0 tags\), 2 already present, 0 skipped$'
}
check "the same bundle again: nothing imported, 2 already present" t_bundle_again
t_bad_bundle() {
  admin POST /api/admin/jobs/import-bundle "{\"bundle\":\"$T/body-of-nothing.zip\",\"entity\":\"$FRESH\"}"
  expect_error 400 'not a readable file'
}
check "a bundle path that is no file -> 400 with the reason" t_bad_bundle

[ -f "$T/notes" ] && cat "$T/notes"
echo "$PASSED passed, $FAILED failed"
SUMMARY_DONE=yes
[ "$FAILED" -eq 0 ]
