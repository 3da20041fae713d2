#!/usr/bin/env bash
# Starts or stops the LDAP tests' OpenLDAP server: slapd on 127.0.0.1:<port> with its own config
# and database under <dir>, loaded with directory.ldif. Without slapd installed it says so and
# does nothing (the LDAP tests then skip, unless -Dit.ldap.required=true makes them fail).
#   slapd.sh start <dir> <port>    slapd.sh stop <dir>
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cmd=$1 dir=$2
case "$cmd" in
  start)
    port=$3
    if ! command -v slapd >/dev/null 2>&1 && [ ! -x /usr/sbin/slapd ]; then
      echo "slapd.sh: slapd is not installed (apt-get install -y slapd ldap-utils): LDAP tests will not run"
      exit 0
    fi
    "$0" stop "$dir" || true
    rm -rf "$dir" && mkdir -p "$dir/db"
    cat > "$dir/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile $dir/slapd.pid
database mdb
maxsize 10485760
suffix "dc=registry,dc=test"
rootdn "cn=admin,dc=registry,dc=test"
rootpw admin-directory-pw
directory $dir/db
CONF
    /usr/sbin/slapd -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/"
    for _ in $(seq 1 50); do
      ldapsearch -x -H "ldap://127.0.0.1:$port/" -b "" -s base >/dev/null 2>&1 && break
      sleep 0.2
    done
    ldapadd -x -H "ldap://127.0.0.1:$port/" -D "cn=admin,dc=registry,dc=test" -w admin-directory-pw \
      -f "$here/directory.ldif" >/dev/null
    echo "slapd.sh: test directory at ldap://127.0.0.1:$port/"
    ;;
  stop)
    if [ -f "$dir/slapd.pid" ]; then
      pid=$(cat "$dir/slapd.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$dir/slapd.pid"
    fi
    ;;
  *) echo "usage: $0 start <dir> <port> | stop <dir>" >&2; exit 2 ;;
esac
