#!/usr/bin/env bash
# Benchmark (issue 16): an uploaded 1080p30 H.264/AAC MP4 (default 60 s) through the upload pipeline (source copy +
# 720p + 480p + 360p + AAC as fMP4 HLS with 4 s segments, the fast-start MP4, poster, thumbnails) next to the ffmpeg
# CLI doing the same ladder with the same x264 settings (veryfast, GOP 4 s, no scene cut, VBV, 2 threads per rung)
# plus the same fast-start MP4 remux, on the same file in the same run. Speed = media seconds / wall seconds.
# Usage: bench/upload-transcode.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
src="$work/upload.mp4"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$seconds" -pix_fmt yuv420p \
  -c:v libx264 -preset veryfast -b:v 6M -maxrate 6M -bufsize 6M -g 120 -c:a aac -b:a 128k "$src"
mvn -B -q -o -pl uploads -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/target/upload-bench.classpath" >/dev/null
cp="uploads/target/classes:uploads/target/test-classes:transcoder/target/classes:hls/target/classes:core/target/classes:$(cat target/upload-bench.classpath)"
java -cp "$cp" org.millrace.uploads.bench.UploadTranscodeBench "$src" 2>&1 | grep '^millrace'
out="$work/cli"; mkdir -p "$out"/{source,720p,480p,360p,audio}
x264="keyint=120:min-keyint=120:scenecut=0:threads=2:sync-lookahead=0:nal-hrd=none"
rung() { # name width height bitrate(k)
  echo -map "[v$1]" -c:v libx264 -preset veryfast -profile:v high -b:v "$4k" -maxrate "$(($4 * 11 / 10))k" \
    -bufsize "$(($4 * 2))k" -x264-params "$x264" -f hls -hls_time 4 -hls_list_size 0 -hls_playlist_type vod \
    -hls_segment_type fmp4 "$out/$1/vod.m3u8"
}
/usr/bin/time -f "%e %U %S" -o "$work/time" ffmpeg -hide_banner -loglevel error -y -i "$src" \
  -filter_complex "[0:v]split=3[a][b][c];[a]scale=1280:720[v720p];[b]scale=854:480[v480p];[c]scale=640:360[v360p]" \
  -map 0:v -c:v copy -f hls -hls_time 4 -hls_list_size 0 -hls_playlist_type vod -hls_segment_type fmp4 "$out/source/vod.m3u8" \
  $(rung 720p 1280 720 3000) $(rung 480p 854 480 1400) $(rung 360p 640 360 800) \
  -map 0:a -c:a aac -b:a 128k -f hls -hls_time 4 -hls_list_size 0 -hls_playlist_type vod -hls_segment_type fmp4 "$out/audio/vod.m3u8" \
  -map 0:v -map 0:a -c copy -movflags +faststart "$out/video.mp4"
read -r wall user sys < "$work/time"
awk -v s="$seconds" -v w="$wall" -v u="$user" -v y="$sys" \
  'BEGIN { printf "ffmpeg-cli media=%ss wall=%.1fs speed=%.2fx cpu=%.1fs\n", s, w, s/w, u+y }'
