#!/usr/bin/env bash
# Benchmark (issue 5): the live transcoder's default ladder on a 720p30 source (source copy + 480p + 360p + one AAC)
# or a 1080p30 source (source copy + 720p + 480p + 360p + one AAC) next to the ffmpeg CLI doing the same ladder on
# the same input in the same run. Speed = media seconds / wall seconds, input unpaced.
# Usage: bench/transcode.sh [720p|1080p] [seconds] [presets...]   (default: 720p, 60 s; veryfast superfast ultrafast)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/transcode-common.sh
source_p=720p
if [[ ${1:-} == *p ]]; then source_p=$1; shift; fi
case "$source_p" in 720p|1080p) ;; *) echo "source must be 720p or 1080p" >&2; exit 2 ;; esac
seconds=${1:-60}; shift || true
presets=("$@"); [[ ${#presets[@]} -gt 0 ]] || presets=(veryfast superfast ultrafast)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
src="$work/src.ts"
make_source "$source_p" "$seconds" "$src"
cp=$(transcoder_classpath)
java -cp "$cp" org.millrace.transcoder.bench.TranscodeBench "$src" "$seconds" "${presets[@]}" 2>&1 | grep '^millrace'
for preset in "${presets[@]}"; do
  out="$work/cli-$preset"; mkdir -p "$out"/{source,720p,480p,360p,audio}
  gop=60
  x264="keyint=$gop:min-keyint=$gop:scenecut=0"
  rung720=()
  graph="[0:v]split=2[a][b];[a]scale=854:480[v480];[b]scale=640:360[v360]"
  if [[ $source_p == 1080p ]]; then
    graph="[0:v]split=3[a][b][c];[a]scale=854:480[v480];[b]scale=640:360[v360];[c]scale=1280:720[v720]"
    rung720=(-map "[v720]" -c:v libx264 -preset "$preset" -profile:v high -b:v 3000k -maxrate 3300k -bufsize 6000k
      -x264-params "$x264" -f hls -hls_time 2 -hls_list_size 0 -hls_segment_type fmp4 "$out/720p/i.m3u8")
  fi
  /usr/bin/time -f "%e %U %S" -o "$work/time" ffmpeg -hide_banner -loglevel error -y -i "$src" \
    -filter_complex "$graph" \
    -map 0:v -c:v copy -f hls -hls_time 2 -hls_list_size 0 -hls_segment_type fmp4 "$out/source/i.m3u8" \
    "${rung720[@]}" \
    -map "[v480]" -c:v libx264 -preset "$preset" -profile:v high -b:v 1400k -maxrate 1540k -bufsize 2800k -x264-params "$x264" \
      -f hls -hls_time 2 -hls_list_size 0 -hls_segment_type fmp4 "$out/480p/i.m3u8" \
    -map "[v360]" -c:v libx264 -preset "$preset" -profile:v high -b:v 800k -maxrate 880k -bufsize 1600k -x264-params "$x264" \
      -f hls -hls_time 2 -hls_list_size 0 -hls_segment_type fmp4 "$out/360p/i.m3u8" \
    -map 0:a -c:a aac -b:a 128k -f hls -hls_time 2 -hls_list_size 0 -hls_segment_type fmp4 "$out/audio/i.m3u8"
  read -r wall user sys < "$work/time"
  awk -v p="$preset" -v s="$seconds" -v w="$wall" -v u="$user" -v y="$sys" \
    'BEGIN { printf "ffmpeg-cli preset=%s media=%ss wall=%.1fs speed=%.2fx cpu=%.1fs cpu/media-s=%.2f\n", p, s, w, s/w, u+y, (u+y)/s }'
done
