#!/usr/bin/env bash
# Benchmark (issue 12): /metrics size and series count after an unauthenticated flood of made-up HTTP methods and
# paths against a real gateway on loopback. Usage: bench/gateway-metrics.sh [methods] [paths]   (default 120 120)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl gateway -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
cp="gateway/target/classes:gateway/target/test-classes:$(cat gateway/target/bench.classpath)"
java -Xmx512m -cp "$cp" org.millrace.gateway.MetricsFloodBench "${1:-120}" "${2:-120}"
