#!/usr/bin/env bash
# Benchmark (issue 13): a recorder SIGKILLed in the middle of a build (a child JVM with the real builder, storage
# reads slowed 0.5 s each so the kill lands mid-build), another recorder on the same database, storage and data
# directory; prints kill -> claim (the default 20 s lease running out) and claim -> ready (the survivor's build +
# import of the 12 s session). Usage: bench/recorder-takeover.sh [runs]   (default 3; about 1 minute each)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
mvn -B -q -o -pl recorder -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/target/recorder-bench.classpath" >/dev/null
cp="recorder/target/classes:recorder/target/test-classes:core/target/classes:$(cat target/recorder-bench.classpath)"
java -cp "$cp" org.millrace.recorder.TakeoverBench "$runs" 2>&1 | grep -E "^millrace"
