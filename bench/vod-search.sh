#!/usr/bin/env bash
# Benchmark (issue 6): the video library's list/search latency on 100,000 videos, through the event bus to the real
# VodVerticle over an embedded PostgreSQL. Prints p50/p95/p99 per query (1000 calls each after 200 of warm-up).
# Usage: bench/vod-search.sh [videos] [calls]   (defaults 100000 1000; builds the vod module's test classes)
set -euo pipefail
cd "$(dirname "$0")/.."
videos=${1:-100000}
calls=${2:-1000}
mvn -B -q -o -pl vod -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/target/vod-bench.classpath" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
java -Dvideos="$videos" -Dcalls="$calls" \
  -cp "vod/target/classes:vod/target/test-classes:core/target/classes:core/target/test-classes:$(cat target/vod-bench.classpath)" \
  org.millrace.vod.VodSearchBench
