#!/usr/bin/env bash
# Benchmark (issue 7): the web app's download per route (gzipped) and the time from opening a live watch page to the
# first frame on loopback, next to hls.js's bare player on the same stream in the same run.
# Usage: bench/web.sh [runs]   (build first: mvn -B -q -DskipTests package; needs ffmpeg, chromium, e2e/node_modules)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
jar=server/target/millrace-server.jar
[[ -f $jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
[[ -d e2e/node_modules/playwright-core ]] || (cd e2e && npm ci --no-audit --no-fund >/dev/null)
work=$(mktemp -d /tmp/millrace-web-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== download per route (web/target/classes/webroot)"
node bench/web-bundle.mjs web/target/classes/webroot

http=18090; srt=18890; base=http://127.0.0.1:$http
MILLRACE_DATA_DIR=$work/data MILLRACE_HTTP_PORT=$http MILLRACE_HTTP_HOST=127.0.0.1 MILLRACE_SRT_PORT=$srt \
  MILLRACE_PUBLIC_URL=http://127.0.0.1 java -jar "$jar" >"$work/server.log" 2>&1 &
pids+=($!)
until curl -sf "$base/health" >/dev/null; do sleep 0.2; done
user=bench$RANDOM
curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"email\":\"$user@example.com\",\"password\":\"a-long-bench-password\"}" "$base/api/auth/register" >/dev/null
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }
token=$(curl -sf -H 'Content-Type: application/json' -d "{\"login\":\"$user\",\"password\":\"a-long-bench-password\"}" "$base/api/auth/login" | field accessToken)
stream=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d '{"title":"Web bench"}' "$base/api/streams")
id=$(field id <<<"$stream")
url=$(field srtUrl <<<"$stream")
# 720p30 + AAC, 2 s GOPs, looped in real time for as long as the bench runs.
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi \
  -i "sine=frequency=440:sample_rate=48000" -t 60 -pix_fmt yuv420p -c:v libx264 -preset ultrafast -b:v 2M -g 60 \
  -c:a aac -b:a 96k -f mpegts "$work/pattern.ts"
ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -i "$work/pattern.ts" -c copy -f mpegts "$url" \
  >"$work/ffmpeg.log" 2>&1 &
pids+=($!)
for i in $(seq 300); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/live/$id/master.m3u8") == 200 ]] && break
  [[ $i == 300 ]] && { echo "no live playlist after 60 s" >&2; tail -20 "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
sleep 6 # a few segments in every rendition, as a viewer arriving at a running stream finds them

echo "== watch page to first frame (stream $id)"
node bench/web-first-frame.mjs "$base" "$id" "$runs"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
