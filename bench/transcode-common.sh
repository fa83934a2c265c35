# Sourced by bench/transcode.sh and bench/transcode-live.sh: the source they transcode and the classpath they run.

# make_source <720p|1080p> <seconds> <out.ts>: testsrc2 at 30 fps with a tone, H.264 (GOP 60) + AAC in MPEG-TS.
make_source() {
  local size rate
  case "$1" in
    720p) size=1280x720; rate=3M ;;
    1080p) size=1920x1080; rate=6M ;;
    *) echo "source must be 720p or 1080p" >&2; exit 2 ;;
  esac
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$size:rate=30" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$2" -pix_fmt yuv420p \
    -c:v libx264 -preset veryfast -b:v $rate -maxrate $rate -bufsize $rate -g 60 -c:a aac -b:a 128k -f mpegts "$3"
}

# transcoder_classpath: builds the transcoder's test classes and prints the classpath to run a bench main with.
transcoder_classpath() {
  mvn -B -q -o -pl transcoder -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/target/transcode-bench.classpath" >/dev/null || return 1
  echo "transcoder/target/classes:transcoder/target/test-classes:core/target/classes:$(cat target/transcode-bench.classpath)"
}
