#!/usr/bin/env bash
# Rebuild and restart a local registry for development: scripts/dev-restart.sh [PORT] [DATA_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
port=${1:-8080} data=${2:-/tmp/reg1}
pkill -f "payara-micro.jar.*--port $port" && while pgrep -f "payara-micro.jar.*--port $port" >/dev/null; do sleep 1; done || true
mvn -q -o -B -DskipTests install 2>&1 | grep -E "ERROR" | head -20 || true
(REGISTRY_PORT=$port REGISTRY_DATA_DIR=$data REGISTRY_ADMIN_TOKEN=${REGISTRY_ADMIN_TOKEN:-admintoken123} ./run.sh --no-build > "$data.log" 2>&1 &)
for i in $(seq 1 90); do
  curl -sf "localhost:$port/version" >/dev/null 2>&1 && { echo "up after ${i}s"; exit 0; }
  sleep 1
done
echo "not up; see $data.log" >&2; exit 1
