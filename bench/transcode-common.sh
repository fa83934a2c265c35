# Sourced by bench/transcode.sh and bench/transcode-live.sh: the source they transcode and the classpath they run.

# make_source <720p|1080p> <seconds> <out.ts>: testsrc2 at 30 fps with a tone, H.264 (GOP 60) + AAC in MPEG-TS.
make_source() {
  local size rate gop=${4:-60}
  case "$1" in
    720p) size=1280x720; rate=3M ;;
    1080p) size=1920x1080; rate=6M ;;
    *) echo "source must be 720p or 1080p" >&2; exit 2 ;;
  esac
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$size:rate=30" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$2" -pix_fmt yuv420p \
    -c:v libx264 -preset veryfast -b:v $rate -maxrate $rate -bufsize $rate -g "$gop" -c:a aac -b:a 128k -f mpegts "$3"
}

# transcoder_classpath: builds the transcoder's test classes and prints the classpath to run a bench main with.
# dependency:build-classpath needs the plugin's own dependencies, which an offline repository may lack: then the
# runtime dependencies come from the server's shaded jar (MILLRACE_JAR, default server/target/millrace-server.jar,
# built by `mvn -B -q -DskipTests package`), after the freshly compiled classes so those win.
transcoder_classpath() {
  if mvn -B -q -o -pl transcoder -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$PWD/target/transcode-bench.classpath" >/dev/null 2>&1; then
    echo "transcoder/target/classes:transcoder/target/test-classes:core/target/classes:$(cat target/transcode-bench.classpath)"
    return
  fi
  local jar=${MILLRACE_JAR:-server/target/millrace-server.jar}
  [[ -f $jar ]] || { echo "dependency:build-classpath failed and $jar is missing: build it first" >&2; return 1; }
  mvn -B -q -o -pl transcoder -am test-compile >/dev/null || return 1
  echo "transcoder/target/classes:transcoder/target/test-classes:core/target/classes:hls/target/classes:$jar"
}
