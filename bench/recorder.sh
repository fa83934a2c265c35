#!/usr/bin/env bash
# Benchmark (issue 6): turning an ended 10-minute live session into a recording (VOD playlists, fast-start MP4 of
# the top video rendition + audio without re-encoding, poster, thumbnails) with SessionRecordingBuilder, next to the
# ffmpeg CLI remuxing the same two playlists into a fast-start MP4 in the same run.
# Usage: bench/recorder.sh [loops] [runs]   (default: 10 loops of the 60 s source = 10 minutes; 5 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
loops=${1:-10}; runs=${2:-5}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
session="$work/storage/live/bench/sess"
mkdir -p "$session"/{source,audio}
# 60 s of 1080p30 + a tone at ~6 Mb/s (GOP 2 s), encoded once, then looped without re-encoding.
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 60 -pix_fmt yuv420p \
  -c:v libx264 -preset ultrafast -b:v 6M -maxrate 6M -bufsize 6M -g 60 -keyint_min 60 -sc_threshold 0 \
  -c:a aac -b:a 128k "$work/src.mp4"
for r in source audio; do
  if [[ $r == source ]]; then map=0:v; else map=0:a; fi
  # Named like the transcoder's: init-<first sequence>.mp4 and <sequence>.m4s, 2 s segments.
  ffmpeg -hide_banner -loglevel error -y -stream_loop $((loops - 1)) -i "$work/src.mp4" -map $map -c copy \
    -f hls -hls_time 2 -hls_list_size 0 -hls_segment_type fmp4 -hls_fmp4_init_filename init-0.mp4 \
    -hls_segment_filename "$session/$r/%d.m4s" "$session/$r/index.m3u8"
done
cp -r "$session/source" "$session/360p"   # a second video rendition, so the inventory lists several
cat > "$session/master.m3u8" <<'M3U8'
#EXTM3U
#EXT-X-VERSION:7
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/index.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=7261000,AVERAGE-BANDWIDTH=6434000,RESOLUTION=1920x1080,FRAME-RATE=30.000,CODECS="avc1.640028,mp4a.40.2",AUDIO="aac"
source/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=1100000,AVERAGE-BANDWIDTH=1000000,RESOLUTION=640x360,FRAME-RATE=30.000,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aac"
360p/index.m3u8
M3U8
echo "session: $(ls "$session/source" | grep -c m4s) segments per rendition, $(du -sh "$session" | cut -f1)"
mvn -B -q -o -pl recorder -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/target/recorder-bench.classpath" >/dev/null
cp="recorder/target/classes:recorder/target/test-classes:core/target/classes:$(cat target/recorder-bench.classpath)"
java -cp "$cp" org.millrace.recorder.bench.RecorderBench "$work/storage" bench sess "$runs" 2>&1 | grep -E "^millrace|recording bench"
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e" -o "$work/time" ffmpeg -hide_banner -loglevel error -y \
    -i "$session/source/index.m3u8" -i "$session/audio/index.m3u8" -map 0:v -map 1:a -c copy \
    -movflags +faststart "$work/cli.mp4"
  echo "ffmpeg-cli run=$i remux=$(cat "$work/time")s"
done
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
