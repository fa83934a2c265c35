#!/usr/bin/env bash
# Measure (issue 12): from a stream key rotation request to the old-key publisher (Debian ffmpeg over SRT) being
# cut, next to the same measure for deleting the stream, in the same run. Embedded PostgreSQL, the real streams
# service, gateway and SRT ingest on loopback.
# Usage: bench/ingest-revocation.sh [runs]   (default 7; needs ffmpeg)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
out="$PWD/target/ingest-bench.classpath"
mkdir -p target
if ! mvn -B -q -o -pl ingest -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out" >/dev/null 2>&1; then
  # Offline without the dependency plugin's own dependencies: take the test classpath surefire used.
  mvn -B -q -o -pl ingest -am test -Dtest=LogBudgetTest -Dsurefire.failIfNoSpecifiedTests=false \
    -DfailIfNoTests=false >/dev/null
  grep -o 'name="surefire.test.class.path" value="[^"]*' \
    ingest/target/surefire-reports/TEST-org.millrace.ingest.LogBudgetTest.xml | sed 's/.*value="//' >"$out"
fi
cp="ingest/target/classes:ingest/target/test-classes:$(cat "$out")"
java -cp "$cp" org.millrace.ingest.srt.RevocationCutBench "$runs" 2>&1 | grep -E "^revocation bench"
