#!/usr/bin/env bash
# Benchmark (issue 3): authenticated GET /api/auth/me throughput next to nginx serving the same bytes, and /health
# latency while 32 clients log in continuously (bcrypt cost 12).
# Usage: bench/auth.sh   (build first: mvn -B -q -DskipTests package; needs wrk and nginx: apt-get install wrk nginx-light)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=server/target/millrace-server.jar
[[ -f $jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
port=18081
nginx_port=18082
work=$(mktemp -d /tmp/millrace-bench-auth.XXXXXX)
cleanup() {
  [[ -n ${server_pid:-} ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
base=http://127.0.0.1:$port

# The benchmark logs in far more often than a person would: lift the login limits for this run only.
MILLRACE_DATA_DIR=$work/data MILLRACE_HTTP_PORT=$port MILLRACE_HTTP_HOST=127.0.0.1 MILLRACE_SRT_PORT=0 \
  MILLRACE_LOGIN_ATTEMPTS_PER_IP=100000000 MILLRACE_LOGIN_FAILURES_PER_ACCOUNT=100000000 \
  MILLRACE_LOGIN_FAILURES_PER_ACCOUNT_PER_DAY=100000000 \
  java -jar "$jar" >"$work/server.log" 2>&1 &
server_pid=$!
until curl -sf -o /dev/null "$base/health"; do sleep 0.1; done

curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
  -d '{"username":"bench","email":"bench@example.com","password":"bench-password-123"}' "$base/api/auth/register"
token=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"login":"bench","password":"bench-password-123"}' \
  "$base/api/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
me=$(curl -sf -H "Authorization: Bearer $token" "$base/api/auth/me")

# Reference: nginx serving the same response body as a static file, same wrk settings.
mkdir -p "$work/www"
chmod 755 "$work" "$work/www"  # nginx workers run as www-data
printf '%s' "$me" >"$work/www/me.json"
chmod 644 "$work/www/me.json"
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$nginx_port; root $work/www; location / { default_type application/json; } }
}
NGINX
nginx -c "$work/nginx.conf"

echo "== warm-up"
wrk -t2 -c32 -d5s -H "Authorization: Bearer $token" "$base/api/auth/me" >/dev/null
echo "== Millrace GET /api/auth/me (authenticated), wrk -t2 -c32 -d15s"
wrk -t2 -c32 -d15s --latency -H "Authorization: Bearer $token" "$base/api/auth/me"
echo "== reference: nginx static file of the same bytes, wrk -t2 -c32 -d15s"
wrk -t2 -c32 -d15s --latency "http://127.0.0.1:$nginx_port/me.json"

echo "== /health latency, idle (wrk -t1 -c1 -d10s)"
wrk -t1 -c1 -d10s --latency "$base/health"
cat >"$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"login":"bench","password":"bench-password-123"}'
wrk.headers["Content-Type"] = "application/json"
LUA
echo "== /health latency while 32 clients log in (wrk -t1 -c32 -d25s login loop)"
wrk -t1 -c32 -d25s --timeout 30s -s "$work/login.lua" "$base/api/auth/login" >"$work/login.txt" &
login_pid=$!
sleep 5
wrk -t1 -c1 -d15s --latency "$base/health"
wait $login_pid
echo "== the login load itself"
cat "$work/login.txt"
