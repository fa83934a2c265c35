#!/usr/bin/env bash
# Benchmark (issue 12): what one hostile client's flood costs the SRT listener and everyone else on it.
# Usage: bench/srt-flood.sh [seconds [flood...]]   (needs ffmpeg and srt-tools; builds the srt module's test classes)
# For each flood (none = quiet reference, km, conclusion, conclusion-km, garbage) it prints the srt-listener thread's CPU, the
# handshake latency of probe callers from another address (p50/p99/max) and the encrypted victim publisher's losses.
# To compare with older code, run the same script in a worktree of that commit with SrtFloodBench.java and
# peer/RawSrtCaller.java copied in (they use only API that predates the fixes).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
mvn -B -q -o -pl srt test-compile
mkdir -p target
if ! mvn -B -q -o -pl srt dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/target/srt-bench.classpath" >/dev/null 2>&1; then
  # Offline without the dependency plugin: take the test classpath surefire used for one small test.
  mvn -B -q -o -pl srt -Dtest=SequenceNumbersTest -Dsurefire.failIfNoSpecifiedTests=false test >/dev/null
  grep -o 'name="surefire.test.class.path" value="[^"]*"' \
    srt/target/surefire-reports/TEST-org.millrace.srt.packet.SequenceNumbersTest.xml | sed 's/.*value="//; s/"$//' \
    > target/srt-bench.classpath
fi
cp="srt/target/classes:srt/target/test-classes:$(cat target/srt-bench.classpath)"
run() { java -Xms512m -Xmx2g -cp "$cp" org.millrace.srt.bench.SrtFloodBench "$@" 2>/dev/null | grep -v '^[0-9:.]* \(INFO\|WARN\)'; }
declare -A rate=([none]=0 [km]=15000 [conclusion]=5000 [conclusion-km]=1000 [garbage]=15000)
floods=("${@:2}")
[[ ${#floods[@]} -gt 0 ]] || floods=(none km conclusion conclusion-km garbage)
for flood in "${floods[@]}"; do
  run "$flood" "$seconds" "${rate[$flood]}"
done
