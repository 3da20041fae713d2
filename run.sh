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

# --nocluster: a stand-alone node; several nodes share state through the database and storage.
exec java ${REGISTRY_JAVA_OPTS:--Xmx1g} -jar "$micro" \
  --deploy "$war" --contextroot / \
  --port "$REGISTRY_PORT" \
  --nocluster \
  --rootdir "$REGISTRY_DATA_DIR/payara-micro" \
  --prebootcommandfile scripts/micro-listener.asadmin \
  "${log_options[@]}"
