#!/usr/bin/env bash
# Benchmark (issue 13): SRT through the UDP front (nginx/srt-front.conf.template, Debian's nginx with
# libnginx-mod-stream) against the same callers straight to the SRT listener, in one run.
# Usage: bench/srt-front.sh [callers mbps seconds latencyMs]   (default: 8 x 6 Mbps, 15 s, 200 ms)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl srt test-compile
if ! mvn -B -q -o -pl srt dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/target/srt-bench.classpath" >/dev/null 2>&1; then
  # Offline without the dependency plugin's own dependencies: take the test classpath surefire recorded.
  mvn -B -q -o -pl srt test -Dtest=SrtSourceLimitsTest#connectionsPastTheSourcesShareAreRefusedWithOverload \
      -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
  grep -o 'name="surefire.test.class.path" value="[^"]*"' \
      srt/target/surefire-reports/TEST-org.millrace.srt.listener.SrtSourceLimitsTest.xml \
      | sed 's/.*value="//;s/"$//' > target/srt-bench.classpath
fi
cp="srt/target/classes:srt/target/test-classes:$(cat target/srt-bench.classpath)"
java -Xms512m -Xmx2g -cp "$cp" org.millrace.srt.bench.SrtFrontBench "${1:-8}" "${2:-6}" "${3:-15}" "${4:-200}"
