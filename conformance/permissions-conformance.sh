#!/usr/bin/env bash
# Permission conformance suite: the rules of docs/accounts.md checked through the real client
# library (libclient, see ../../shared/libclient), as one table: eight kinds of caller × a public and
# a private collection × pull (clipull, what `apptainer pull` does), push, search and delete, each
# with the exit status the client must end with (0 ok, 1 failure, 3 not found) and, for refusals,
# the reason it must report. library-conformance.sh section 9 covers a user's own private
# collection against anonymous callers and another user; this suite adds the roles it does not
# have: collection contributors, team members, a service account's read-only token, expired and
# revoked tokens, and the public side of every row.
#
#   conformance/permissions-conformance.sh BASE_URL ADMIN_TOKEN
#
# Prints one line per check ("ok - ..." / "FAIL - ...: reason") and finishes with the line
# "N passed, M failed". Exit status 0 iff nothing failed (2 on a usage/setup error). Environment as
# for library-conformance.sh (LIBCLIENT, SHARED_DIR, WORK, CONFORMANCE_WAIT, CONFORMANCE_KEEP,
# CONFORMANCE_VERBOSE). Every run uses fresh names, so it can run repeatedly against one server.
set -uo pipefail

SUITE=permissions-conformance
# shellcheck source=conformance/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

deadline=$((SECONDS + ${CONFORMANCE_WAIT:-60}))
until curl -sf --max-time 10 -o /dev/null "$BASE/version"; do
  [ "$SECONDS" -lt "$deadline" ] || break
  sleep 2
done

# ---------------------------------------------------------------------------------------------
# Setup: a team's namespace holding a public and a private collection, made by the team's owner
# ---------------------------------------------------------------------------------------------
OWNER="own$RND"       # created the team and both collections: owns them
MEMBER="mem$RND"      # a member of the team: in its namespace, a contributor
CONTRIB="con$RND"     # a contributor of both collections, in person
OUTSIDER="out$RND"    # a user with no role
ROBOT="bot$RND"       # a service account, owner of both collections, through a read-only token
TEAM="lab$RND"
PUB="$TEAM/pub$RND"
PRIV="$TEAM/priv$RND"
declare -A TOK=([anonymous]=-)
TEAM_ID=

# variant NAME: $T/NAME.sif, a copy of $T/pub.sif whose last 16 bytes (inside its partition) are
# random: another valid image with another hash, without a siftool run per row
variant() {
  cp "$T/pub.sif" "$T/$1.sif" &&
    head -c 16 /dev/urandom | dd of="$T/$1.sif" bs=1 seek=$(($(stat -c %s "$T/pub.sif") - 16)) conv=notrunc status=none
}
# user NAME ROLE: a user (or, for ROLE=service, a service account)
user() {
  if [ "$2" = service ]; then
    admin POST /api/admin/users "{\"username\":\"$1\",\"service\":true}"
  else
    # no password: these callers use tokens only (and hashing one costs a second on a busy machine)
    admin POST /api/admin/users "{\"username\":\"$1\",\"role\":\"$2\"}"
  fi
  expect_status 201
}
# token NAME KEY JSON: issue a token for user NAME (JSON: the request) and keep its secret in TOK[KEY]
token() {
  admin POST "/api/admin/users/$1/tokens" "$3"
  expect_status 201 || return 1
  TOK[$2]=$(body_field 'd["data"]["token"]') && [ -n "${TOK[$2]}" ] || { echo "no token: $(snip "$T/body")"; return 1; }
  LAST_TOKEN_ID=$(body_field 'd["data"]["id"]')
}
as() { http "$1" "$BASE$2" -H "Authorization: Bearer ${TOK[$3]}" -H 'Content-Type: application/json' --data-binary "${4:-}"; }

t_setup() {
  local expiry
  user "$OWNER" USER && user "$MEMBER" USER && user "$CONTRIB" USER && user "$OUTSIDER" USER && user "$ROBOT" service || return 1
  token "$OWNER" owner '{"name":"rw"}' || return 1
  # the expired token first: it expires while the rest is made
  expiry=$(date -u -d '+3 seconds' +%Y-%m-%dT%H:%M:%SZ)
  token "$OWNER" expired "{\"name\":\"short\",\"expiresAt\":\"$expiry\"}" || return 1
  token "$OWNER" revoked '{"name":"revoked"}' || return 1
  local revoked_id=$LAST_TOKEN_ID
  token "$MEMBER" "team member" '{"name":"rw"}' || return 1
  token "$CONTRIB" contributor '{"name":"rw"}' || return 1
  token "$OUTSIDER" outsider '{"name":"rw"}' || return 1
  token "$ROBOT" "robot read-only" '{"name":"ci","scope":"READ"}' || return 1
  as POST /api/teams owner "{\"name\":\"$TEAM\",\"inviteOnly\":true}"
  expect_status 201 || return 1
  as POST "/api/teams/$TEAM/members" owner "{\"user\":\"$MEMBER\",\"role\":\"MEMBER\"}"
  expect_status 200 || return 1
  api GET "/v1/entities/$TEAM" - "${TOK[owner]}"
  expect_status 200 || return 1
  TEAM_ID=$(body_field 'd["data"]["id"]') || return 1
  api POST /v1/collections "{\"name\":\"priv$RND\",\"description\":\"\",\"entity\":\"$TEAM_ID\",\"private\":true}" "${TOK[owner]}"
  expect_status 200 || return 1
  mk pub 40K && variant priv || return 1
  lc_expect 0 push "$BASE" "${TOK[owner]}" "$T/pub.sif" "$PUB/pb$RND:1" amd64 || return 1
  lc_expect 0 push "$BASE" "${TOK[owner]}" "$T/priv.sif" "$PRIV/pv$RND:1" amd64 || return 1
  local c
  for c in "$PUB" "$PRIV"; do
    as POST "/api/collections/$c/members" owner "{\"user\":\"$CONTRIB\",\"role\":\"CONTRIBUTOR\"}"
    expect_status 200 || return 1
    as POST "/api/collections/$c/members" owner "{\"user\":\"$ROBOT\",\"role\":\"OWNER\"}"
    expect_status 200 || return 1
  done
  admin DELETE "/api/tokens/$revoked_id" ""
  expect_status 200 || return 1
  api GET /v1/collections/"$PUB" - "${TOK[owner]}"
  jtrue "$T/body" "d['data']['private'] is False" "$PUB is public" || return 1
  api GET /v1/collections/"$PRIV" - "${TOK[owner]}"
  jtrue "$T/body" "d['data']['private'] is True" "$PRIV is private" || return 1
  # wait until the short token has expired (3 s after it was issued)
  local until=$((SECONDS + 30))
  while http GET "$BASE/api/registry/identity" -H "Authorization: Bearer ${TOK[expired]}"; [ "$ST" != 401 ]; do
    [ "$SECONDS" -lt "$until" ] || { echo "the token expiring at $expiry still works"; return 1; }
    sleep 1
  done
}

say "# base=$BASE team=$TEAM libclient=$LIBCLIENT"
say "# setup"
if ! check "setup: users, a service account, tokens (read-only, expired, revoked), team $TEAM, $PUB and $PRIV with members" t_setup; then
  echo "$PASSED passed, $FAILED failed"
  SUMMARY_DONE=yes
  exit 1
fi

# ---------------------------------------------------------------------------------------------
# The table: what each caller gets (exit status, and the reason a refusal must name)
# ---------------------------------------------------------------------------------------------
UNAUTH='authentication required.*401'     # anonymous writes
BADTOKEN='not valid.*401'                  # an expired or revoked token, on every request
# role | pull public | pull private | push public | push private | delete public | delete private
# (search: finds the private container iff pull private is 0; an invalid token is refused everywhere)
ROWS=(
  "anonymous|0|3|1 $UNAUTH|1 $UNAUTH|1 $UNAUTH|1 $UNAUTH"
  "outsider|0|3|1 may not push.*403|1 may not create.*403|1 may not.*403|3 not found"
  "contributor|0|0|1 may not push.*403|1 may not push.*403|1 may not.*403|1 may not.*403"
  "team member|0|0|1 may not push.*403|1 may not push.*403|1 may not.*403|1 may not.*403"
  "owner|0|0|0|0|0|0"
  "robot read-only|0|0|1 read-only.*403|1 read-only.*403|1 read-only.*403|1 read-only.*403"
  "expired|1 $BADTOKEN|1 $BADTOKEN|1 $BADTOKEN|1 $BADTOKEN|1 $BADTOKEN|1 $BADTOKEN"
  "revoked|1 $BADTOKEN|1 $BADTOKEN|1 $BADTOKEN|1 $BADTOKEN|1 $BADTOKEN|1 $BADTOKEN"
)

# shown WANT: how a row names its outcome, e.g. "exit 1, /may not push.*403/"
shown() { if [ "${1%% *}" = "$1" ]; then echo "exit $1"; else echo "exit ${1%% *}, /${1#* }/"; fi; }
# slug ROLE: a name part for the role
slug() { echo "${1// /-}"; }
# outcome WANT: "RC" or "RC REGEX" -> RC and RX
outcome() { RC=${1%% *}; RX=; [ "$RC" = "$1" ] || RX=${1#* }; }
# refused_with RC REGEX ARGS...: libclient ARGS exits RC and, when REGEX is set, says so
refused_with() {
  local rc=$1 rx=$2
  shift 2
  lc_expect "$rc" "$@" || return 1
  [ -z "$rx" ] || lc_err_has "$rx"
}

# t_pull ROLE COLL CONTAINER FILE WANT
t_pull() {
  outcome "$5"
  if [ "$RC" = 0 ]; then
    pulled_ok clipull "$2/$3:1" "$4" "${TOK[$1]}"
  else
    refused_with "$RC" "$RX" clipull "$BASE" "${TOK[$1]}" "$2/$3:1" "$T/nope.sif"
  fi
}
# t_search ROLE CONTAINER WANT-PULL: the container is found iff the role may pull it
t_search() {
  outcome "$3"
  if [ "$RC" = 1 ]; then
    refused_with 1 "$RX" search "$BASE" "${TOK[$1]}" "$2" -
    return
  fi
  lc_expect 0 search "$BASE" "${TOK[$1]}" "$2" - || return 1
  if [ "$RC" = 0 ]; then
    jtrue "$T/lc.out" "'$2' in [c.get('name') for c in (d.get('container') or [])]" "search '$2' finds the container"
  else
    jtrue "$T/lc.out" "'$2' not in json.dumps(d)" "search '$2' shows nothing of it"
  fi
}
# t_push ROLE COLL WANT: a new container per row; a refused push leaves nothing behind
t_push() {
  local ref
  ref="$2/push-$(slug "$1"):1"
  outcome "$3"
  variant "push-$(slug "$1")" || return 1
  if [ "$RC" = 0 ]; then
    lc_expect 0 push "$BASE" "${TOK[$1]}" "$T/push-$(slug "$1").sif" "$ref" amd64 || return 1
    pulled_ok clipull "$ref" "$T/push-$(slug "$1").sif" "${TOK[owner]}"
  else
    refused_with "$RC" "$RX" push "$BASE" "${TOK[$1]}" "$T/push-$(slug "$1").sif" "$ref" amd64 || return 1
    lc_expect 3 get "$BASE" "${TOK[owner]}" "$ref"
  fi
}
# t_delete ROLE COLL WANT: the owner pushes a fresh image per row, the role deletes it
t_delete() {
  local ref
  ref="$2/del-$(slug "$1"):1"
  outcome "$3"
  variant "del-$(slug "$1")" || return 1
  lc_expect 0 push "$BASE" "${TOK[owner]}" "$T/del-$(slug "$1").sif" "$ref" amd64 || return 1
  if [ "$RC" = 0 ]; then
    lc_expect 0 delete "$BASE" "${TOK[$1]}" "$ref" amd64 || return 1
    lc_expect 3 get "$BASE" "${TOK[owner]}" "$ref"
  else
    refused_with "$RC" "$RX" delete "$BASE" "${TOK[$1]}" "$ref" amd64 || return 1
    get_image "$ref" "${TOK[owner]}"
  fi
}

say "# role × action × visibility"
for row in "${ROWS[@]}"; do
  IFS='|' read -r role pull_pub pull_priv push_pub push_priv del_pub del_priv <<<"$row"
  check "$role × pull × public → $(shown "$pull_pub")" t_pull "$role" "$PUB" "pb$RND" "$T/pub.sif" "$pull_pub"
  check "$role × pull × private → $(shown "$pull_priv")" t_pull "$role" "$PRIV" "pv$RND" "$T/priv.sif" "$pull_priv"
  check "$role × search × public → $([ "${pull_pub%% *}" = 0 ] && echo found || shown "$pull_pub")" \
    t_search "$role" "pb$RND" "$pull_pub"
  search_priv=$pull_priv
  [ "${pull_priv%% *}" != 3 ] || search_priv=3
  check "$role × search × private → $(case "${search_priv%% *}" in 0) echo found ;; 3) echo "not found" ;; *) shown "$search_priv" ;; esac)" \
    t_search "$role" "pv$RND" "$search_priv"
  check "$role × push × public → $(shown "$push_pub")" t_push "$role" "$PUB" "$push_pub"
  check "$role × push × private → $(shown "$push_priv")" t_push "$role" "$PRIV" "$push_priv"
  check "$role × delete × public → $(shown "$del_pub")" t_delete "$role" "$PUB" "$del_pub"
  check "$role × delete × private → $(shown "$del_priv")" t_delete "$role" "$PRIV" "$del_priv"
done

# ---------------------------------------------------------------------------------------------
# An outsider's refusals on the private collection say no more than those on a missing one
# ---------------------------------------------------------------------------------------------
# like_missing CMD...: libclient CMD on the private collection and on a missing one (the word
# PRIV / MISSING in the arguments) end alike, with the same message but for the name
like_missing() {
  local a=() b=() x rc_private err_private
  for x in "$@"; do a+=("${x//@COLL@/priv$RND}"); b+=("${x//@COLL@/none$RND}"); done
  lc "${a[@]}"
  rc_private=$LC_RC
  err_private=$(sed "s/priv$RND/NAME/g" "$T/lc.err")
  lc "${b[@]}"
  [ "$rc_private" = "$LC_RC" ] || { echo "exit $rc_private on the private collection, $LC_RC on a missing one"; return 1; }
  [ "$err_private" = "$(sed "s/none$RND/NAME/g" "$T/lc.err")" ] ||
    { echo "messages differ: '$err_private' vs '$(sed "s/none$RND/NAME/g" "$T/lc.err" | tr '\n' ' ')'"; return 1; }
}
say "# the private collection is refused like a missing one"
variant probe
check "outsider: clipull of the private image ends like a pull from a missing collection" \
  like_missing clipull "$BASE" "${TOK[outsider]}" "$TEAM/@COLL@/pv$RND:1" "$T/nope.sif"
check "outsider: push into the private collection ends like a push into a missing one" \
  like_missing push "$BASE" "${TOK[outsider]}" "$T/probe.sif" "$TEAM/@COLL@/pv$RND:2" amd64
check "outsider: delete in the private collection ends like a delete in a missing one" \
  like_missing delete "$BASE" "${TOK[outsider]}" "$TEAM/@COLL@/pv$RND:1" amd64
check "anonymous: clipull of the private image ends like a pull from a missing collection" \
  like_missing clipull "$BASE" - "$TEAM/@COLL@/pv$RND:1" "$T/nope.sif"
check "the private image is intact after all refusals" pulled_ok clipull "$PRIV/pv$RND:1" "$T/priv.sif" "${TOK[owner]}"

[ ! -s "$T/notes" ] || cat "$T/notes"
echo "$PASSED passed, $FAILED failed"
SUMMARY_DONE=yes
[ "$FAILED" -eq 0 ]
