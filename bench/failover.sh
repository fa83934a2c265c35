#!/usr/bin/env bash
# Benchmark (issue 13, ingest failover): the journey's cluster (nine JVMs from the packaged jar, PostgreSQL, S3Proxy,
# nginx with the HTTP and SRT fronts) and one ffmpeg publisher through the UDP front; per round, the publisher's
# reconnect with every node alive (the reference), then SIGKILL of its ingest node and the failover, both timed to the
# first new segment listed in the media playlist read through nginx. See FailoverBench (server tests).
# Usage: bench/failover.sh [rounds]   (default 3; needs ffmpeg, nginx with its stream module, web/ and e2e/ installed)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# The jar the cluster runs and the bench's test classes; then the bench on the server module's test classpath.
mvn -B -q -o -pl server -am -DskipTests package >/dev/null
mvn -B -q -o -Dstyle.color=never -pl server exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-Xmx256m -cp %classpath org.millrace.server.cluster.FailoverBench $PWD/server/target/millrace-server.jar $PWD/web/target/classes/webroot $work $rounds" \
  | grep -E "^(round|failover)|Exception|Error|^\s+at org\.millrace"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
