#!/usr/bin/env bash
# Benchmark (issue 16): time from an upload's last byte (its row turns 'queued', the source in storage) to a playable
# video (master, first media playlist and first segment answer 200 from /vod/<id>/) in the all-in-one server, for a
# generated H.264/AAC MP4 (default: 10 minutes of 720p30; the worker copies it and encodes 480p + 360p + AAC).
# Usage: bench/upload-to-playable.sh [seconds] [WxH]   (needs `npm install` in web/ once, as every server build)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}; size=${2:-1280x720}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
src="$work/upload.mp4"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$size:rate=30" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$seconds" -pix_fmt yuv420p \
  -c:v libx264 -preset veryfast -b:v 3M -maxrate 3M -bufsize 3M -g 120 -c:a aac -b:a 128k "$src"
mvn -B -q -o -pl server -am test-compile dependency:build-classpath -Dmdep.includeScope=test -DskipTests \
  -Dmdep.outputFile="$PWD/target/upload-playable.classpath" >/dev/null
git checkout -q web/package-lock.json 2>/dev/null || true
cp="server/target/classes:server/target/test-classes:$(cat target/upload-playable.classpath)"
java -cp "$cp" org.millrace.server.UploadToPlayableBench "$src" 2>&1 | grep '^millrace'
