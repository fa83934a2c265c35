#!/usr/bin/env bash
# Upload throughput through the gateway (tus, one PATCH of the whole file) to S3 (S3Proxy in the same JVM) against a
# plain HTTP PUT of the same file to the same S3 (presigned URL), alternating, same run; then the heap held per
# concurrent tus upload. Usage: bench/upload-throughput.sh [MiB=256] [rounds=3] [concurrent=8]
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-256}
rounds=${2:-3}
concurrent=${3:-8}
# The test classpath of the reactor's own modules, written by exec:exec (works offline, unlike build-classpath here).
mvn -B -q -o -pl uploads -am test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=echo \
  -Dexec.classpathScope=test -Dexec.args=%classpath -Dexec.outputFile=target/bench.classpath >/dev/null
java -Xmx2g -cp "$(cat uploads/target/bench.classpath)" org.millrace.uploads.bench.UploadThroughputBench \
  "$mib" "$rounds" "$concurrent" 2>&1 | grep -E "^(round|[0-9]+ (MiB|concurrent))"
