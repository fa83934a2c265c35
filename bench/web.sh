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

source bench/live-server.sh
start_server "$work" 18090 18890
new_stream "Web bench"
# 720p30 + AAC, 2 s GOPs, looped in real time for as long as the bench runs.
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi \
  -i "sine=frequency=440:sample_rate=48000" -t 60 -pix_fmt yuv420p -c:v libx264 -preset ultrafast -b:v 2M -g 60 \
  -c:a aac -b:a 96k -f mpegts "$work/pattern.ts"
ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -i "$work/pattern.ts" -c copy -f mpegts "$srt_url" \
  >"$work/ffmpeg.log" 2>&1 &
pids+=($!)
wait_live
sleep 6 # a few segments in every rendition, as a viewer arriving at a running stream finds them

echo "== watch page to first frame (stream $stream_id)"
node bench/web-first-frame.mjs "$base" "$stream_id" "$runs"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
