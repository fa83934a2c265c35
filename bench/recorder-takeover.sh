#!/usr/bin/env bash
# Benchmark (issue 13): a recorder SIGKILLed in the middle of a build (a child JVM with the real builder, storage
# reads slowed 0.5 s each so the kill lands mid-build), another recorder on the same database, storage and data
# directory; prints kill -> claim (the default 20 s lease running out) and claim -> ready (the survivor's build +
# import of the 12 s session). Usage: bench/recorder-takeover.sh [runs]   (default 3; about a minute each)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
# The test classpath of the reactor's own modules, written by exec:exec (works offline, unlike build-classpath here).
mvn -B -q -o -pl recorder -am test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=echo \
  -Dexec.classpathScope=test -Dexec.args=%classpath -Dexec.outputFile=target/bench.classpath >/dev/null
java -cp "$(cat recorder/target/bench.classpath)" org.millrace.recorder.TakeoverBench "$runs" 2>&1 | grep -E "^millrace"
