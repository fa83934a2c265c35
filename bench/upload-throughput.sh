#!/usr/bin/env bash
# Upload throughput through the gateway (tus, one PATCH of the whole file) to S3 against a plain HTTP PUT of the same
# file to the same S3 (presigned URL), alternating, same run; then the heap held per concurrent tus upload. S3 is
# S3Proxy (in-memory) in a JVM of its own, so the heap figure is the gateway's and uploads service's alone;
# UPLOAD_S3_IN_PROCESS=1 runs it in the bench's JVM instead (as before 2026-12-01). UPLOAD_BENCH_JAVA_OPTS and
# UPLOAD_S3_JAVA_OPTS: extra JVM options of the bench's JVM and of S3Proxy's (e.g. a flight recording to profile).
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
export UPLOAD_BENCH_S3=
if [[ ${UPLOAD_S3_IN_PROCESS:-0} != 1 ]]; then
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
  "$mib" "$rounds" "$concurrent" 2>&1 | grep -E "^(round|[0-9]+ (MiB|concurrent))"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')," \
  "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
