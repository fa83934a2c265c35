#!/usr/bin/env bash
# Benchmark (issue 13): the services as separate processes.
#  1. start-up of each role alone (JVM launch -> /health 200), idle RSS, and which heavy classes it loaded
#     (FFmpeg/javacv, the PostgreSQL clients, Hazelcast), next to the all-in-one server;
#  2. GET /api/auth/me latency at one client (p50/p99): the gateway -> auth event-bus hop inside one JVM (all-in-one)
#     vs across two clustered JVMs over loopback; and the bare event-bus round trip (ServiceRequest out,
#     ServiceResponse back, one at a time) in one JVM vs between two clustered JVMs (bench/BusRoundTrip.java);
#  3. authenticated GET /api/auth/me req/s: the all-in-one server vs 2 clustered gateways (one wrk each, summed) in
#     front of one auth,streams,vod process, the same run.
# Usage: bench/cluster.sh   (build first: mvn -B -q -DskipTests package; needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$PWD/server/target/millrace-server.jar
[[ -f $jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
work=$(mktemp -d /tmp/millrace-bench-cluster.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
now_ms() { date +%s%3N; }
secret=bench-cluster-jwt-secret-0123456789abcdefghijklmnop
key=bench-cluster-internal-key-0123456789abcdefghij
limits=(MILLRACE_LOGIN_ATTEMPTS_PER_IP=100000000 MILLRACE_LOGIN_FAILURES_PER_ACCOUNT=100000000
  MILLRACE_LOGIN_FAILURES_PER_ACCOUNT_PER_DAY=100000000)

java -cp "$jar" bench/EmbeddedPostgresMain.java "$work/pg" >"$work/pg.log" 2>&1 &
pids+=($!)
until grep -q PGPORT "$work/pg.log"; do sleep 0.2; done
db=postgresql://postgres@127.0.0.1:$(awk '/PGPORT/ {print $2}' "$work/pg.log")/postgres

# start NAME PORT ENV... : starts the jar with that environment, waits for /health 200; sets $pid and $ready_ms.
start() {
  local name=$1 port=$2
  shift 2
  local t0
  t0=$(now_ms)
  env MILLRACE_DATA_DIR="$work/$name" MILLRACE_HTTP_PORT="$port" MILLRACE_HTTP_HOST=127.0.0.1 MILLRACE_SRT_PORT=0 \
    MILLRACE_JWT_SECRET=$secret MILLRACE_INTERNAL_API_KEY=$key "${limits[@]}" "$@" \
    java -Xlog:class+load=info:file="$work/classes-$name.txt" -jar "$jar" >"$work/$name.log" 2>&1 &
  pid=$!
  pids+=($pid)
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" 2>/dev/null) == 200 ]]; do
    kill -0 $pid 2>/dev/null || { echo "$name died:"; tail -20 "$work/$name.log"; exit 1; }
    sleep 0.05
  done
  ready_ms=$(($(now_ms) - t0))
}
stop() { kill -TERM "$1"; wait "$1" 2>/dev/null || true; }
classes() { grep -c "$2" "$work/classes-$1.txt" || true; }

echo "== 1. start-up of each role alone (not clustered; database $db where the role needs one)"
printf '%-10s %9s %13s %8s %10s %10s\n' role ready_ms idle_rss_MB ffmpeg postgres hazelcast
for role in all gateway auth streams ingest recorder vod; do
  envs=()
  [[ $role != all ]] && envs+=(MILLRACE_SERVICES=$role)
  [[ $role =~ ^(auth|streams|recorder|vod)$ ]] && envs+=(MILLRACE_DATABASE_URL=$db)
  [[ $role == recorder ]] && envs+=(MILLRACE_VOD_IMPORT_URL=http://127.0.0.1:9)
  start "$role" 18090 "${envs[@]}"
  sleep 10
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$pid/status)
  printf '%-10s %9d %13d %8d %10d %10d\n' "$role" "$ready_ms" "$rss" "$(classes "$role" org.bytedeco)" \
    "$(classes "$role" 'org.postgresql\|io.vertx.pgclient')" "$(classes "$role" com.hazelcast)"
  stop "$pid"
done
echo "(ffmpeg/postgres/hazelcast: classes loaded from org.bytedeco, org.postgresql + io.vertx.pgclient, com.hazelcast)"

register() {
  local base=$1
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d '{"username":"bench","email":"bench@example.com","password":"bench-password-123"}' "$base/api/auth/register" || true
  curl -sf -X POST -H 'Content-Type: application/json' -d '{"login":"bench","password":"bench-password-123"}' \
    "$base/api/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])'
}

echo "== all-in-one (database $db)"
start allinone 18091 MILLRACE_DATABASE_URL=$db
allinone=$pid
token=$(register http://127.0.0.1:18091)
wrk -t1 -c8 -d5s -H "Authorization: Bearer $token" http://127.0.0.1:18091/api/auth/me >/dev/null
echo "-- 2. latency, one client, all-in-one (wrk -t1 -c1 -d10s --latency)"
wrk -t1 -c1 -d10s --latency -H "Authorization: Bearer $token" http://127.0.0.1:18091/api/auth/me | grep -E "50%|90%|99%|Requests/sec"
echo "-- 3. throughput, all-in-one (wrk -t2 -c32 -d15s)"
wrk -t2 -c32 -d15s -H "Authorization: Bearer $token" http://127.0.0.1:18091/api/auth/me | grep -E "Requests/sec|Non-2xx"
stop "$allinone"

echo "== cluster: auth,streams,vod + 2 gateways, clustered over loopback"
members=127.0.0.1:15801,127.0.0.1:15802,127.0.0.1:15803
cluster=(MILLRACE_DATABASE_URL=$db MILLRACE_CLUSTER_MEMBERS=$members)
start services 18092 "${cluster[@]}" MILLRACE_SERVICES=auth,streams,vod MILLRACE_CLUSTER_PORT=15801
services=$pid
echo "services ready in $ready_ms ms"
start gw1 18093 "${cluster[@]}" MILLRACE_SERVICES=gateway MILLRACE_CLUSTER_PORT=15802
gw1=$pid
echo "gateway 1 ready in $ready_ms ms"
start gw2 18094 "${cluster[@]}" MILLRACE_SERVICES=gateway MILLRACE_CLUSTER_PORT=15803
gw2=$pid
echo "gateway 2 ready in $ready_ms ms"
curl -s http://127.0.0.1:18093/health | python3 -c 'import json,sys; h=json.load(sys.stdin); print("gateway 1 sees", h["cluster"]["members"], "members")'
token=$(register http://127.0.0.1:18093)
wrk -t1 -c8 -d5s -H "Authorization: Bearer $token" http://127.0.0.1:18093/api/auth/me >/dev/null
wrk -t1 -c8 -d5s -H "Authorization: Bearer $token" http://127.0.0.1:18094/api/auth/me >/dev/null
echo "-- 2. latency, one client, gateway -> auth across JVMs (wrk -t1 -c1 -d10s --latency)"
wrk -t1 -c1 -d10s --latency -H "Authorization: Bearer $token" http://127.0.0.1:18093/api/auth/me | grep -E "50%|90%|99%|Requests/sec"
echo "-- 3. throughput, 2 gateways at once (wrk -t1 -c16 -d15s on each)"
wrk -t1 -c16 -d15s -H "Authorization: Bearer $token" http://127.0.0.1:18093/api/auth/me >"$work/w1.txt" &
w1=$!
wrk -t1 -c16 -d15s -H "Authorization: Bearer $token" http://127.0.0.1:18094/api/auth/me >"$work/w2.txt"
wait $w1
grep -E "Requests/sec|Non-2xx" "$work/w1.txt" "$work/w2.txt"
awk '/Requests\/sec/ {s += $2} END {printf "sum of both gateways: %.0f req/s\n", s}' "$work/w1.txt" "$work/w2.txt"

stop "$gw2"; stop "$gw1"; stop "$services" 2>/dev/null || true
echo "== 2b. bare event-bus round trips, 20000 one at a time after 4000 of warm-up (bench/BusRoundTrip.java)"
echo -n "one JVM:        "
java -cp "$jar" bench/BusRoundTrip.java local 20000 2>/dev/null | grep "round trips"
java -cp "$jar" bench/BusRoundTrip.java echo 15901 127.0.0.1:15901,127.0.0.1:15902 >"$work/echo.log" 2>&1 &
echo_pid=$!
pids+=($echo_pid)
until grep -q "ECHO READY" "$work/echo.log"; do sleep 0.2; done
echo -n "two JVMs:       "
java -cp "$jar" bench/BusRoundTrip.java ping 15902 127.0.0.1:15901,127.0.0.1:15902 20000 2>/dev/null | grep "round trips"
