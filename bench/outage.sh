#!/usr/bin/env bash
# Benchmark (issue 12, dependencies down): the all-in-one server with an ffmpeg SRT publisher through a local
# storage outage, then a PostgreSQL outage (stopped, started again on its port); see OutageBench (server tests).
# Usage: bench/outage.sh [storage outage s] [database outage s]   (default: 60 and 30)
set -euo pipefail
cd "$(dirname "$0")/.."
storage=${1:-60}; db=${2:-30}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# The packaged server jar carries every runtime dependency; the bench and its helpers are test classes.
mvn -B -q -o -pl server -am -DskipTests package >/dev/null
assertj=$(ls ~/.m2/repository/org/assertj/assertj-core/*/assertj-core-*.jar | grep -v sources | tail -1)
cp="server/target/test-classes:core/target/test-classes:server/target/millrace-server.jar:$assertj"
java -cp "$cp" org.millrace.server.OutageBench "$work" "$storage" "$db" 2>&1 | grep -E "^(storage|database) outage"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
