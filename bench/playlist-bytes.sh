#!/usr/bin/env bash
# Benchmark (issue 14, item 3): playlist bytes one viewer fetches per minute from a live stream 2 h into its DVR
# window, from a real gateway on loopback: classic reloads, gzip, LL-HLS blocking delta requests.
# Usage: bench/playlist-bytes.sh [parts measured] [segment target ms]   (default 36, the server's 1000; the playlists
# before LL-HLS were 2000 ms segments with a date on each: the "before" row of a 2000 run)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl gateway -am -Dexec.skip=true test-compile
# The gateway's test classpath (exec prints it offline; the dependency plugin cannot resolve itself offline here),
# with this checkout's modules in place of any installed millrace jar.
deps=$(mvn -B -q -o -pl gateway org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=echo \
  -Dexec.args=%classpath -Dexec.classpathScope=test -Dstyle.color=never | grep -F .jar | tail -1 \
  | tr ':' '\n' | grep -v '/org/millrace/' | grep '\.jar$' | paste -sd:)
cp="gateway/target/classes:gateway/target/test-classes:core/target/classes:core/target/test-classes:hls/target/classes:$deps"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
java -Xmx1g -cp "$cp" org.millrace.gateway.PlaylistBytesBench "${1:-36}" "${2:-1000}"
