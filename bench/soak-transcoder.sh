#!/usr/bin/env bash
# Benchmark (issue 14): a session's cost and memory by age in the transcoder alone (no SRT, no server, no database):
# one live session of MINUTES media minutes, the 60 s pattern looped by ffmpeg (-c copy, continuous timestamps) into
# SoakBench, which holds the input instead of dropping it, so a loaded machine only slows it down. One line per
# media minute: CPU s, wall s, RSS, heap used/committed, javacpp's bytes. 720p: the default ladder (source copy +
# 480p + 360p + AAC); 240p: source copy + AAC only (no x264: what is left is demux, decode for the thumbnail,
# packaging, parts, playlists and puts, i.e. the per-segment costs that could grow with the session).
# Usage: bench/soak-transcoder.sh [720p|240p] [minutes]   (default 720p, 120). Runs with NMT on; the pid is printed
# for jcmd <pid> VM.native_memory baseline / summary.diff.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/transcode-common.sh
size=${1:-720p} minutes=${2:-120}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
case "$size" in
  720p) make_source 720p 60 "$work/src.ts" ;;
  240p) ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=426x240:rate=30" \
          -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 60 -pix_fmt yuv420p -c:v libx264 -preset veryfast \
          -b:v 400k -g 60 -c:a aac -b:a 128k -f mpegts "$work/src.ts" ;;
  *) echo "size must be 720p or 240p" >&2; exit 2 ;;
esac
cp=$(transcoder_classpath)
ffmpeg -hide_banner -loglevel error -nostdin -stream_loop -1 -i "$work/src.ts" -t $((minutes * 60)) -c copy \
  -f mpegts - | java -XX:NativeMemoryTracking=summary -cp "$cp" org.millrace.transcoder.bench.SoakBench &
sleep 2
echo "SoakBench pid: $(pgrep -n -f org.millrace.transcoder.bench.SoakBench)" >&2
wait
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')," \
  "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
