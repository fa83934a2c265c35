#!/usr/bin/env bash
# Benchmark (issue 12): the garbage-media campaign with many bit-flip seeds through real live pipelines (FFmpeg in
# this JVM), beside a clean stream in real time: outcome per case, the clean stream's pace, wall time, JVM survival.
# Usage: bench/media-fuzz.sh [seeds-per-rate] [parallel] [speed]   (default: 50 seeds, 2 at a time, 4x real time)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/transcode-common.sh
seeds=${1:-50}; parallel=${2:-2}; speed=${3:-4}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if ! cp=$(transcoder_classpath 2>/dev/null); then
  # Offline without the dependency plugin: take the test classpath surefire used for one small test.
  mvn -B -q -o -pl transcoder -am -Dtest=FrameRateMeterTest -Dsurefire.failIfNoSpecifiedTests=false \
    -DfailIfNoTests=false test >/dev/null
  cp=$(grep -o 'name="surefire.test.class.path" value="[^"]*"' \
    transcoder/target/surefire-reports/TEST-org.millrace.transcoder.live.FrameRateMeterTest.xml \
    | sed 's/.*value="//; s/"$//')
fi
set +e
java -Dgarbage.trace=true -XX:ErrorFile="$work/hs_err_%p.log" -cp "$cp" \
  org.millrace.transcoder.bench.GarbageMediaBench "$work" "$seeds" "$parallel" "$speed" 1e-6 1e-5 1e-4 1e-3 \
  >"$work/out.log" 2>&1
rc=$?
set -e
grep '^garbagebench [^s]' "$work/out.log" || true
echo "exit status $rc"
if ls "$work"/hs_err_*.log >/dev/null 2>&1; then
  echo "JVM CRASHED; inputs in flight:"
  grep '^garbagebench started' "$work/out.log" | tail -n "$parallel"
  cp "$work"/hs_err_*.log . && echo "hs_err file copied here"
fi
