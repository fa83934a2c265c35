#!/usr/bin/env bash
# Benchmark (issue 13): what holding login limits and viewer counts across instances costs.
#   1. the shared login limits (PostgreSQL rows) per login, next to the bcrypt check every login pays
#   2. viewer heartbeats/s through the gateway with one streams instance, then two sharing their counts
# Usage: bench/shared-state.sh   (builds the auth and streams test classes; embedded PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
# The test classpath surefire used (the dependency plugin may lack its own dependencies offline).
classpath() { # module, a fast test of it
  mvn -B -q -o -pl "$1" -am test -Dtest="$2" -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false >/dev/null
  grep -o 'name="surefire.test.class.path" value="[^"]*' "$1/target/surefire-reports/TEST-$3.xml" \
    | sed 's/.*value="//'
}
auth_cp=$(classpath auth PoliciesTest org.millrace.auth.PoliciesTest)
java -cp "$auth_cp" org.millrace.auth.LoginLimitBench 2000 32 2>&1 | grep -E "^(limiter|reference)"
streams_cp=$(classpath streams ViewerCounterTest org.millrace.streams.ViewerCounterTest)
java -cp "$streams_cp" org.millrace.streams.HeartbeatBench 10 32 5000 2>&1 | grep -E "instance"
