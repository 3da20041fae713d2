# Shared by the conformance suites (library-conformance.sh, keystore-conformance.sh): argument
# handling, the work directory and its cleanup, check/ok/notok with the closing summary, JSON and
# curl helpers, and finding (or building) libclient. Source it after setting SUITE; it reads the
# script's arguments BASE_URL ADMIN_TOKEN from "$@".
# shellcheck shell=bash
usage() { echo "usage: $0 BASE_URL ADMIN_TOKEN" >&2; exit 2; }
[ $# -eq 2 ] || usage
BASE=${1%/}
ADMIN_TOKEN=$2
[ -n "$BASE" ] && [ -n "$ADMIN_TOKEN" ] || usage

HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED_DIR:-$(cd "$HERE/../.." && pwd)/shared}
RND=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')

if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK" || exit 2
  WORK=$(cd "$WORK" && pwd)
  T="$WORK/run-$RND"
  CLEAN="$T"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$SUITE.XXXXXX") || exit 2
  T="$WORK/run-$RND"
  CLEAN="$WORK"
fi
mkdir -p "$T"
BG_PIDS=()
SUMMARY_DONE=no
exec 3>&1
cleanup() {
  local rc=$? p
  if [ "$SUMMARY_DONE" = no ] && [ -n "${PASSED:-}" ]; then
    # the suite died in the middle (interrupt, bug in this script): never end without a summary
    # fd 3 is the original stdout: the trap may fire inside a check whose output is redirected
    echo "FAIL - suite aborted (exit status $rc) before all checks ran" >&3
    echo "$PASSED passed, $((FAILED + 1)) failed" >&3
    [ "$rc" -ne 0 ] || rc=1
  fi
  for p in ${BG_PIDS[@]+"${BG_PIDS[@]}"}; do kill "$p" 2>/dev/null || true; done
  # wait until they are gone (a Payara node takes seconds to stop), so that the next suite finds
  # their ports free; what is still running after 60 s is killed
  for p in ${BG_PIDS[@]+"${BG_PIDS[@]}"}; do
    for _ in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$p" 2>/dev/null || true
  done
  if [ "${CONFORMANCE_KEEP:-}" = 1 ]; then echo "# kept $T" >&2; else rm -rf "$CLEAN"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Output and assertion helpers
# ---------------------------------------------------------------------------------------------
PASSED=0
FAILED=0
SUMMARY_DONE=no
ok() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
notok() { FAILED=$((FAILED + 1)); echo "FAIL - $1${2:+: $2}"; }

# check NAME CMD [ARGS...]: run CMD in this shell (so it may set variables); ok iff it returns 0.
# Whatever CMD prints is the failure reason (last lines only, unless CONFORMANCE_VERBOSE=1).
check() {
  local name=$1 why
  shift
  if "$@" >"$T/why" 2>&1; then
    ok "$name"
    return 0
  fi
  if [ "${CONFORMANCE_VERBOSE:-}" = 1 ]; then
    why=$(cat "$T/why")
  else
    why=$(tail -n 4 "$T/why" | cut -c1-400 | tr '\n' ' ' | sed 's/ *$//')
  fi
  notok "$name" "${why:-failed}"
  return 1
}
# skip NAME REASON: a check that could not run counts as failed (a conformance suite must not go green)
skip() { notok "$1" "not run: $2"; }
say() { echo "$*"; }
# note TEXT: an observation that is not a failure; printed before the summary
note() { echo "# note: $*" >>"$T/notes"; }
die() { echo "$SUITE: $*" >&2; exit 2; }

# jf FILE EXPR: evaluate the python expression EXPR on the JSON document d read from FILE; strings are
# printed raw, other values as JSON. Fails if the file is not JSON or the expression raises.
jf() {
  python3 - "$1" "$2" <<'PY'
import json, re, sys
try:
    d = json.load(open(sys.argv[1]))
    v = eval(sys.argv[2], {"d": d, "json": json, "re": re})
except Exception as e:
    sys.stderr.write("json: %s: %s\n" % (sys.argv[2], e)); sys.exit(1)
print(v if isinstance(v, str) else json.dumps(v))
PY
}
# snip FILE [N]: the first N (default 300) bytes of FILE on one line, JSON compacted, non-printables escaped
snip() {
  python3 - "$1" "${2:-300}" <<'PY'
import json, sys
try:
    b = open(sys.argv[1], "rb").read()
except OSError:
    b = b""
try:
    t = json.dumps(json.loads(b), separators=(",", ":"))
except Exception:
    t = b[: int(sys.argv[2]) * 2].decode("utf-8", "backslashreplace")
t = "".join(c if c.isprintable() else "\\x%02x" % ord(c) if ord(c) < 256 else c for c in t)
print(t[: int(sys.argv[2])] + ("..." if len(t) > int(sys.argv[2]) else ""))
PY
}
# jtrue FILE EXPR [WHAT]: succeed iff the python expression on d is truthy
jtrue() {
  local v
  v=$(jf "$1" "bool($2)") || { echo "${3:-$2}: cannot evaluate on $(snip "$1" 300)"; return 1; }
  [ "$v" = true ] || { echo "${3:-$2} is false; document: $(snip "$1" 400)"; return 1; }
}

# ---------------------------------------------------------------------------------------------
# libclient
# ---------------------------------------------------------------------------------------------
LC_RC=0
# lc ARGS...: run libclient; stdout -> $T/lc.out, stderr -> $T/lc.err; sets LC_RC, returns it
lc() {
  LC_RC=0
  LIBCLIENT_TIMEOUT=${LIBCLIENT_TIMEOUT:-300} "$LIBCLIENT" "$@" >"$T/lc.out" 2>"$T/lc.err" || LC_RC=$?
  return "$LC_RC"
}
lc_why() {
  local msg
  msg=$(tr '\n' ' ' <"$T/lc.err" | cut -c1-400)
  [ -n "$msg" ] || msg="(stdout) $(tr '\n' ' ' <"$T/lc.out" | cut -c1-300)"
  echo "libclient $1 exited $LC_RC: $msg"
}
# lc_expect RC ARGS...: run libclient and require exit status RC
lc_expect() {
  local want=$1
  shift
  lc "$@"
  [ "$LC_RC" = "$want" ] && return 0
  echo "expected exit $want; $(lc_why "$1")"
  return 1
}
# lc_err_has REGEX: libclient's stderr matches REGEX (extended, case-insensitive)
lc_err_has() {
  grep -Eqi -- "$1" "$T/lc.err" && return 0
  echo "libclient message does not match /$1/: $(tr '\n' ' ' <"$T/lc.err" | cut -c1-400)"
  return 1
}
# same_file A B: byte-identical
same_file() {
  cmp -s "$1" "$2" && return 0
  echo "$2 differs from $1 ($(stat -c %s "$1" 2>/dev/null || echo '?') vs $(stat -c %s "$2" 2>/dev/null || echo '?') bytes)"
  return 1
}
# pulled_ok CMD REF ORIG TOKEN [EXTRA...]: pull REF with libclient CMD into a fresh file and cmp it with ORIG
pulled_ok() {
  local cmd=$1 ref=$2 orig=$3 tok=$4 out="$T/pulled.$RANDOM"
  shift 4
  lc_expect 0 "$cmd" "$BASE" "$tok" "$ref" "$out" "$@" || return 1
  if [ "$cmd" = clipull ]; then grep -q 'hash-check=ok' "$T/lc.out" || { echo "no hash-check=ok"; return 1; }; fi
  same_file "$orig" "$out" || return 1
  rm -f "$out"
}
# get_image REF [TOKEN]: libclient get REF into $T/img.json
get_image() { lc_expect 0 get "$BASE" "${2:--}" "$1" && cp "$T/lc.out" "$T/img.json"; }

sha_of() { sha256sum "$1" | cut -c1-64; }
# slice FILE OFFSET LENGTH OUT: copy LENGTH bytes of FILE starting at OFFSET into OUT
slice() { dd if="$1" of="$4" bs=1M iflag=skip_bytes,count_bytes skip="$2" count="$3" status=none; }
# mk NAME SIZE: make a valid SIF $T/NAME.sif of SIZE with a seed unique to this run
mk() {
  bash "$SHARED/libclient/mksif.sh" "$T/$1.sif" "$2" "conformance-$RND-$1" >/dev/null 2>"$T/mksif.err" ||
    { echo "mksif.sh $1 $2 failed: $(cat "$T/mksif.err")"; return 1; }
}

# ---------------------------------------------------------------------------------------------
# curl
# ---------------------------------------------------------------------------------------------
ST=000
# http METHOD URL [CURL ARGS...]: body -> $T/body, headers -> $T/hdr, status -> $ST
http() {
  local m=$1 u=$2
  shift 2
  : >"$T/body"
  : >"$T/hdr"
  ST=$(curl -sS --max-time 300 -o "$T/body" -D "$T/hdr" -w '%{http_code}' -X "$m" "$@" "$u" 2>"$T/curl.err") || ST=000
}
# api METHOD PATH [JSON|@FILE|-] [TOKEN|-]: a library API call as the client makes it (no Content-Type,
# "Authorization: BEARER token")
api() {
  local m=$1 p=$2 body=${3:--} tok=${4:--} args=()
  [ "$tok" = - ] || args+=(-H "Authorization: BEARER $tok")
  [ "$body" = - ] || args+=(-H 'Content-Type:' --data-binary "$body")
  http "$m" "$BASE$p" ${args[@]+"${args[@]}"}
}
# admin METHOD PATH JSON: admin JSON API call with the staff token
admin() { http "$1" "$BASE$2" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' --data-binary "$3"; }
# expect_status CODE [CODE...]: the last response had one of these statuses (CODE may be a comma list)
expect_status() {
  local c
  for c in ${*//,/ }; do [ "$ST" = "$c" ] && return 0; done
  echo "HTTP $ST (expected $*): $(snip "$T/body" 400)"
  [ "$ST" = 000 ] && cat "$T/curl.err"
  return 1
}
# expect_error CODE[,CODE..] [REGEX]: status CODE and body {"error":{"code":CODE,"message":"..."}} (message ~ REGEX)
expect_error() {
  expect_status "$1" || return 1
  python3 - "$T/body" "$ST" "${2:-}" <<'PY'
import json, re, sys
body = open(sys.argv[1], "rb").read()
try:
    d = json.loads(body)
    e = d["error"]
    assert isinstance(e["code"], int) and e["code"] == int(sys.argv[2]), "error.code %r" % (e.get("code"),)
    assert isinstance(e["message"], str) and e["message"], "empty error.message"
    if sys.argv[3]:
        assert re.search(sys.argv[3], e["message"], re.I), "message %r does not match /%s/" % (e["message"], sys.argv[3])
except Exception as ex:
    print("not the error envelope for %s (%s): %r" % (sys.argv[2], ex, body[:300]))
    sys.exit(1)
PY
}
# header NAME: value of a response header of the last request (last occurrence, CR stripped)
header() { grep -i "^$1:" "$T/hdr" | tail -n 1 | cut -d: -f2- | sed 's/^ *//; s/\r$//'; }
body_field() { jf "$T/body" "$1"; }

# ---------------------------------------------------------------------------------------------
# Setup
# ---------------------------------------------------------------------------------------------
command -v curl >/dev/null || die "curl is required"
command -v python3 >/dev/null || die "python3 is required"
[ -f "$SHARED/libclient/mksif.sh" ] || die "no $SHARED/libclient/mksif.sh (set SHARED_DIR)"

if [ -n "${LIBCLIENT:-}" ]; then
  [ -x "$LIBCLIENT" ] || die "LIBCLIENT=$LIBCLIENT is not executable"
elif [ -x "$WORK/libclient/libclient" ]; then
  LIBCLIENT="$WORK/libclient/libclient"
elif [ -x "${TMPDIR:-/tmp}/libclient/libclient" ]; then
  LIBCLIENT="${TMPDIR:-/tmp}/libclient/libclient"
else
  echo "# building libclient into $WORK/libclient" >&2
  bash "$SHARED/libclient/build.sh" "$WORK/libclient" >"$T/build.log" 2>&1 ||
    { cat "$T/build.log" >&2; die "building libclient failed"; }
  LIBCLIENT="$WORK/libclient/libclient"
fi
