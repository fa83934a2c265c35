#!/usr/bin/env bash
# Benchmark (issue 12): /metrics size and series count after an unauthenticated flood of made-up HTTP methods and
# paths against a real gateway on loopback. Usage: bench/gateway-metrics.sh [methods] [paths]   (default 120 120)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl gateway -am test-compile
# The gateway's test classpath (exec prints it offline; the dependency plugin cannot resolve itself offline here),
# with this checkout's core in place of any installed millrace jar.
deps=$(mvn -B -q -o -pl gateway org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=echo \
  -Dexec.args=%classpath -Dexec.classpathScope=test -Dstyle.color=never | grep -F .jar | tail -1 \
  | tr ':' '\n' | grep -v '/org/millrace/' | grep '\.jar$' | paste -sd:)
cp="gateway/target/classes:gateway/target/test-classes:core/target/classes:core/target/test-classes:$deps"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
java -Xmx512m -cp "$cp" org.millrace.gateway.MetricsFloodBench "${1:-120}" "${2:-120}"
