#!/usr/bin/env bash
# Benchmark (issue 4): the SRT listener under load next to libsrt's srt-live-transmit doing the same work.
# Usage: bench/srt.sh [quick|receiver]   (needs ffmpeg and srt-tools; builds the srt module's test classes)
#   1. 20 callers x 6 Mbps through a relay dropping 2%: our listener's event-loop CPU vs 20 srt-live-transmit listeners
#   2. one caller at 200 Mbps, no loss (srt-live-transmit fed over UDP; and libsrt 1.5.4 in this JVM at 250 Mbps)
#   3. handshake-to-first-byte, 20 rounds
#   4. heap per idle connection, 50 connections
# receiver (issue 12): the ring search with a missing head (indexed vs walked), the periodic NAK over a long loss
#   list (whole vs slice), recovery on impaired networks next to
#   srt-live-transmit's listener, heap and direct memory with 200 idle + 50 active callers
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl srt test-compile
mvn -B -q -o -pl srt dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/target/srt-bench.classpath"
cp="srt/target/classes:srt/target/test-classes:$(cat target/srt-bench.classpath)"
run() { java -Xms512m -Xmx2g -cp "$cp" org.millrace.srt.bench.SrtLoadBench "$@"; }
if [[ ${1:-} == receiver ]]; then
  java -cp "$cp" org.millrace.srt.bench.HeadOfLineBench 2000000
  java -cp "$cp" org.millrace.srt.bench.LossReportBench 26000 4000 1000000
  java -cp "$cp" org.millrace.srt.bench.LossReportBench 26000 4000 25000
  java -cp "$cp" org.millrace.srt.listener.ImpairedNetworkBench 8 4
  java -Xms512m -Xmx2g -cp "$cp" org.millrace.srt.bench.ConnectionMemoryBench 200 50 4 200 10
  exit
fi
if [[ ${1:-} == quick ]]; then
  run millrace 2 6 0.02 5 200
  exit
fi
run millrace 20 6 0.02 20 200
run libsrt 20 6 0.02 20 200
run millrace 1 200 0 15 200
run fast 1 250 0 15 200
run libsrt 1 200 0 15 200
run handshake 20 2 0 0 0
run idle 50 0 0 0 0
