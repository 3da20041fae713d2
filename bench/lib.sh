# Shared by bench/run.sh and bench/floor.sh (sourced, not run).

# nginx_conf DIR PORT DEFAULT_TYPE [LOCATIONS]: writes DIR/nginx.conf for an nginx that runs from
# DIR (pid, logs and temp files there), serves DIR/html/ as /static/ with sendfile on a loopback
# PORT, and adds LOCATIONS (nginx text) to the same server block.
nginx_conf() {
  local dir=$1 port=$2 type=$3 extra=${4:-}
  mkdir -p "$dir/html"
  cat >"$dir/nginx.conf" <<EOF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp-body;
  proxy_temp_path $dir/tmp-proxy;
  fastcgi_temp_path $dir/tmp-fcgi;
  uwsgi_temp_path $dir/tmp-uwsgi;
  scgi_temp_path $dir/tmp-scgi;
  default_type $type;
  server {
    listen 127.0.0.1:$port;
    location /static/ { alias $dir/html/; }
$extra
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" -t 2>"$dir/nginx-t.log" || { cat "$dir/nginx-t.log" >&2; return 1; }
}

# wrk_summary FILE: wrk --latency output -> "req/s|p50 ms|p99 ms|errors" (errors: non-2xx/3xx
# answers plus socket errors; no latency when no request completed)
wrk_summary() {
  python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    m = re.match(r'([\d.]+)(us|ms|s)', v); x = float(m.group(1))
    return round(x / 1000 if m.group(2) == 'us' else x * 1000 if m.group(2) == 's' else x, 2)
rps = re.search(r'Requests/sec:\s+([\d.]+)', t)
p50 = re.search(r'\n\s+50%\s+(\S+)', t); p99 = re.search(r'\n\s+99%\s+(\S+)', t)
err = 0
m = re.search(r'Non-2xx or 3xx responses: (\d+)', t); err += int(m.group(1)) if m else 0
m = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t); err += sum(map(int, m.groups())) if m else 0
done = re.search(r'(\d+) requests in', t)
if not done or int(done.group(1)) == 0:
    p50 = p99 = None
r = float(rps.group(1)) if rps else 0.0
print(f"{round(r) if r >= 100 else round(r, 2)}|{ms(p50.group(1)) if p50 else '-'}|{ms(p99.group(1)) if p99 else '-'}|{err}")
PY
}
