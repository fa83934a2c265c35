#!/usr/bin/env bash
# Benchmark (issue 14): CPU per media second of the transcoder's pure-Java fMP4 packaging (parts of 333 ms, 2 s
# segments) on a 720p30 H.264 (B-frames, GOP 60) + AAC source, next to FFmpeg's mp4 muxer (the ffmpeg CLI, stream
# copy into fragments of 333 ms) on the same packets in the same run. Usage: bench/fmp4-packaging.sh [seconds] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
rounds=${2:-20}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=30" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$seconds" -pix_fmt yuv420p \
  -c:v libx264 -preset veryfast -b:v 3M -maxrate 3M -bufsize 3M -g 60 -bf 3 -c:a aac -b:a 128k "$work/src.mp4"
# The test classpath as surefire sees it (running one small test), which needs no plugin beyond the build's own.
mvn -B -q -o -pl transcoder -am test -Dtest=AnnexBTest -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
  >/dev/null
cp=$(grep -o 'name="surefire.test.class.path" value="[^"]*"' \
  transcoder/target/surefire-reports/TEST-org.millrace.transcoder.fmp4.AnnexBTest.xml | sed 's/.*value="//; s/"$//')
java -cp "$cp" org.millrace.transcoder.bench.PackagingBench "$work/src.mp4" "$seconds" "$rounds" 2>/dev/null \
  | grep '^millrace'
# Reference: demux + mux with FFmpeg (its demux is included; ours is not), the same rounds, output to /dev/null.
/usr/bin/time -f "%U %S" -o "$work/time" bash -c "for i in \$(seq $rounds); do ffmpeg -hide_banner -loglevel error \
  -y -i '$work/src.mp4' -c copy -f mp4 -movflags +frag_keyframe+empty_moov+default_base_moof \
  -frag_duration 333333 /dev/null; done"
read -r user sys < "$work/time"
awk -v s="$seconds" -v r="$rounds" -v u="$user" -v y="$sys" \
  'BEGIN { printf "ffmpeg-cli copy->fmp4 media=%ss rounds=%d cpu=%.3fs cpu-ms/media-s=%.3f\n", s, r, u+y, (u+y)*1000/(s*r) }'
