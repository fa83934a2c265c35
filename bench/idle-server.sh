#!/usr/bin/env bash
# Benchmark (issue 14): what the all-in-one server costs with nothing to do (no publisher, no viewer): the JVM's
# CPU (and its busiest threads) and the embedded PostgreSQL's, over a window after start-up settles, and how many
# transactions the database committed meanwhile. Run it for two jars in one go to compare them.
# Usage: bench/idle-server.sh [seconds] [jar...]   (default: 60 s, server/target/millrace-server.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}; shift || true
jars=("$@"); [[ ${#jars[@]} -gt 0 ]] || jars=(server/target/millrace-server.jar)
ticks=$(getconf CLK_TCK)
server=
trap '[[ -n $server ]] && kill -TERM $server 2>/dev/null; wait 2>/dev/null || true' EXIT
for jar in "${jars[@]}"; do
  for attempt in 1 2 3; do # a loaded machine can time out the start-up's database connections: try again
    work=$(mktemp -d /tmp/millrace-idle.XXXXXX)
    http=$((20000 + RANDOM % 9000 * 2))
    MILLRACE_DATA_DIR=$work/data MILLRACE_HTTP_PORT=$http MILLRACE_HTTP_HOST=127.0.0.1 MILLRACE_SRT_PORT=$((http + 1)) \
      MILLRACE_PUBLIC_URL=http://127.0.0.1 java -jar "$jar" >"$work/server.log" 2>&1 &
    server=$!
    until curl -sf http://127.0.0.1:$http/health >/dev/null || ! kill -0 $server 2>/dev/null; do sleep 0.5; done
    kill -0 $server 2>/dev/null && break
    echo "start-up failed (attempt $attempt): $(grep -m1 'failed to start' "$work/server.log")" >&2
    wait $server 2>/dev/null || true
    rm -rf "$work"
    [[ $attempt == 3 ]] && exit 1
  done
  sleep 20 # start-up's JIT and migrations settle
  pg=$(pgrep -f "postgres -D $work/data/postgres" | head -1)
  port=$(grep -o '127.0.0.1:[0-9]* with data' "$work/server.log" | cut -d: -f2 | cut -d' ' -f1)
  pg_ticks() { local s=0 p; for p in $pg $(pgrep -P "$pg"); do [[ -r /proc/$p/stat ]] && s=$((s + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $s; }
  commits() { psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc "SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'"; }
  threads() { # tid, CPU ticks, name; a thread may end while being read
    local t
    for t in /proc/$server/task/*; do
      echo "$(cut -d' ' -f1 $t/stat 2>/dev/null) $(awk -F') ' '{split($2, f, " "); print f[12] + f[13]}' $t/stat 2>/dev/null) $(tr ' ' '_' <$t/comm 2>/dev/null)" || true
    done | awk 'NF == 3'
  }
  jvm0=$(awk '{print $14 + $15}' /proc/$server/stat); pg0=$(pg_ticks); c0=$(commits); threads >"$work/t0"
  sleep "$seconds"
  jvm1=$(awk '{print $14 + $15}' /proc/$server/stat); pg1=$(pg_ticks); c1=$(commits); threads >"$work/t1"
  echo "== $jar ($(unzip -p "$jar" META-INF/MANIFEST.MF 2>/dev/null | grep -i 'build\|version' | head -1 | tr -d '\r'))"
  awk -v j=$((jvm1 - jvm0)) -v p=$((pg1 - pg0)) -v t="$ticks" -v s="$seconds" -v c=$((c1 - c0)) 'BEGIN {
    printf "idle %d s: JVM %.2f CPU s (%.2f %% of a core), PostgreSQL %.2f CPU s (%.2f %%), %d transactions (%.1f/s)\n",
      s, j / t, 100 * j / t / s, p / t, 100 * p / t / s, c, c / s }'
  join <(sort "$work/t0") <(sort "$work/t1") | awk -v t="$ticks" '{ d = ($4 - $2) / t; if (d > 0) printf "  %-28s %.2f s\n", $3, d }' |
    sort -k2 -nr | head -6
  kill -TERM $server; wait $server 2>/dev/null || true
  rm -rf "$work"
done
echo "machine: nproc=$(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg)"
