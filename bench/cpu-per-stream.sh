#!/usr/bin/env bash
# Benchmark (issue 14, item 5): CPU per live stream, paced in real time, against the ffmpeg CLI doing the same ladder
# paced the same way (-re), alternating in the same run: one 720p30 H.264 + AAC source (bench/transcode-common.sh),
# ladder source copy + 480p + 360p + AAC, libx264 veryfast with the pipeline's options (a GOP per segment, no scene cut,
# no B-frames, no rc-lookahead, 2 frame threads, no sync lookahead). Millrace: PacedTranscodeBench (the
# transcoder's TranscoderLiveInput fed 1316-byte chunks at the file's byte rate, into LocalStorage, parts and all);
# the CLI: one Debian ffmpeg process, split + scale, fMP4 HLS of the same segments, /usr/bin/time. Prints CPU seconds per
# media second of each. (A whole live server, SRT and all: bench/soak.sh -r 1.)
# Usage: bench/cpu-per-stream.sh [seconds] [rounds]   (default 60 s, 2 rounds)
# CPS_SEGMENT_MS (1000, the server's default): the segment target of both, the keyframe interval of the encoded rungs
# and of the source (so the copied rung is cut at it too).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/transcode-common.sh
seconds=${1:-60} rounds=${2:-2}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
src="$work/src.ts"
segment_ms=${CPS_SEGMENT_MS:-1000}; gop=$((30 * segment_ms / 1000))
make_source 720p "$seconds" "$src" "$gop"
cp=$(transcoder_classpath)
x264="keyint=$gop:min-keyint=$gop:scenecut=0:nal-hrd=none:threads=2:sync-lookahead=0:bframes=0:rc-lookahead=0"
hls=(-f hls -hls_time "$(awk -v m="$segment_ms" 'BEGIN { print m / 1000 }')" -hls_list_size 0 -hls_segment_type fmp4)
for round in $(seq 1 "$rounds"); do
  java -cp "$cp" org.millrace.transcoder.bench.PacedTranscodeBench "$src" "$seconds" "$segment_ms" 2>&1 | grep '^paced' | \
    awk -v r="$round" -v s="$seconds" '{ split($4, c, "="); sub("s", "", c[2]);
      printf "round %s millrace paced: %s cpu/media-s=%.3f\n", r, $0, c[2] / s }'
  out="$work/cli-$round"; mkdir -p "$out"/{source,480p,360p,audio}
  /usr/bin/time -f "%e %U %S" -o "$work/time" ffmpeg -hide_banner -loglevel error -y -re -i "$src" \
    -filter_complex "[0:v]split=2[a][b];[a]scale=854:480[v480];[b]scale=640:360[v360]" \
    -map 0:v -c:v copy "${hls[@]}" "$out/source/i.m3u8" \
    -map "[v480]" -c:v libx264 -preset veryfast -profile:v high -b:v 1400k -maxrate 1540k -bufsize 2800k \
      -x264-params "$x264" "${hls[@]}" "$out/480p/i.m3u8" \
    -map "[v360]" -c:v libx264 -preset veryfast -profile:v high -b:v 800k -maxrate 880k -bufsize 1600k \
      -x264-params "$x264" "${hls[@]}" "$out/360p/i.m3u8" \
    -map 0:a -c:a aac -b:a 128k "${hls[@]}" "$out/audio/i.m3u8"
  read -r wall user sys < "$work/time"
  awk -v r="$round" -v s="$seconds" -v w="$wall" -v u="$user" -v y="$sys" \
    'BEGIN { printf "round %s ffmpeg-cli paced: media=%ss wall=%.1fs cpu=%.1fs cpu/media-s=%.3f\n", r, s, w, u+y, (u+y)/s }'
done
echo "segments: ${segment_ms} ms (GOP $gop frames)"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')," \
  "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
