#!/usr/bin/env bash
# Upload throughput through the gateway (tus, one PATCH of the whole file) to S3 against a plain HTTP PUT of the same
# file to the same S3 (presigned URL), alternating, same run; then the heap held per concurrent tus upload. S3 is
# S3Proxy (in-memory) in a JVM of its own, so the heap figure is the gateway's and uploads service's alone;
# UPLOAD_S3_IN_PROCESS=1 runs it in the bench's JVM instead (as before 2026-12-01). UPLOAD_BENCH_JAVA_OPTS and
# UPLOAD_S3_JAVA_OPTS: extra JVM options of the bench's JVM and of S3Proxy's (e.g. a flight recording to profile).
# UPLOAD_STORAGE=local: the local store (the default configuration) instead of S3, against a plain PUT of the same
# file to nginx (WebDAV `dav_methods PUT`, body spooled to a temp file then renamed: one write, like the store's)
# on the same file system (/tmp). The store forces each part to disk (a checkpoint is durable); nginx does not.
# Usage: bench/upload-throughput.sh [MiB=256] [rounds=3] [concurrent=8]
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-256}
rounds=${2:-3}
concurrent=${3:-8}
# The test classpath of the reactor's own modules, written by exec:exec (works offline, unlike build-classpath here).
mvn -B -q -o -pl uploads -am test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=echo \
  -Dexec.classpathScope=test -Dexec.args=%classpath -Dexec.outputFile=target/bench.classpath >/dev/null
cp=$(cat uploads/target/bench.classpath)
export UPLOAD_BENCH_S3= UPLOAD_BENCH_PUT_URL=
if [[ ${UPLOAD_STORAGE:-s3} == local ]]; then
  command -v nginx >/dev/null || { echo "needs nginx" >&2; exit 1; }
  dav=$(mktemp -d /tmp/upload-bench-dav.XXXXXX)
  mkdir -p "$dav/root" "$dav/tmp" "$dav/logs"
  port=${UPLOAD_PUT_PORT:-18495}
  cat >"$dav/nginx.conf" <<CONF
$([[ $EUID == 0 ]] && echo "user root;")
daemon off; worker_processes auto; pid $dav/nginx.pid; error_log $dav/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off; client_max_body_size 0; client_body_temp_path $dav/tmp;
  proxy_temp_path $dav/tmp; fastcgi_temp_path $dav/tmp; uwsgi_temp_path $dav/tmp; scgi_temp_path $dav/tmp;
  server { listen 127.0.0.1:$port; location / { root $dav/root; dav_methods PUT; } }
}
CONF
  nginx -p "$dav" -c "$dav/nginx.conf" -e "$dav/logs/error.log" &
  nginx_pid=$!
  trap 'kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null; rm -rf "$dav"' EXIT
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  export UPLOAD_BENCH_PUT_URL=http://127.0.0.1:$port
  echo "nginx PUT reference on port $port (pid $nginx_pid), writing to $dav/root"
elif [[ ${UPLOAD_S3_IN_PROCESS:-0} != 1 ]]; then
  s3_out=$(mktemp)
  # Enough heap for every object the run stores: rounds × 2 files, then the concurrent uploads.
  java -Xmx$(((2 * rounds + concurrent) * mib + 1024))m ${UPLOAD_S3_JAVA_OPTS:-} -cp "$cp" org.millrace.core.testing.S3ProxyMain >"$s3_out" 2>&1 &
  s3_pid=$!
  trap 'kill "$s3_pid" 2>/dev/null; rm -f "$s3_out"' EXIT
  for _ in $(seq 300); do grep -q '^s3 ' "$s3_out" && break; sleep 0.1; done
  UPLOAD_BENCH_S3=$(grep -m1 '^s3 ' "$s3_out" | cut -d' ' -f2-) || { cat "$s3_out" >&2; exit 1; }
  echo "S3Proxy in its own JVM (pid $s3_pid): ${UPLOAD_BENCH_S3%% *}"
fi
java -Xmx2g ${UPLOAD_BENCH_JAVA_OPTS:-} -cp "$cp" org.millrace.uploads.bench.UploadThroughputBench \
  "$mib" "$rounds" "$concurrent" 2>&1 | grep -E "^(storage|round|[0-9]+ (MiB|concurrent))"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')," \
  "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
