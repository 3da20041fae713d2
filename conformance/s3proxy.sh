# S3Proxy 2.6.0 (from Maven Central) as an S3-compatible object store for the tests that keep the
# blobs in a bucket: conformance/s3-conformance.sh (one node) and conformance/two-nodes.sh with
# TWO_NODES_STORAGE=s3 (two nodes, one bucket). Source it, then
#
#   s3proxy_start DIR PORT BUCKET
#
# fetches the jar into DIR/jar (Maven's local repository caches it), starts S3Proxy on
# 127.0.0.1:PORT with a file-system bucket BUCKET under DIR/s3data (the objects are plain files
# there: DIR/s3data/BUCKET/<key>), waits until it answers, and sets S3PROXY_PID (the caller stops
# it), S3PROXY_IDENTITY and S3PROXY_SECRET (the access and secret key). Its log is DIR/s3proxy.log.
# Returns non-zero (with the log's end on stderr) when it does not start within 60 s.
# shellcheck shell=bash
S3PROXY_VERSION=2.6.0
S3PROXY_IDENTITY=registry

s3proxy_start() {
  local dir=$1 port=$2 bucket=$3 jar
  mkdir -p "$dir/s3data/$bucket" "$dir/jar" || return 1
  jar="$dir/jar/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
  if [ ! -f "$jar" ]; then
    mvn -B -ntp -q -N dependency:copy -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
      -DoutputDirectory="$dir/jar" >"$dir/mvn-s3proxy.log" 2>&1 ||
      { cat "$dir/mvn-s3proxy.log" >&2; echo "cannot fetch S3Proxy $S3PROXY_VERSION from Maven Central" >&2; return 1; }
  fi
  S3PROXY_SECRET=$(openssl rand -hex 16)
  cat >"$dir/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3PROXY_IDENTITY
s3proxy.credential=$S3PROXY_SECRET
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/s3data
PROPS
  java -Xmx256m -jar "$jar" --properties "$dir/s3proxy.properties" >"$dir/s3proxy.log" 2>&1 &
  S3PROXY_PID=$!
  local _
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0; sleep 1; done
  tail -n 40 "$dir/s3proxy.log" >&2
  echo "S3Proxy did not start on port $port" >&2
  return 1
}
