#!/usr/bin/env bash
# Keystore (HKP) conformance suite: drives a running registry's keystore with the real key client that
# apptainer links (libclient keygen/keypush/keysearch/keypull/sign/verify, see ../../shared/libclient and
# ../../shared/docs/keystore-protocol.md) plus curl for the refusals and the key management API.
#
#   conformance/keystore-conformance.sh BASE_URL ADMIN_TOKEN
#   e.g. conformance/keystore-conformance.sh http://127.0.0.1:18080 "$REGISTRY_ADMIN_TOKEN"
#
# Prints one line per check ("ok - ..." / "FAIL - ...: reason") and finishes with the line
# "N passed, M failed". Exit status 0 iff nothing failed (2 on a usage/setup error).
# It creates two users through the admin API (POST /api/admin/users, .../tokens) for ownership checks,
# and sets a collection's signature policy (PUT /api/collections/{e}/{c}, LISTED_KEYS) to check refused pushes.
#
# Environment: LIBCLIENT, SHARED_DIR, WORK, CONFORMANCE_WAIT, CONFORMANCE_KEEP=1, CONFORMANCE_VERBOSE=1
# as for library-conformance.sh. The registry must run with the default registry.keystore.add=authenticated.
set -uo pipefail

SUITE=keystore-conformance
# shellcheck source=conformance/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# add_key TOKEN FILE: POST /pks/add with the file as keytext, as the client does (form-encoded)
add_key() {
  local args=(--data-urlencode "keytext@$2")
  [ "$1" = - ] || args+=(-H "Authorization: Bearer $1")
  http POST "$BASE/pks/add" "${args[@]}"
}
# dearmor FILE: the packets of an ASCII-armored key, base64 on one line (armor headers and CRC ignored)
dearmor() {
  python3 - "$1" <<'PY'
import sys
lines = open(sys.argv[1]).read().strip().splitlines()
body, started = [], False
for l in lines[1:]:
    if not started:
        started = l.strip() == ""
        continue
    if l.startswith("=") or l.startswith("-----END"):
        break
    body.append(l.strip())
print("".join(body))
PY
}

# ---------------------------------------------------------------------------------------------
# Setup
# ---------------------------------------------------------------------------------------------
for _ in $(seq 1 "${CONFORMANCE_WAIT:-60}"); do curl -sf "$BASE/version" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "$BASE/version" >/dev/null || die "$BASE/version does not answer"

echo "# keystore conformance against $BASE (run $RND)"
OWNER="ksowner$RND"
OTHER="ksother$RND"
new_user() {
  admin POST /api/admin/users "{\"username\":\"$1\",\"role\":\"USER\"}"
  [ "$ST" = 201 ] || { echo "create user $1: HTTP $ST $(head -c 300 "$T/body")"; return 1; }
  admin POST "/api/admin/users/$1/tokens" '{"name":"keystore-conformance","scope":"WRITE"}'
  [ "$ST" = 201 ] || { echo "token for $1: HTTP $ST $(head -c 300 "$T/body")"; return 1; }
  jf "$T/body" 'd["data"]["token"]' >"$T/token.$1" || return 1
}
t_users() { new_user "$OWNER" && new_user "$OTHER"; }
check "admin API creates two users with tokens" t_users || die "cannot create test users"
TOK=$(cat "$T/token.$OWNER")
OTHER_TOK=$(cat "$T/token.$OTHER")

NAME="Alice Keystore $RND"
EMAIL="alice-$RND@example.org"
t_keygen() {
  lc_expect 0 keygen "$NAME" "$EMAIL" "$T/alice" || return 1
  FP=$(sed -n 's/.*fingerprint=\([0-9A-F]\{40\}\).*/\1/p' "$T/lc.out")
  [ ${#FP} = 40 ] || { echo "no fingerprint in: $(cat "$T/lc.out")"; return 1; }
  lc_expect 0 keygen "Bob Keystore $RND" "bob-$RND@example.org" "$T/bob" 2048
}
check "libclient keygen makes two key pairs" t_keygen || die "cannot make keys"
KEYID=${FP:24:16}
SHORT=${FP:32:8}

# ---------------------------------------------------------------------------------------------
# Publishing
# ---------------------------------------------------------------------------------------------
t_push_anonymous() {
  lc_expect 1 keypush "$BASE" - "$T/alice.pub.asc" || return 1
  lc_err_has '401 Unauthorized' || return 1
  LIBCLIENT_KEY_AUTH=cli-remote lc_expect 1 keypush "$BASE" - "$T/alice.pub.asc" || return 1
  lc_err_has '401 Unauthorized'
}
check "keypush without a token (no header, or 'Bearer' alone) -> 401 refused" t_push_anonymous
check "keypush with a token" lc_expect 0 keypush "$BASE" "$TOK" "$T/alice.pub.asc"
check "keypush of the same key again is accepted (merged, not duplicated)" lc_expect 0 keypush "$BASE" "$TOK" "$T/alice.pub.asc"
t_listed_once() {
  http GET "$BASE/api/keys" -H "Authorization: Bearer $TOK"
  [ "$ST" = 200 ] || { echo "GET /api/keys: HTTP $ST"; return 1; }
  local n
  n=$(jf "$T/body" "len([k for k in d['data'] if k['fingerprint'] == '$FP' and k['owner'] == '$OWNER' and not k['revoked']])") || return 1
  [ "$n" = 1 ] || { echo "key listed $n times: $(head -c 400 "$T/body")"; return 1; }
  http GET "$BASE/api/keys" -H "Authorization: Bearer $OTHER_TOK"
  n=$(jf "$T/body" "len([k for k in d['data'] if k['fingerprint'] == '$FP'])") || return 1
  [ "$n" = 0 ] || { echo "another user sees the key among their keys"; return 1; }
}
check "GET /api/keys lists the key once for its owner, not for another user" t_listed_once

# ---------------------------------------------------------------------------------------------
# Search (op=index, options=mr) and pull (op=get)
# ---------------------------------------------------------------------------------------------
# found Q: keysearch Q lists exactly the pushed key with its user id
found() {
  lc_expect 0 keysearch "$BASE" - "$1" || return 1
  jf "$T/lc.out" "[k['keyid'] for k in d['keys']] == ['$FP'] and d['keys'][0]['uids'] == ['$NAME <$EMAIL>'] and d['keys'][0]['algo'] == '1' or exit(1)" >/dev/null ||
    { echo "search $1: $(head -c 400 "$T/lc.out")"; return 1; }
}
check "keysearch by text (part of the user id)" found "keystore $RND"
check "keysearch by e-mail address" found "$EMAIL"
check "keysearch by 8-hex short key id (0x$SHORT)" found "$SHORT"
check "keysearch by 16-hex key id (0x$KEYID)" found "$KEYID"
check "keysearch by 40-hex fingerprint" found "$FP"
check "keysearch by lower-case key id (sent without 0x)" found "${KEYID,,}"
t_search_none() {
  lc_expect 3 keysearch "$BASE" - "nobody-$RND-nowhere" || return 1
  lc_err_has '404'
}
check "keysearch with no match -> 404 (no matching keys)" t_search_none
t_search_bearer_only() { LIBCLIENT_KEY_AUTH=cli-remote found "$EMAIL"; }
check "keysearch with 'Authorization: Bearer' and no token is anonymous" t_search_bearer_only

t_pull() {
  lc_expect 0 keypull "$BASE" - "$1" "$T/pulled.asc" || return 1
  [ "$(dearmor "$T/pulled.asc")" = "$(dearmor "$T/alice.pub.asc")" ] ||
    { echo "pulled key packets differ from the pushed key"; return 1; }
}
check "keypull by 8-hex key id returns the pushed key" t_pull "$SHORT"
check "keypull by fingerprint returns the pushed key" t_pull "$FP"
check "keypull by lower-case fingerprint returns the pushed key" t_pull "${FP,,}"
t_pull_unknown() { lc_expect 3 keypull "$BASE" - "0000$SHORT${FP:0:28}" "$T/none.asc"; }
check "keypull of an unknown fingerprint -> 404" t_pull_unknown
t_signer_zero_dropped() {
  # verify asks with fmt %#x: leading zeros dropped; ask the same way for this key by hand
  local id
  id=$(printf '%x' "0x$KEYID")
  http GET "$BASE/pks/lookup?exact=on&op=get&search=0x$id"
  [ "$ST" = 200 ] || { echo "HTTP $ST for 0x$id"; return 1; }
  grep -q -- '-----BEGIN PGP PUBLIC KEY BLOCK-----' "$T/body" || { echo "not an armored key: $(head -c 200 "$T/body")"; return 1; }
  http GET "$BASE/pks/lookup?exact=on&op=get&search=0x00000000000001"
  expect_error 404
}
check "op=get by %#x key id answers the armored key; an unknown key id -> 404" t_signer_zero_dropped

# ---------------------------------------------------------------------------------------------
# Signed images: verify fetches the signer's key from the keystore by key id
# ---------------------------------------------------------------------------------------------
t_verify() {
  SIF_GROUP=1 bash "$SHARED/libclient/mksif.sh" "$T/s.sif" 3M "keystore-$RND" >/dev/null 2>"$T/mksif.err" ||
    { echo "mksif: $(cat "$T/mksif.err")"; return 1; }
  lc_expect 0 sign "$T/s.sif" "$T/alice.sec.asc" || return 1
  lc_expect 0 verify "$T/s.sif" "$BASE" || return 1
  grep -q "$FP" "$T/lc.out" || { echo "signer $FP not reported: $(head -c 300 "$T/lc.out")"; return 1; }
}
check "libclient verify of a signed SIF against the registry keystore" t_verify

# ---------------------------------------------------------------------------------------------
# Signature verdicts on the server: pushed images are verified against this keystore (signed,
# fingerprints, signature.verdict in the image JSON; search signed=true)
# ---------------------------------------------------------------------------------------------
CTR="$OWNER/signed$RND/sig$RND"
# image_is TAG EXPR [API_EXPR]: libclient get of CTR:TAG satisfies the python expression EXPR (signed,
# fingerprints), and GET /v1/images/CTR:TAG's data satisfies API_EXPR (the client drops "signature")
image_is() {
  lc_expect 0 get "$BASE" "$TOK" "$CTR:$1" || return 1
  jf "$T/lc.out" "($2) or exit(1)" >/dev/null || { echo "image $1: $(head -c 600 "$T/lc.out")"; return 1; }
  http GET "$BASE/v1/images/$CTR:$1?arch=amd64" -H "Authorization: Bearer $TOK"
  [ "$ST" = 200 ] || { echo "GET /v1/images/$CTR:$1: HTTP $ST $(head -c 300 "$T/body")"; return 1; }
  jf "$T/body" "(${3:-True}) or exit(1)" >/dev/null || { echo "image $1: $(head -c 600 "$T/body")"; return 1; }
}
t_push_signed() {
  lc_expect 0 push "$BASE" "$TOK" "$T/s.sif" "$CTR:alice" || return 1
  image_is alice "d['signed'] is True and d['fingerprints'] == ['$FP']" "'signature' not in d['data']"
}
check "a pushed SIF signed by a keystore key: get shows \"signed\": true and the signer's fingerprint" t_push_signed
t_search_signed() {
  lc_expect 0 search "$BASE" "$TOK" "sig$RND" - true || return 1
  jf "$T/lc.out" "[i['hash'] for i in d['image']] == ['sha256.$(sha256sum "$T/s.sif" | cut -c1-64)'] or exit(1)" >/dev/null ||
    { echo "search signed=true: $(head -c 600 "$T/lc.out")"; return 1; }
}
check "search with SIGNED=true lists the signed image" t_search_signed
t_push_tampered() {
  cp "$T/s.sif" "$T/t.sif" || return 1
  # one byte of the partition (offset 32768 in mksif.sh images) changed after signing
  python3 -c "import sys; f=open(sys.argv[1],'r+b'); f.seek(40000); b=f.read(1); f.seek(40000); f.write(bytes([b[0]^0xff]))" "$T/t.sif" || return 1
  lc_expect 0 push "$BASE" "$TOK" "$T/t.sif" "$CTR:tampered" || return 1
  image_is tampered "d['signed'] is False and not d.get('fingerprints')" \
    "d['data']['signature']['verdict'] == 'INVALID' and 'changed' in d['data']['signature']['reason']" || return 1
  lc_expect 0 search "$BASE" "$TOK" "sig$RND" - true || return 1
  jf "$T/lc.out" "len(d['image']) == 1 or exit(1)" >/dev/null || { echo "tampered image found as signed: $(head -c 600 "$T/lc.out")"; return 1; }
}
check "a signed image changed after signing is pushed but reported not valid (INVALID), not found as signed" t_push_tampered
t_late_key() {
  lc_expect 0 keygen "Carol Keystore $RND" "carol-$RND@example.org" "$T/carol" 2048 || return 1
  local cfp
  cfp=$(sed -n 's/.*fingerprint=\([0-9A-F]\{40\}\).*/\1/p' "$T/lc.out")
  SIF_GROUP=1 bash "$SHARED/libclient/mksif.sh" "$T/c.sif" 1M "carol-$RND" >/dev/null 2>"$T/mksif.err" ||
    { echo "mksif: $(cat "$T/mksif.err")"; return 1; }
  lc_expect 0 sign "$T/c.sif" "$T/carol.sec.asc" || return 1
  lc_expect 0 push "$BASE" "$TOK" "$T/c.sif" "$CTR:carol" || return 1
  image_is carol "d['signed'] is False" \
    "d['data']['signature']['verdict'] == 'UNKNOWN_KEY' and '$cfp' in d['data']['signature']['reason']" || return 1
  lc_expect 0 keypush "$BASE" "$TOK" "$T/carol.pub.asc" || return 1
  image_is carol "d['signed'] is True and d['fingerprints'] == ['$cfp']" "'signature' not in d['data']"
}
check "an image signed by a key not yet in the keystore is UNKNOWN_KEY, and valid once the key is pushed" t_late_key

# ---------------------------------------------------------------------------------------------
# Signature policy per collection (docs/signatures.md): LISTED_KEYS refuses an unsigned push and one
# signed by an unlisted key, with the reason in the client's error; the listed signer's image goes in
# ---------------------------------------------------------------------------------------------
POLC="policy$RND"
POL="$OWNER/$POLC/box$RND"
t_policy_set() {
  SIF_GROUP=1 bash "$SHARED/libclient/mksif.sh" "$T/u1.sif" 1M "unsigned1-$RND" >/dev/null 2>"$T/mksif.err" &&
    SIF_GROUP=1 bash "$SHARED/libclient/mksif.sh" "$T/u2.sif" 1M "unsigned2-$RND" >/dev/null 2>"$T/mksif.err" ||
    { echo "mksif: $(cat "$T/mksif.err")"; return 1; }
  lc_expect 0 push "$BASE" "$TOK" "$T/u1.sif" "$POL:before" || return 1
  http PUT "$BASE/api/collections/$OWNER/$POLC" -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
    --data-binary "{\"signaturePolicy\":\"LISTED_KEYS\",\"signerKeys\":[\"$FP\"]}"
  expect_status 200 || return 1
  jf "$T/body" "(d['data']['signaturePolicy'] == 'LISTED_KEYS' and d['data']['signerKeys'] == ['$FP']) or exit(1)" >/dev/null ||
    { echo "policy not set: $(head -c 400 "$T/body")"; return 1; }
}
check "the collection's owner sets signature policy LISTED_KEYS with Alice's fingerprint" t_policy_set
t_policy_unsigned() {
  lc push "$BASE" "$TOK" "$T/u2.sif" "$POL:latest"
  [ "$LC_RC" != 0 ] || { echo "the unsigned push succeeded"; return 1; }
  lc_err_has "requires images signed by one of its listed keys; this image is unsigned" || return 1
  http GET "$BASE/v1/images/$POL:latest?arch=amd64" -H "Authorization: Bearer $TOK"
  expect_error 404
}
check "libclient push of an unsigned image is refused (non-zero exit, the reason shown); the tag does not exist" t_policy_unsigned
t_policy_unlisted() {
  lc push "$BASE" "$TOK" "$T/c.sif" "$POL:carol"
  [ "$LC_RC" != 0 ] || { echo "the push signed by an unlisted key succeeded"; return 1; }
  lc_err_has "this image is signed by [0-9A-F]{40}, which is not listed"
}
check "libclient push of an image validly signed by a key that is not listed is refused with the reason" t_policy_unlisted
t_policy_listed() {
  lc_expect 0 push "$BASE" "$TOK" "$T/s.sif" "$POL:latest" || return 1
  lc_expect 0 pull "$BASE" "$TOK" "$POL:latest" "$T/pol-back.sif" || return 1
  cmp -s "$T/s.sif" "$T/pol-back.sif" || { echo "pulled bytes differ from the pushed ones"; return 1; }
  lc_expect 0 get "$BASE" "$TOK" "$POL:latest" || return 1
  jf "$T/lc.out" "(d['signed'] is True and d['fingerprints'] == ['$FP']) or exit(1)" >/dev/null ||
    { echo "image: $(head -c 400 "$T/lc.out")"; return 1; }
}
check "libclient push of the image signed by the listed key succeeds; pulled back byte for byte" t_policy_listed

# ---------------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------------
t_private() {
  add_key "$TOK" "$T/alice.sec.asc"
  expect_error 400 'secret|private'
}
check "POST /pks/add of a private key -> 400" t_private
t_garbage() {
  printf 'this is not a key' >"$T/garbage.asc"
  add_key "$TOK" "$T/garbage.asc"
  expect_error 400 || return 1
  { echo '-----BEGIN PGP PUBLIC KEY BLOCK-----'; echo; echo 'bm90IGEga2V5IGF0IGFsbA=='; echo '=AAAA';
    echo '-----END PGP PUBLIC KEY BLOCK-----'; } >"$T/garbage.asc"
  add_key "$TOK" "$T/garbage.asc"
  expect_error 400 || return 1
  http POST "$BASE/pks/add" -H "Authorization: Bearer $TOK" -d ''
  expect_error 400 'keytext'
}
check "POST /pks/add of garbage, a broken armor, no keytext -> 400" t_garbage
t_two() {
  cat "$T/alice.pub.asc" "$T/bob.pub.asc" >"$T/two.asc"
  add_key "$TOK" "$T/two.asc"
  expect_error 400 'one key'
}
check "POST /pks/add of two keys in one request -> 400" t_two
t_lookup_faults() {
  http GET "$BASE/pks/lookup?op=nothing&search=alice"
  expect_error 400 || return 1
  http GET "$BASE/pks/lookup?op=index"
  expect_error 400 || return 1
  http GET "$BASE/pks/lookup?op=index&search=alice&x-pagesize=x"
  expect_error 400
}
check "lookup with a bad op, no search, a bad page size -> 400" t_lookup_faults

# ---------------------------------------------------------------------------------------------
# Ownership and revocation
# ---------------------------------------------------------------------------------------------
t_revoke_other() {
  http DELETE "$BASE/api/keys/$FP" -H "Authorization: Bearer $OTHER_TOK"
  expect_error 403 || return 1
  http DELETE "$BASE/api/keys/$FP"
  expect_error 401
}
check "another user (403) or nobody (401) cannot revoke the key" t_revoke_other
t_revoke() {
  http DELETE "$BASE/api/keys/$FP" -H "Authorization: Bearer $TOK"
  [ "$ST" = 200 ] || { echo "DELETE: HTTP $ST $(head -c 300 "$T/body")"; return 1; }
  jf "$T/body" "d['data']['revoked'] is True or exit(1)" >/dev/null || { echo "not revoked: $(head -c 300 "$T/body")"; return 1; }
  lc_expect 3 keypull "$BASE" - "$FP" "$T/revoked.asc" || return 1
  lc_expect 3 keysearch "$BASE" - "$EMAIL" || return 1
  http GET "$BASE/pks/lookup?exact=on&op=get&search=0x${KEYID,,}"
  expect_error 404
}
check "the owner revokes the key; lookups by fingerprint, text and key id then answer 404" t_revoke
t_republish_other() {
  lc_expect 1 keypush "$BASE" "$OTHER_TOK" "$T/alice.pub.asc" || return 1
  lc_err_has '409'
}
check "another user cannot publish the revoked key again (409)" t_republish_other
t_verify_revoked() {
  lc_expect 1 verify "$T/s.sif" "$BASE" || return 1
  lc_err_has 'unknown entity'
}
check "verify no longer finds the revoked signer in the keystore" t_verify_revoked
t_image_revoked() { image_is alice "d['signed'] is False" "d['data']['signature']['verdict'] == 'UNKNOWN_KEY'"; }
check "the image signed by the revoked key is no longer shown as signed (UNKNOWN_KEY)" t_image_revoked
t_republish_owner() {
  lc_expect 0 keypush "$BASE" "$TOK" "$T/alice.pub.asc" || return 1
  lc_expect 0 keypull "$BASE" - "$FP" "$T/back.asc"
}
check "the owner can publish the revoked key again" t_republish_owner
t_image_reinstated() { image_is alice "d['signed'] is True and d['fingerprints'] == ['$FP']"; }
check "the image is shown as signed again once its signer's key is reinstated" t_image_reinstated

echo "$PASSED passed, $FAILED failed"
SUMMARY_DONE=yes
[ "$FAILED" -eq 0 ]
