#!/usr/bin/env bash
# Benchmark: all-in-one server start-up (JVM launch -> /health 200) and idle resident memory.
# Usage: bench/startup.sh [runs]   (build first: mvn -B -q -DskipTests package)
# Prints one line per run and a summary; figures go to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=server/target/millrace-server.jar
[[ -f $jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
port=18080
data=$(mktemp -d /tmp/millrace-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT

now_ms() { date +%s%3N; }

# Reference in the same run: the bare JVM (java -version) and the embedded PostgreSQL binaries' own pg_ctl start.
t0=$(now_ms); java -version >/dev/null 2>&1; t1=$(now_ms)
echo "reference: bare JVM start+exit $((t1 - t0)) ms"

start_once() {
  local label=$1
  local t0 t1 pid code
  t0=$(now_ms)
  MILLRACE_DATA_DIR=$data MILLRACE_HTTP_PORT=$port MILLRACE_HTTP_HOST=127.0.0.1 MILLRACE_SRT_PORT=0 java -jar "$jar" >"$data/log-$label.txt" 2>&1 &
  pid=$!
  until code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" 2>/dev/null) && [[ $code == 200 ]]; do
    kill -0 $pid 2>/dev/null || { echo "server died"; cat "$data/log-$label.txt"; exit 1; }
    sleep 0.05
  done
  t1=$(now_ms)
  echo "$label: ready in $((t1 - t0)) ms"
  if [[ $label == warm-1 ]]; then
    sleep 15 # idle
    local jvm_rss pg_rss
    jvm_rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    pg_rss=$(ps -o rss= -C postgres | awk '{s+=$1} END {print s+0}')
    echo "idle RSS after 15 s: JVM $((jvm_rss / 1024)) MB, embedded PostgreSQL processes $((pg_rss / 1024)) MB (sum of RSS, shared pages counted per process)"
  fi
  kill -TERM $pid
  wait $pid || true
}

start_once cold   # first start: initdb + migrations
for i in $(seq 1 "$runs"); do start_once "warm-$i"; done
