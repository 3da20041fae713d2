#!/usr/bin/env bash
# Start the registry on Payara Micro, on the embedded default (H2 database and blob storage under
# one data directory), after building it. Needs JDK 17 and Maven only.
#
#   ./run.sh               build, then start on http://localhost:${REGISTRY_PORT:-8080}
#   ./run.sh --no-build    start what was built last
#
# Every REGISTRY_* variable of the README's configuration table applies, e.g.
#   REGISTRY_PORT=9000 REGISTRY_DATA_DIR=/srv/sif ./run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export REGISTRY_PORT="${REGISTRY_PORT:-8080}"
export REGISTRY_DATA_DIR="${REGISTRY_DATA_DIR:-$PWD/data}"
mkdir -p "$REGISTRY_DATA_DIR"
REGISTRY_DATA_DIR="$(cd "$REGISTRY_DATA_DIR" && pwd)"

if [ "${1:-}" != "--no-build" ]; then
  mvn -q -B -DskipTests package -pl registry-micro -am
fi

war=registry-micro/target/registry.war
micro=registry-micro/target/payara-micro.jar
[ -f "$war" ] && [ -f "$micro" ] || { echo "run.sh: $war or $micro missing; run without --no-build" >&2; exit 1; }

# Payara Micro starts without HTTP when the port is taken, so check first
if (exec 3<>"/dev/tcp/127.0.0.1/$REGISTRY_PORT") 2>/dev/null; then
  echo "run.sh: port $REGISTRY_PORT is in use; stop what runs there or set REGISTRY_PORT" >&2
  exit 1
fi

# REGISTRY_LOG_FORMAT=json: one JSON object per log record on standard output, for log shippers
log_options=()
case "${REGISTRY_LOG_FORMAT:-text}" in
  text) ;;
  json) log_options=(--logproperties scripts/micro-logging-json.properties) ;;
  *) echo "run.sh: REGISTRY_LOG_FORMAT must be text or json, not '$REGISTRY_LOG_FORMAT'" >&2; exit 1 ;;
esac

# On MariaDB the batch job repository goes into the registry's database too (as with
# scripts/payara-server.sh), so that every node sees every job execution (docs/operations.md,
# "Several nodes"): a server-level pool needs the driver on Micro's class path (--addlibs, taken
# from the WAR) and is created after boot, before the deployment.
batch_options=()
if [[ "${REGISTRY_DB_URL:-}" == jdbc:mariadb:* || "${REGISTRY_DB_URL:-}" == jdbc:mysql:* ]]; then
  db="${REGISTRY_DB_URL#*://}"; db="${db#*/}"; db="${db%%[?;]*}"
  [ -n "$db" ] || { echo "run.sh: REGISTRY_DB_URL names no database: $REGISTRY_DB_URL" >&2; exit 1; }
  url="$REGISTRY_DB_URL"
  if [[ "$url" != *useMysqlMetadata=* ]]; then
    [[ "$url" == *\?* ]] && url="$url&useMysqlMetadata=true" || url="$url?useMysqlMetadata=true"
  fi
  lib="$REGISTRY_DATA_DIR/payara-micro-lib"
  mkdir -p "$lib"
  driver=$(unzip -Z1 "$war" 'WEB-INF/lib/mariadb-java-client-*.jar' | head -n 1)
  [ -n "$driver" ] || { echo "run.sh: no MariaDB driver in $war" >&2; exit 1; }
  unzip -o -q -j "$war" "$driver" -d "$lib"
  # asadmin takes ':' as the property separator: escape it (and '=') in the values
  esc() { printf '%s' "$1" | sed 's/[:=]/\\&/g'; }
  cat > "$lib/batch-repository.asadmin" <<ASADMIN
create-jdbc-connection-pool --datasourceclassname org.mariadb.jdbc.MariaDbDataSource --restype javax.sql.DataSource --isconnectvalidatereq=true --validationmethod=meta-data --property url=$(esc "$url"):user=$(esc "${REGISTRY_DB_USER:-registry}"):password=$(esc "${REGISTRY_DB_PASSWORD:-registry}") registry-batch-pool
create-jdbc-resource --connectionpoolid registry-batch-pool jdbc/registry-batch
set-batch-runtime-configuration --datasourcelookupname jdbc/registry-batch --schemaname $db
ASADMIN
  batch_options=(--addlibs "$lib/$(basename "$driver")" --postbootcommandfile "$lib/batch-repository.asadmin")
fi

# Payara Micro records a deployed application in its root directory and deploys it again at the
# next start, before --deploy replaces it: on a restart the registry started twice (the old WAR
# first), answered for a moment and then 404 while it was redeployed. Forget that record, so a
# restart deploys the WAR given here once. (The root directory keeps the rest: the batch job
# repository of the embedded default, and the server's own configuration.)
rootdir="$REGISTRY_DATA_DIR/payara-micro"
if [ -f "$rootdir/config/domain.xml" ]; then
  sed -i -e '/<application [^>]*name="registry"/,/<\/application>/d' -e '/<application-ref [^>]*ref="registry"/d' \
    "$rootdir/config/domain.xml"
  rm -rf "$rootdir/applications/registry" "$rootdir/applications/__internal/registry" "$rootdir"/generated/*/registry
fi

# --nohazelcast: a stand-alone node without Payara's Hazelcast data grid; several nodes share state
# through the database and storage. (--nocluster still starts Hazelcast, which can join the grid of
# another Payara on the same host, and costs 2 to 3 s of start-up: BENCHMARKS.md, Run 5.)
exec java ${REGISTRY_JAVA_OPTS:--Xmx1g} -jar "$micro" \
  --deploy "$war" --contextroot / \
  --port "$REGISTRY_PORT" \
  --nohazelcast \
  --rootdir "$rootdir" \
  --prebootcommandfile scripts/micro-listener.asadmin \
  "${batch_options[@]}" \
  "${log_options[@]}"
