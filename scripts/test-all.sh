#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this), on a fresh machine with JDK 17 and Maven:
#   1. installs the Debian packages the tests need when missing (MariaDB server; Go, the apptainer
#      client library sources and siftool come with ../shared/libclient/build.sh) and starts MariaDB;
#   2. mvn verify: unit tests (*Test) and the Arquillian integration tests (*IT) on Payara Micro
#      against MariaDB;
#   3. two Payara Micro nodes started at once on one empty MariaDB database, behind nginx
#      (conformance/two-nodes.sh): with one storage directory (scheduled jobs included), then with
#      the blobs in one S3 bucket (S3Proxy) and only the upload area shared, one node proxying
#      pulls and the other redirecting them;
#   4. the real-client conformance suites against the flat WAR on Payara Micro with H2 (the default
#      start path, ./run.sh);
#   5. the library suite with the blobs in an S3 bucket served by S3Proxy (conformance/s3-conformance.sh:
#      pulls proxied, then redirected to presigned object URLs);
#   6. the same suites against the EAR on Payara Server full with MariaDB, deployed by
#      scripts/payara-server.sh exactly as an administrator would;
#   7. with both still running, the mirror suite: the EAR mirrors images pushed into the Micro
#      instance (import-library) and imports a collection bundle exported from it (import-bundle),
#      pulled back with the real client;
#   8. a backup of the EAR's registry restored into an empty database and storage
#      (conformance/backup-restore.sh).
# Environment: SHARED_DIR (default: the shared/ folder beside the repository), TEST_PORT_BASE.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
export SHARED_DIR="${SHARED_DIR:-$(cd "$repo/.." && pwd)/shared}"
work="$repo/target/test-all"
rm -rf "$work"
mkdir -p "$work"
step() { printf '\n=== %s (%s)\n' "$*" "$(date +%T)"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  if ((${#missing[@]})); then
    step "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
  fi
}

step "packages and MariaDB"
apt_install mariadb-server mariadb-client curl python3 openssl siftool chromium chromium-driver slapd ldap-utils nginx  # nginx: two-nodes.sh; siftool: SIF tests; chromium: browser tests (*PageIT); slapd: LDAP logins
if ! mariadb-admin -uroot -h127.0.0.1 --silent ping >/dev/null 2>&1 && ! mariadb-admin -uroot --silent ping >/dev/null 2>&1; then
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  for _ in $(seq 1 60); do mariadb-admin -uroot --silent ping >/dev/null 2>&1 && break; sleep 1; done
fi
# root may log in by unix socket only (a bare Debian install): the tests use a password user over TCP
mysql_root() { mariadb -uroot -h127.0.0.1 "$@" 2>/dev/null || as_root mariadb -uroot "$@"; }
for db in registry_it registry_srv registry_nodes registry_restore; do
  mysql_root -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
done
mysql_root -e "CREATE USER IF NOT EXISTS 'registry'@'localhost' IDENTIFIED BY 'registry';
  CREATE USER IF NOT EXISTS 'registry'@'127.0.0.1' IDENTIFIED BY 'registry';
  CREATE USER IF NOT EXISTS 'registry'@'%' IDENTIFIED BY 'registry';
  GRANT ALL ON registry_it.* TO 'registry'@'localhost'; GRANT ALL ON registry_it.* TO 'registry'@'127.0.0.1';
  GRANT ALL ON registry_it.* TO 'registry'@'%';
  GRANT ALL ON registry_srv.* TO 'registry'@'localhost'; GRANT ALL ON registry_srv.* TO 'registry'@'127.0.0.1';
  GRANT ALL ON registry_srv.* TO 'registry'@'%';
  GRANT ALL ON registry_nodes.* TO 'registry'@'localhost'; GRANT ALL ON registry_nodes.* TO 'registry'@'127.0.0.1';
  GRANT ALL ON registry_nodes.* TO 'registry'@'%';
  GRANT ALL ON registry_restore.* TO 'registry'@'localhost'; GRANT ALL ON registry_restore.* TO 'registry'@'127.0.0.1';
  GRANT ALL ON registry_restore.* TO 'registry'@'%'; FLUSH PRIVILEGES;"

# Debian's python3 for the scripts' JSON checks: a version manager's shim (pyenv) on the PATH costs
# seconds per call, minutes over a suite
if [ -x /usr/bin/python3 ]; then
  mkdir -p "$work/bin" && ln -sf /usr/bin/python3 "$work/bin/python3" && export PATH="$work/bin:$PATH"
fi

step "real client (libclient)"
export LIBCLIENT
LIBCLIENT=$(bash "$SHARED_DIR/libclient/build.sh" "$work/libclient" | tail -n 1)

step "unit and integration tests (Maven, integration tests on MariaDB)"
mvn -B -ntp verify -Pmariadb -Dit.ldap.required=true

step "two nodes: shared MariaDB and storage directory, nginx in front"
WORK="$work/two-nodes" TWO_NODES_PORT_BASE=19480 TWO_NODES_DB=registry_nodes conformance/two-nodes.sh

step "two nodes: shared MariaDB, blobs in one S3 bucket (S3Proxy), nginx in front"
WORK="$work/two-nodes-s3" TWO_NODES_STORAGE=s3 TWO_NODES_PORT_BASE=19484 TWO_NODES_DB=registry_nodes conformance/two-nodes.sh

step "conformance: flat WAR on Payara Micro with H2 (the ./run.sh path)"
micro_port=18080
micro_token="micro-$(openssl rand -hex 16)"
( REGISTRY_PORT=$micro_port REGISTRY_DATA_DIR="$work/micro-data" REGISTRY_ADMIN_TOKEN=$micro_token \
    ./run.sh --no-build > "$work/micro.log" 2>&1 ) &
micro_pid=$!
stop_micro() { kill "$micro_pid" 2>/dev/null || true; pkill -f "payara-micro.jar.*--port $micro_port" 2>/dev/null || true; }
trap 'stop_micro; scripts/payara-server.sh stop >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$micro_port/version" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "http://127.0.0.1:$micro_port/version" >/dev/null || { tail -n 80 "$work/micro.log"; exit 1; }
conformance/library-conformance.sh "http://127.0.0.1:$micro_port" "$micro_token"
conformance/keystore-conformance.sh "http://127.0.0.1:$micro_port" "$micro_token"
conformance/permissions-conformance.sh "http://127.0.0.1:$micro_port" "$micro_token"
# Micro keeps running: it is the source of the mirror step below (the EXIT trap stops it)

step "conformance: flat WAR with the blobs in S3 (S3Proxy), pulls proxied and redirected"
S3_WORK="$work/s3" conformance/s3-conformance.sh

step "conformance: EAR on Payara Server full with MariaDB"
export REGISTRY_PORT=28080 PAYARA_ADMIN_PORT=24848 PAYARA_HOME="$work/payara"
export REGISTRY_DATA_DIR="$work/server-data"
export REGISTRY_DB_CLASS=org.mariadb.jdbc.MariaDbDataSource
export REGISTRY_DB_URL=jdbc:mariadb://127.0.0.1:3306/registry_srv REGISTRY_DB_USER=registry REGISTRY_DB_PASSWORD=registry
export REGISTRY_ADMIN_TOKEN="server-$(openssl rand -hex 16)" REGISTRY_ADMIN_PASSWORD="pw-$(openssl rand -hex 12)"
scripts/payara-server.sh up registry-ear/target/registry.ear
conformance/library-conformance.sh "http://127.0.0.1:$REGISTRY_PORT" "$REGISTRY_ADMIN_TOKEN"
conformance/keystore-conformance.sh "http://127.0.0.1:$REGISTRY_PORT" "$REGISTRY_ADMIN_TOKEN"
conformance/permissions-conformance.sh "http://127.0.0.1:$REGISTRY_PORT" "$REGISTRY_ADMIN_TOKEN"
conformance/console-smoke.sh "http://127.0.0.1:$REGISTRY_PORT" admin "$REGISTRY_ADMIN_PASSWORD"

step "conformance: mirror from the Micro/H2 instance into the EAR on Payara Server (import-library, import-bundle)"
conformance/mirror-conformance.sh "http://127.0.0.1:$micro_port" "$micro_token" \
  "http://127.0.0.1:$REGISTRY_PORT" "$REGISTRY_ADMIN_TOKEN"
stop_micro

step "backup of the EAR's registry, restored into an empty database and storage"
WORK="$work/backup-restore" BACKUP_DB=registry_srv BACKUP_STORAGE="$REGISTRY_DATA_DIR/storage" \
  RESTORE_DB=registry_restore RESTORE_PORT=19490 \
  conformance/backup-restore.sh "http://127.0.0.1:$REGISTRY_PORT" "$REGISTRY_ADMIN_TOKEN"
scripts/payara-server.sh stop

step "all tests passed"
