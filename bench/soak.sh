#!/usr/bin/env bash
# Benchmark (issue 14): a long live session's cost per media minute, minute 1 against minute 120 (does a session's
# CPU grow with its age?). The all-in-one server with embedded defaults, one publisher: Debian's ffmpeg sending a
# 720p30 libx264 + AAC MPEG-TS (60 s of testsrc2 + sine, looped) over SRT, like bench/transcode-live.sh's source.
# The server's CPU (utime + stime of the whole JVM) and each of its threads are sampled every few seconds against
# the media the publisher has sent (ffmpeg -progress), then reported per media minute (bench/soak_sampler.py).
#
# Usage: bench/soak.sh [-r RATE] [-m MINUTES] [-s SAMPLE_S] [-j JAR] [-k]
#   -r 1   paced in real time (ffmpeg -re), the default: what a streamer does; 120 minutes take 2 hours
#   -r 3   accelerated: up to 3x real time (120 media minutes in 40 wall minutes or more): bench/soak_pacer.py sends
#          at 3x and holds back while the server's input queue fills, so a loaded machine slows the run instead of
#          dropping media (it reads /metrics once a second). The server does 3x the media
#          work per wall second; per media minute the transcode costs the same, while anything driven by wall-clock
#          timers (the 50 ms segment poll, metrics, Vert.x timers) costs 1/RATE of what it costs paced: the
#          per-thread table shows which threads those are, so paced figures can be derived (see docs/benchmarks.md).
#   -m 120 media minutes sent (default 120)
#   -k     keep the work directory (server log, samples) and print its path
# SOAK_NICE (0): the niceness of the whole run, server and publisher (a negative one lets a loaded machine hold the
# rate); SOAK_SOURCE: a 720p pattern made before (bench/transcode-common.sh make_source 720p 60) instead of a new one;
# SOAK_SEGMENT_MS (1000, the server's default): the server's segment target and the pattern's keyframe interval;
# SOAK_JAVA_OPTS: extra JVM options for the server (e.g. -XX:NativeMemoryTracking=summary to diff native memory
# with jcmd <pid> VM.native_memory summary.diff while it runs).
# Build first: mvn -B -q -DskipTests package (or pass -j with a jar built elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
segment_ms=${SOAK_SEGMENT_MS:-1000}; export MILLRACE_HLS_SEGMENT_MS=$segment_ms
nice=${SOAK_NICE:-0} rate=1 minutes=120 period=5 jar=server/target/millrace-server.jar keep=0
while getopts "r:m:s:j:k" opt; do
  case $opt in
    r) rate=$OPTARG ;; m) minutes=$OPTARG ;; s) period=$OPTARG ;; j) jar=$OPTARG ;; k) keep=1 ;;
    *) sed -n 8,17p "$0" >&2; exit 2 ;;
  esac
done
[[ -f $jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
source bench/transcode-common.sh
renice -n "$nice" -p $$ >/dev/null
work=$(mktemp -d /tmp/millrace-soak.XXXXXX)
pids=()
cleanup() {
  touch "$work/samples.csv.stop"
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ $keep == 1 ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

http=${SOAK_HTTP_PORT:-18190}; srt=${SOAK_SRT_PORT:-18990}; base=http://127.0.0.1:$http
MILLRACE_DATA_DIR=$work/data MILLRACE_HTTP_PORT=$http MILLRACE_HTTP_HOST=127.0.0.1 MILLRACE_SRT_PORT=$srt \
  MILLRACE_PUBLIC_URL=http://127.0.0.1 java ${SOAK_JAVA_OPTS:-} -jar "$jar" >"$work/server.log" 2>&1 &
server=$!
pids+=($server)
until curl -sf "$base/health" >/dev/null; do
  kill -0 $server 2>/dev/null || { echo "server died:" >&2; tail -20 "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
user=soak$RANDOM
curl -sf -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"email\":\"$user@example.com\",\"password\":\"a-long-soak-password\"}" \
  "$base/api/auth/register" >/dev/null
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
token=$(curl -sf -H 'Content-Type: application/json' -d "{\"login\":\"$user\",\"password\":\"a-long-soak-password\"}" \
  "$base/api/auth/login" | field accessToken)
stream=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d '{"title":"Soak"}' \
  "$base/api/streams")
id=$(field id <<<"$stream")
url=$(field srtUrl <<<"$stream")
if [[ -n ${SOAK_SOURCE:-} ]]; then cp "$SOAK_SOURCE" "$work/pattern.ts"; else make_source 720p 60 "$work/pattern.ts" $((30 * segment_ms / 1000)); fi

python3 bench/soak_sampler.py sample "$server" "$work/progress" "$work/samples.csv" "$work/threads.csv" "$period" \
  "$base/metrics" 30 &
pids+=($!)
start=$(date +%s)
# publish: starts the publisher in the background (its pid in $publisher).
publish() {
  rm -f "$work/progress"
  if [[ $rate == 1 ]]; then
    ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -i "$work/pattern.ts" \
      -t $((minutes * 60)) -c copy -f mpegts -progress "$work/progress" "$url" >"$work/ffmpeg.log" 2>&1 &
  else
    # Unpaced loop -> pacer (RATE x the pattern's byte rate, held back while the server's input queue fills) -> SRT.
    ffmpeg -hide_banner -loglevel error -nostdin -stream_loop -1 -i "$work/pattern.ts" -t $((minutes * 60)) \
      -c copy -f mpegts pipe:1 2>"$work/loop.log" | \
      python3 bench/soak_pacer.py "$rate" $(($(stat -c %s "$work/pattern.ts") / 60)) "$base/metrics" "$id" \
        2>"$work/pacer.log" | \
      ffmpeg -hide_banner -loglevel error -f mpegts -i pipe:0 -c copy -f mpegts -progress "$work/progress" "$url" \
        >"$work/ffmpeg.log" 2>&1 &
  fi
  publisher=$!
}
# A loaded server may refuse the publisher's start ("the service did not answer in time"): try again, a few times,
# while nothing was sent yet.
for try in 1 2 3 4 5; do
  publish
  sleep 20
  kill -0 $publisher 2>/dev/null && break
  sent=$(grep -o 'out_time_us=[0-9]*' "$work/progress" 2>/dev/null | tail -1 | cut -d= -f2 || true)
  (( ${sent:-0} > 60000000 )) && break
  echo "  publisher ended at once (try $try): $(tail -1 "$work/ffmpeg.log" 2>/dev/null)" >&2
  sleep 10
done
pids+=($publisher)
echo "soak: stream $id, rate ${rate}x, $minutes media minutes, server pid $server, work $work ($(date -u +%H:%M:%S) UTC)"
# The pipeline's meters go when it ends: keep the last copy taken while it runs (drops, frames encoded).
while kill -0 $publisher 2>/dev/null; do
  curl -sf "$base/metrics" >"$work/metrics.tmp" 2>/dev/null && mv "$work/metrics.tmp" "$work/metrics.txt"
  sent=$(grep -o 'out_time_us=[0-9]*' "$work/progress" 2>/dev/null | tail -1 | cut -d= -f2 || true)
  echo "  $(date -u +%H:%M:%S) media sent: $(( ${sent:-0} / 60000000 )) min, server CPU so far: $(awk -F, 'END {print $3}' "$work/samples.csv") s," \
    "input bytes dropped: $(awk '/^millrace_transcoder_dropped_input_bytes_total/ {print $2}' "$work/metrics.txt" 2>/dev/null)"
  sleep 60
done
wait $publisher || { echo "publisher failed:" >&2; tail -5 "$work/ffmpeg.log" >&2; }
sleep $((period * 2))
[[ -f $work/pacer.log ]] && cat "$work/pacer.log"
touch "$work/samples.csv.stop"
wall=$(($(date +%s) - start))

echo "== soak: ${rate}x, $minutes media minutes in $wall s wall"
python3 bench/soak_sampler.py report "$work/samples.csv" "$work/threads.csv"
echo "== last /metrics while the publisher ran (drops, frames)"
grep -E '^millrace_(transcoder_(dropped|frames_encoded)|srt_.*drop)' "$work/metrics.txt" || true
listed=$(find "$work/data/storage" -path "*/$id/*/source/index.m3u8" -exec grep -c '^#EXTINF' {} + 2>/dev/null | \
  awk -F: '{s += $NF} END {print s + 0}')
echo "source segments listed: $listed (${segment_ms} ms each: $((listed * segment_ms / 1000)) s of $((minutes * 60)) s sent)"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')," \
  "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
