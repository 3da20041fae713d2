#!/usr/bin/env bash
# payara-server.sh: install, configure and run the registry EAR on Payara Server full 6.
#
# Usage: scripts/payara-server.sh COMMAND [ARG]
#   install         fetch Payara Server (fish.payara.distributions:payara:$PAYARA_VERSION:zip) with
#                   Maven and unzip it to $PAYARA_HOME; does nothing if it is already there
#   configure       start the domain if needed and apply the registry's settings (idempotent):
#                   ports, HTTP listener limits for multi-GB uploads, heap, a private data grid
#                   name, and, when REGISTRY_DB_URL is a MariaDB URL, a JDBC pool + resource for
#                   the Jakarta Batch job repository; restarts the domain only when a change needs it
#   deploy EAR      deploy or redeploy EAR (starts the domain if stopped), then wait until
#                   GET /version answers 200
#   up EAR          install + configure + deploy EAR: from nothing to a running registry
#   undeploy        remove the application
#   start | stop | restart | status
#                   the domain (restart = stop + start, so the server takes the current environment)
#   logs [-f|N]     show the last N (default 100) lines of server.log, or follow it with -f
#
# Environment (defaults in brackets):
#   PAYARA_HOME        Payara installation root, the folder holding bin/asadmin [<repo>/target/payara]
#   PAYARA_VERSION     [6.2025.10]          PAYARA_DOMAIN   [domain1]
#   PAYARA_ADMIN_PORT  admin (asadmin/console) port [4848]
#   REGISTRY_PORT      HTTP port of the registry (listener http-listener-1) [8080]
#   REGISTRY_LOG_FORMAT  server.log format: text (ODL) or json (one JSON object per record) [text]
#   PAYARA_HEAP        maximum heap, -Xmx [2g]
#   PAYARA_CLUSTER_NAME  private Hazelcast cluster name [registry-<host>-<admin port>]
#   PAYARA_PASSWORD_FILE  asadmin password file, if the admin user has a password [none]
#   DEPLOY_TIMEOUT     seconds to wait for GET /version after deploy [300]
#   MVN                Maven command used to fetch artifacts [mvn]
#   REGISTRY_*         read by the application from the server's environment (REGISTRY_DATA_DIR,
#                      REGISTRY_DB_CLASS/_URL/_USER/_PASSWORD, REGISTRY_PUBLIC_URL, REGISTRY_ADMIN_*).
#                      The server keeps the environment it was started with. `configure` saves them
#                      (and both ports) to <domain>/config/registry.env, restarting when they changed;
#                      later commands take from that file what the caller's environment does not set.
# docs/payara-server.md explains every step and setting.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAYARA_VERSION="${PAYARA_VERSION:-6.2025.10}"
PAYARA_HOME="${PAYARA_HOME:-$REPO_DIR/target/payara}"
PAYARA_DOMAIN="${PAYARA_DOMAIN:-domain1}"
DOMAIN_DIR="$PAYARA_HOME/glassfish/domains/$PAYARA_DOMAIN"
ENV_FILE="$DOMAIN_DIR/config/registry.env"

# `configure` saves REGISTRY_* and PAYARA_ADMIN_PORT to $ENV_FILE; every later command takes from it
# whatever the caller's environment does not set, so a restart from a fresh shell keeps the database.
if [[ -f "$ENV_FILE" ]]; then
    while IFS= read -r line; do
        [[ "$line" =~ ^(REGISTRY_[A-Z0-9_]+|PAYARA_ADMIN_PORT)= ]] || continue
        [[ -n "${!BASH_REMATCH[1]+set}" ]] || eval "export $line"   # values were written with %q
    done < "$ENV_FILE"
fi
PAYARA_ADMIN_PORT="${PAYARA_ADMIN_PORT:-4848}"
REGISTRY_PORT="${REGISTRY_PORT:-8080}"
PAYARA_HEAP="${PAYARA_HEAP:-2g}"
DEPLOY_TIMEOUT="${DEPLOY_TIMEOUT:-300}"
MVN="${MVN:-mvn}"
MARIADB_DRIVER="org.mariadb.jdbc:mariadb-java-client:3.5.7"
APP_NAME=registry
BATCH_POOL=registry-batch-pool
BATCH_JNDI=jdbc/registry-batch
BATCH_DEFAULT_JNDI=jdbc/__TimerPool   # Payara's own job repository (embedded H2)

DOMAIN_XML="$DOMAIN_DIR/config/domain.xml"
SERVER_LOG="$DOMAIN_DIR/logs/server.log"
CFG=configs.config.server-config
HTTP="$CFG.network-config.protocols.protocol.http-listener-1.http"
TCP="$CFG.network-config.transports.transport.tcp"
NEEDS_RESTART=false

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

asadmin() {
    "$PAYARA_HOME/bin/asadmin" --host 127.0.0.1 --port "$PAYARA_ADMIN_PORT" --interactive=false \
        ${PAYARA_PASSWORD_FILE:+--passwordfile "$PAYARA_PASSWORD_FILE"} "$@"
}

require_installed() {
    [[ -x "$PAYARA_HOME/bin/asadmin" && -f "$DOMAIN_XML" ]] \
        || die "no Payara Server with domain $PAYARA_DOMAIN at $PAYARA_HOME: run '$0 install' first"
}

is_running() { asadmin list-domains 2>/dev/null | grep "^$PAYARA_DOMAIN running" >/dev/null; }

show_log_tail() {
    [[ -f "$SERVER_LOG" ]] || return 0
    printf -- '--- last %s lines of %s ---\n' "${1:-60}" "$SERVER_LOG" >&2
    tail -n "${1:-60}" "$SERVER_LOG" >&2
}

# severe_since OFFSET: the first line of each SEVERE record written to server.log after byte OFFSET
severe_since() {
    [[ -f "$SERVER_LOG" ]] && (( $(stat -c %s "$SERVER_LOG") >= $1 )) || return 0
    tail -c "+$(($1 + 1))" "$SERVER_LOG" | awk '/\[SEVERE\]/ {getline; sub(/^ +/, ""); print "  " $0}' | uniq
}

# mvn_fetch GROUP:ARTIFACT:VERSION[:TYPE] DIR: copy one artifact from Maven Central (or ~/.m2) to DIR.
mvn_fetch() {
    local work; work="$(mktemp -d)"
    # run outside any project, so Maven does not load the repository's own POMs
    if ! (cd "$work" && $MVN -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
            -Dartifact="$1" -DoutputDirectory="$2" > "$work/mvn.log" 2>&1); then
        cat "$work/mvn.log" >&2; rm -rf "$work"; die "Maven could not fetch $1"
    fi
    rm -rf "$work"
}

cmd_install() {
    if [[ -x "$PAYARA_HOME/bin/asadmin" ]]; then
        local have; have="$(cat "$PAYARA_HOME/.payara-version" 2>/dev/null || echo unknown)"
        [[ "$have" == "$PAYARA_VERSION" ]] \
            || say "WARNING: $PAYARA_HOME holds Payara $have, not $PAYARA_VERSION (delete it to reinstall)"
        say "Payara Server already installed at $PAYARA_HOME"
        return 0
    fi
    [[ ! -e "$PAYARA_HOME" ]] || die "$PAYARA_HOME exists but holds no bin/asadmin; remove it first"
    local tmp; tmp="$(mktemp -d)"
    say "fetching fish.payara.distributions:payara:$PAYARA_VERSION:zip with Maven"
    mvn_fetch "fish.payara.distributions:payara:$PAYARA_VERSION:zip" "$tmp"
    say "unzipping to $PAYARA_HOME"
    unzip -q "$tmp/payara-$PAYARA_VERSION.zip" -d "$tmp/x"
    mkdir -p "$(dirname "$PAYARA_HOME")"
    mv "$tmp/x/payara6" "$PAYARA_HOME"
    echo "$PAYARA_VERSION" > "$PAYARA_HOME/.payara-version"
    rm -rf "$tmp"
    say "installed Payara Server $PAYARA_VERSION at $PAYARA_HOME"
}

# Rewrite a server-config listener port in domain.xml while the domain is stopped (default-config
# uses ${...} placeholders, so only literal numeric ports, i.e. server-config's, match).
set_port_offline() {
    local name="$1" port="$2"
    sed -i -E \
        -e "s#(<network-listener [^>]*)port=\"[0-9]+\"([^>]*name=\"$name\")#\1port=\"$port\"\2#" \
        -e "s#(<network-listener [^>]*name=\"$name\"[^>]*)port=\"[0-9]+\"#\1port=\"$port\"#" \
        "$DOMAIN_XML"
    grep -Eq "<network-listener [^>]*port=\"$port\"[^>]*name=\"$name\"|<network-listener [^>]*name=\"$name\"[^>]*port=\"$port\"" \
        "$DOMAIN_XML" || die "could not set port $port on listener $name in $DOMAIN_XML"
}

start_domain() {
    is_running && return 0
    local port
    for port in "$PAYARA_ADMIN_PORT" "$REGISTRY_PORT"; do
        ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
            || die "port $port is already in use by another program (set PAYARA_ADMIN_PORT / REGISTRY_PORT)"
    done
    set_port_offline admin-listener "$PAYARA_ADMIN_PORT"
    set_port_offline http-listener-1 "$REGISTRY_PORT"
    say "starting domain $PAYARA_DOMAIN (admin port $PAYARA_ADMIN_PORT, HTTP port $REGISTRY_PORT)"
    asadmin start-domain "$PAYARA_DOMAIN" || { show_log_tail; die "domain $PAYARA_DOMAIN did not start"; }
}

stop_domain() {
    if is_running; then
        say "stopping domain $PAYARA_DOMAIN"
        asadmin stop-domain "$PAYARA_DOMAIN"
    else
        say "domain $PAYARA_DOMAIN is not running"
    fi
}

# Is the server reachable on the admin port we were told? (catches a domain started with another port)
check_admin_port() {
    asadmin version >/dev/null 2>&1 \
        || die "domain $PAYARA_DOMAIN runs, but not with admin port $PAYARA_ADMIN_PORT: '$0 stop' it or set PAYARA_ADMIN_PORT"
}

db_is_mariadb() { [[ "${REGISTRY_DB_URL:-}" == jdbc:mariadb:* || "${REGISTRY_DB_URL:-}" == jdbc:mysql:* ]]; }

install_driver() {
    local lib="$DOMAIN_DIR/lib" jar="mariadb-java-client-${MARIADB_DRIVER##*:}.jar"
    [[ -f "$lib/$jar" ]] && return 0
    say "copying $jar to $lib (server-level JDBC pools need the driver on the server class path)"
    mvn_fetch "$MARIADB_DRIVER" "$lib"
    NEEDS_RESTART=true
}

configure_listener() {
    say "configuring http-listener-1 for multi-GB uploads"
    asadmin set \
        "$CFG.network-config.network-listeners.network-listener.http-listener-1.port=$REGISTRY_PORT" \
        "$HTTP.max-post-size-bytes=-1" \
        "$HTTP.max-swallowing-input-bytes=-1" \
        "$HTTP.request-timeout-seconds=-1" \
        "$HTTP.upload-timeout-enabled=false" \
        "$HTTP.connection-upload-timeout-millis=3600000" \
        "$TCP.read-timeout-millis=300000" \
        "$TCP.write-timeout-millis=300000" \
        "$TCP.socket-write-buffer-size=262144" >/dev/null
}

configure_heap() {
    local current
    current="$(asadmin list-jvm-options | grep -E '^-Xmx' || true)"
    [[ "$current" == "-Xmx$PAYARA_HEAP" ]] && return 0
    say "setting heap -Xmx$PAYARA_HEAP (was ${current:-unset})"
    for opt in $current; do asadmin delete-jvm-options "$opt" >/dev/null; done
    asadmin create-jvm-options "-Xmx$PAYARA_HEAP" >/dev/null
    NEEDS_RESTART=true
}

# The server's Hazelcast data grid would join any other Payara (Server or Micro) on the network that
# uses the default cluster name "development"; the registry shares state through its database only.
configure_datagrid() {
    local name="${PAYARA_CLUSTER_NAME:-registry-$(hostname -s)-$PAYARA_ADMIN_PORT}"
    asadmin get-hazelcast-configuration | grep -E "^Cluster Name +$name( |\$)" >/dev/null && return 0
    say "data grid: private cluster name $name"
    asadmin set-hazelcast-configuration --clustername "$name" >/dev/null
    NEEDS_RESTART=true
}

# batch_setting NAME: one attribute of the batch runtime (data-source-lookup-name, schema-name)
batch_setting() {  # empty while the domain has no batch-runtime-configuration element yet
    { asadmin get "$CFG.batch-runtime-configuration.$1" 2>&1 || true; } \
        | sed -n "s/^$CFG.batch-runtime-configuration.$1=//p"
}

configure_batch() {
    if ! db_is_mariadb; then
        # embedded H2: Payara's own job repository is fine; undo an earlier MariaDB setting
        if [[ "$(batch_setting data-source-lookup-name)" == "$BATCH_JNDI" ]]; then
            say "REGISTRY_DB_URL is not MariaDB: batch job repository back to $BATCH_DEFAULT_JNDI"
            asadmin set-batch-runtime-configuration --datasourcelookupname "$BATCH_DEFAULT_JNDI" \
                --schemaname APP >/dev/null
            NEEDS_RESTART=true
        fi
        return 0
    fi
    local url="$REGISTRY_DB_URL" db
    db="${url#*://}"; db="${db#*/}"; db="${db%%[?;]*}"   # database name: the job repository's schema
    [[ -n "$db" && "$db" != "$url" ]] || die "REGISTRY_DB_URL names no database: $url"
    if [[ "$url" != *useMysqlMetadata=* ]]; then
        [[ "$url" == *\?* ]] && url="$url&useMysqlMetadata=true" || url="$url?useMysqlMetadata=true"
    fi
    say "batch job repository on MariaDB: pool $BATCH_POOL, resource $BATCH_JNDI"
    if ! asadmin list-jdbc-connection-pools | grep -x "$BATCH_POOL" >/dev/null; then
        asadmin create-jdbc-connection-pool --datasourceclassname org.mariadb.jdbc.MariaDbDataSource \
            --restype javax.sql.DataSource --isconnectvalidatereq=true --validationmethod=meta-data \
            "$BATCH_POOL" >/dev/null
    fi
    local P="resources.jdbc-connection-pool.$BATCH_POOL.property"
    asadmin set "$P.url=$url" "$P.user=${REGISTRY_DB_USER:-registry}" \
        "$P.password=${REGISTRY_DB_PASSWORD:-registry}" >/dev/null
    if ! asadmin list-jdbc-resources | grep -x "$BATCH_JNDI" >/dev/null; then
        asadmin create-jdbc-resource --connectionpoolid "$BATCH_POOL" "$BATCH_JNDI" >/dev/null
    fi
    if [[ "$(batch_setting data-source-lookup-name)" != "$BATCH_JNDI" \
            || "$(batch_setting schema-name)" != "$db" ]]; then
        asadmin set-batch-runtime-configuration --datasourcelookupname "$BATCH_JNDI" \
            --schemaname "$db" >/dev/null
        NEEDS_RESTART=true
    fi
}

# MicroProfile Health (/health, /health/live, /health/ready) and Metrics (/metrics) on the HTTP
# listener, outside the application (which is at /): on by default in Payara Server 6; made explicit
# here so a domain where someone turned them off serves them again. REGISTRY_LOG_FORMAT=json switches
# server.log to Payara's JSON formatter (one object per record), text back to ODL.
configure_observability() {
    asadmin set-microprofile-healthcheck-configuration --enabled=true --endpoint=health >/dev/null \
        || say "WARNING: could not enable MicroProfile Health at /health"
    asadmin set-metrics-configuration --enabled=true --endpoint=metrics >/dev/null \
        || say "WARNING: could not enable MicroProfile Metrics at /metrics"
    local formatter
    case "${REGISTRY_LOG_FORMAT:-text}" in
        text) formatter=ODL ;;
        json) formatter=fish.payara.enterprise.server.logging.JSONLogFormatter ;;
        *) die "REGISTRY_LOG_FORMAT must be text or json, not '$REGISTRY_LOG_FORMAT'" ;;
    esac
    asadmin set-log-file-format "$formatter" >/dev/null \
        || say "WARNING: could not set the server.log format to $formatter"
}

restart_domain() {
    # stop + start (not restart-domain) so the server takes this shell's environment
    stop_domain
    start_domain
}

show_settings() {
    say "effective settings:"
    { asadmin get "$CFG.network-config.network-listeners.network-listener.http-listener-1.port"
      asadmin get "$HTTP.*" | grep -E '\.(max-post-size-bytes|max-swallowing-input-bytes|request-timeout-seconds|upload-timeout-enabled|connection-upload-timeout-millis)='
      asadmin get "$TCP.*" | grep -E '\.((read|write)-timeout-millis|socket-write-buffer-size)='
    } | grep -v '^Command get executed'
    asadmin list-jvm-options | grep -E '^-Xmx'
    asadmin list-batch-runtime-configuration | grep -v '^Command list-batch-runtime'
}

save_env() {  # write REGISTRY_* and the ports to $ENV_FILE (mode 600: it holds the DB password)
    local tmp="$ENV_FILE.new" name
    ( umask 077
      { printf '# written by payara-server.sh configure: the environment the server is started with\n'
        for name in PAYARA_ADMIN_PORT REGISTRY_PORT $(compgen -e | grep '^REGISTRY_' | grep -vx REGISTRY_PORT | sort); do
            printf '%s=%q\n' "$name" "${!name}"
        done; } > "$tmp" )
    if cmp -s "$tmp" "$ENV_FILE"; then rm -f "$tmp"; return 1; fi
    mv "$tmp" "$ENV_FILE"
}

cmd_configure() {
    require_installed
    if db_is_mariadb && [[ "${REGISTRY_DB_CLASS:-}" != *mariadb* && "${REGISTRY_DB_CLASS:-}" != *mysql* ]]; then
        die "REGISTRY_DB_URL is a MariaDB URL: set REGISTRY_DB_CLASS=org.mariadb.jdbc.MariaDbDataSource too"
    fi
    if save_env; then
        say "saved the server environment to $ENV_FILE"
        NEEDS_RESTART=true   # a running server still has the old environment
    fi
    if is_running; then
        check_admin_port
        if db_is_mariadb; then install_driver; fi   # copied into a running server: restart
    else
        if db_is_mariadb; then install_driver; fi
        NEEDS_RESTART=false   # what changed before the start needs no restart
        start_domain
    fi
    configure_listener
    configure_heap
    configure_datagrid
    configure_batch
    configure_observability
    if $NEEDS_RESTART || asadmin list-domains | grep "^$PAYARA_DOMAIN running, restart required" >/dev/null; then
        say "restarting to apply the changes"
        restart_domain
    fi
    if db_is_mariadb; then
        asadmin ping-connection-pool "$BATCH_POOL" >/dev/null \
            || die "pool $BATCH_POOL cannot reach ${REGISTRY_DB_URL}: check REGISTRY_DB_* and the database"
        say "pool $BATCH_POOL reaches the database"
    fi
    show_settings
    say "domain $PAYARA_DOMAIN configured: admin http://127.0.0.1:$PAYARA_ADMIN_PORT, registry port $REGISTRY_PORT"
}

wait_for_app() {  # OFFSET: server.log size before the deployment
    local offset="$1" url="http://127.0.0.1:$REGISTRY_PORT/version" deadline=$((SECONDS + DEPLOY_TIMEOUT)) code
    say "waiting up to ${DEPLOY_TIMEOUT}s for $url"
    while :; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)"
        [[ "$code" == 200 ]] && { say "registry answers at $url"; return 0; }
        if ((SECONDS >= deadline)); then
            show_log_tail 80
            printf 'SEVERE records logged since the deployment:\n%s\n' "$(severe_since "$offset")" >&2
            die "$url did not answer 200 within ${DEPLOY_TIMEOUT}s (last status: ${code:-none})"
        fi
        sleep 2
    done
}

cmd_deploy() {
    local ear="${1:-}"
    [[ -n "$ear" ]] || die "usage: $0 deploy PATH/TO/registry.ear"
    [[ -f "$ear" ]] || die "no such EAR: $ear"
    require_installed
    if is_running; then check_admin_port; else start_domain; fi
    local offset=0
    [[ -f "$SERVER_LOG" ]] && offset="$(stat -c %s "$SERVER_LOG")"
    say "deploying $ear as '$APP_NAME'"
    if ! asadmin deploy --force=true --name "$APP_NAME" "$ear"; then
        show_log_tail 80
        printf 'SEVERE records logged during this deployment:\n%s\n' "$(severe_since "$offset")" >&2
        die "deployment of $ear failed (after fixing the cause, '$0 restart' before deploying again: a failed deployment can leave stale classes behind in the server)"
    fi
    wait_for_app "$offset"
    local severe; severe="$(severe_since "$offset")"
    [[ -z "$severe" ]] || printf 'WARNING: SEVERE records in server.log during deployment:\n%s\n' "$severe" >&2
}

cmd_undeploy() {
    require_installed
    is_running || die "domain $PAYARA_DOMAIN is not running"
    check_admin_port
    if asadmin list-applications | grep "^$APP_NAME " >/dev/null; then
        asadmin undeploy "$APP_NAME"
    else
        say "application $APP_NAME is not deployed"
    fi
}

cmd_status() {
    require_installed
    asadmin list-domains | grep "^$PAYARA_DOMAIN "
    if is_running; then
        asadmin list-applications | grep -v '^Command list-applications' || true
        curl -s -o /dev/null -w "GET /version: %{http_code}\n" --max-time 5 \
            "http://127.0.0.1:$REGISTRY_PORT/version" || echo "GET /version: no answer"
    fi
}

cmd_logs() {
    [[ -f "$SERVER_LOG" ]] || die "no server log at $SERVER_LOG"
    case "${1:-100}" in
        -f) exec tail -n 50 -F "$SERVER_LOG" ;;
        *[!0-9]*) die "usage: $0 logs [-f|N]" ;;
        *) tail -n "${1:-100}" "$SERVER_LOG" ;;
    esac
}

case "${1:-}" in
    install) cmd_install ;;
    configure) cmd_configure ;;
    deploy) cmd_deploy "${2:-}" ;;
    up) [[ -n "${2:-}" ]] || die "usage: $0 up PATH/TO/registry.ear"
        cmd_install; cmd_configure; cmd_deploy "$2" ;;
    undeploy) cmd_undeploy ;;
    start) require_installed; start_domain ;;
    stop) require_installed; stop_domain ;;
    restart) require_installed; restart_domain ;;
    status) cmd_status ;;
    logs) cmd_logs "${2:-}" ;;
    -h|--help|help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
