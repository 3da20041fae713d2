#!/usr/bin/env bash
# The real-client conformance suite against the flat WAR on Payara Micro with its blobs in an
# S3-compatible object store (REGISTRY_STORAGE_BACKEND=s3), served by S3Proxy from Maven Central:
#   1. REGISTRY_S3_PULLS=proxy: the whole library-conformance.sh; afterwards the storage folder
#      holds no blob file and the bucket holds the blobs;
#   2. REGISTRY_S3_PULLS=redirect (same database and bucket): push, every pull flavour following the
#      303 to a presigned object URL, and download accounting (CONFORMANCE_PART=pulls).
#
#   conformance/s3-conformance.sh            build nothing; uses registry-micro/target (mvn install first)
#
# Environment: S3_WORK (default target/s3-conformance), S3PROXY_PORT (default 18190),
# REGISTRY_PORT (default 18180), S3_RUNS (default "proxy redirect": which of the two runs),
# LIBCLIENT and SHARED_DIR as for library-conformance.sh.
# Exit status 0 iff both runs passed and the blobs were where they belong.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
work=${S3_WORK:-$repo/target/s3-conformance}
s3port=${S3PROXY_PORT:-18190}
port=${REGISTRY_PORT:-18180}
bucket=sif-blobs
prefix=conformance/
rm -rf "$work"
mkdir -p "$work"
say() { printf '\n# s3-conformance: %s (%s)\n' "$*" "$(date +%T)"; }
fail() { echo "FAIL - $*"; exit 1; }

for port_in_use in "$s3port" "$port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port_in_use") 2>/dev/null; then
    echo "s3-conformance: port $port_in_use is in use (set S3PROXY_PORT / REGISTRY_PORT)" >&2
    exit 2
  fi
done

say "S3Proxy from Maven Central"
# shellcheck source=conformance/s3proxy.sh
. conformance/s3proxy.sh
S3PROXY_PID=
registry_pid=
stop_registry() {
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
    registry_pid=
  fi
}
trap 'stop_registry; [ -z "$S3PROXY_PID" ] || kill "$S3PROXY_PID" 2>/dev/null || true' EXIT
s3proxy_start "$work" "$s3port" "$bucket" || fail "S3Proxy did not start"
secret=$S3PROXY_SECRET

token="s3-$(openssl rand -hex 16)"
start_registry() {
  local pulls=$1
  # a fresh Payara Micro runtime folder: one kept from the first run boots the old deployment and
  # then redeploys it, and the registry answers in between; the database and storage stay
  rm -rf "$work/data/payara-micro"
  REGISTRY_PORT=$port REGISTRY_DATA_DIR="$work/data" REGISTRY_ADMIN_TOKEN=$token \
    REGISTRY_STORAGE_BACKEND=s3 REGISTRY_S3_ENDPOINT="http://127.0.0.1:$s3port" REGISTRY_S3_BUCKET=$bucket \
    REGISTRY_S3_ACCESS_KEY=$S3PROXY_IDENTITY REGISTRY_S3_SECRET_KEY=$secret REGISTRY_S3_PREFIX=$prefix \
    REGISTRY_S3_PULLS=$pulls ./run.sh --no-build > "$work/registry-$pulls.log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$port/version" >/dev/null 2>&1 && break; sleep 1; done
  curl -sf "http://127.0.0.1:$port/version" >/dev/null || { tail -n 80 "$work/registry-$pulls.log"; fail "the registry did not start"; }
  # readiness names the bucket and finds it
  local ready
  ready=$(curl -s "http://127.0.0.1:$port/health/ready")
  [[ $ready == *'"blobs":"UP: s3 bucket '$bucket* ]] || fail "readiness does not report the bucket: $ready"
  echo "ok - readiness reports the bucket: UP: s3 bucket $bucket"
}

runs=${S3_RUNS:-proxy redirect}
if [[ " $runs " == *" proxy "* ]]; then
say "REGISTRY_S3_PULLS=proxy: the whole library conformance suite"
start_registry proxy
conformance/library-conformance.sh "http://127.0.0.1:$port" "$token"

# the blobs are objects in the bucket, not files in the storage folder
files=$(find "$work/data/storage" -path '*/blobs/*' -type f | wc -l)
[ "$files" -eq 0 ] || fail "the storage folder holds $files blob file(s): $(find "$work/data/storage" -path '*/blobs/*' -type f | head -3)"
echo "ok - the storage folder holds no blob files"
objects=$(find "$work/s3data/$bucket/${prefix}blobs/sha256" -type f 2>/dev/null | grep -cE '/[0-9a-f]{2}/[0-9a-f]{64}$' || true)
[ "$objects" -ge 5 ] || fail "the bucket holds $objects blob object(s), expected the pushed images"
echo "ok - the bucket holds $objects blob objects under ${prefix}blobs/sha256/"
stop_registry
fi

if [[ " $runs " == *" redirect "* ]]; then
say "REGISTRY_S3_PULLS=redirect: push and every pull flavour through presigned object URLs"
start_registry redirect
CONFORMANCE_PART=pulls CONFORMANCE_PULLS=presigned conformance/library-conformance.sh "http://127.0.0.1:$port" "$token"
stop_registry
fi
say "passed"
