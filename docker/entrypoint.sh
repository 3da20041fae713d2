#!/usr/bin/env bash
# Container entry point: configure the domain from the environment (REGISTRY_*), deploy the EAR,
# then follow server.log in the foreground; stop the domain cleanly on SIGTERM.
set -euo pipefail
script=/opt/registry/payara-server.sh
trap '"$script" stop; exit 0' TERM INT
"$script" configure
"$script" deploy /opt/registry/registry.ear
tail -n +1 -F "$PAYARA_HOME/glassfish/domains/domain1/logs/server.log" &
wait $!
