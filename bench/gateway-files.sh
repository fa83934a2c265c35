#!/usr/bin/env bash
# Benchmark (issue 15, point 2): the gateway serving /live and /vod files itself (all-in-one server, no nginx) against
# nginx serving the very same files from the server's storage directory, same run, with wrk (64 connections):
# one ~200 KB live segment, one live media playlist (plain and gzip), one VOD segment; first while the same server
# transcodes one 720p publisher, then with the publisher gone (the live session kept on air by the reconnect grace).
#
# Two streams publish Debian ffmpeg (lavfi 720p30 + sine, libx264 veryfast, 2 s GOP) over SRT: "vod" for 12 s (its
# session ends after the grace and is recorded: the VOD), "live" until the transcoding phase is measured.
#
# Usage: bench/gateway-files.sh [seconds per wrk run] [rounds]   (default 4 3: each figure is `rounds` wrk runs of
# that many seconds, gateway and nginx alternating, so a burst of other load on the machine hits both alike;
# req/s is the total over the rounds, p99 the median of the rounds' p99s)
# Env: GWB_JAR (server/target/millrace-server.jar), GWB_CONNECTIONS (64), GWB_THREADS (2), GWB_HTTP_PORT (18490),
# GWB_SRT_PORT (18492), GWB_NGINX_PORT (18491), GWB_KEEP=1 keeps the work dir, GWB_JAVA_OPTS extra JVM options
# (e.g. -XX:StartFlightRecording=filename=/tmp/gw.jfr,settings=profile to profile the run), GWB_NICE (0): the
# niceness of everything the bench starts (server, nginx, publishers, wrk alike), and of its scheduler autogroup
# where the kernel groups by session; on a shared, loaded machine a negative one (as root) keeps other work from
# deciding the figures. GWB_WARMUP (20): seconds of wrk load on each gateway URL before it is measured, so that the
# figures are the JIT-compiled steady state of a server that has been serving for a while, not its first seconds
# (a 1 s warm-up measured the gateway at 5,400 req/s where it serves 11,000-13,000 once warm; nginx needs none,
# it gets 2 s so that both start from a warm page cache and open connections). The first phase warms every target;
# the second gets 2 s each.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-4}; rounds=${2:-3}; warmup=${GWB_WARMUP:-20}
jar=${GWB_JAR:-server/target/millrace-server.jar}
conns=${GWB_CONNECTIONS:-64}; threads=${GWB_THREADS:-2}
http=${GWB_HTTP_PORT:-18490}; srt=${GWB_SRT_PORT:-18492}; nginx_port=${GWB_NGINX_PORT:-18491}
grace=150 # the VOD is ready ~grace s after its publisher stops; the alone phase must end within grace of the other's
[[ -f $jar ]] || { echo "build first: mvn -B -o -q -pl server -am -DskipTests package" >&2; exit 1; }
for tool in ffmpeg nginx curl wrk jq; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
for port in "$http" "$srt" "$nginx_port"; do
  if ss -Hlntu "sport = :$port" | grep -q .; then echo "port $port is in use (set GWB_*_PORT)" >&2; exit 1; fi
done
nice=${GWB_NICE:-0}
if [[ $nice != 0 && -w /proc/self/autogroup ]]; then echo "$nice" >/proc/self/autogroup; fi
base=http://127.0.0.1:$http; edge=http://127.0.0.1:$nginx_port
work=$(mktemp -d /tmp/millrace-gwbench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n ${GWB_KEEP:-} ]] && echo "work dir kept: $work" || rm -rf "$work"
}
trap cleanup EXIT
trap "exit 143" TERM INT

MILLRACE_DATA_DIR=$work/data MILLRACE_HTTP_PORT=$http MILLRACE_HTTP_HOST=127.0.0.1 MILLRACE_SRT_PORT=$srt \
  MILLRACE_PUBLIC_URL=http://127.0.0.1 MILLRACE_RECONNECT_GRACE_SECONDS=$grace \
  nice -n "$nice" java ${GWB_JAVA_OPTS:-} -jar "$jar" >"$work/server.log" 2>&1 &
pids+=($!); server_pid=$!
for i in $(seq 900); do
  curl -sf "$base/health" >/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "server exited" >&2; tail -20 "$work/server.log" >&2; exit 1; }
  [[ $i == 900 ]] && { echo "server not healthy after 180 s" >&2; tail -20 "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
storage=$work/data/storage/millrace # local storage: <data dir>/storage/<bucket>/<key>

# nginx serves the storage directory as it is (the reference): sendfile, keep-alive, gzip for playlists.
mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<EOF
$([[ $EUID == 0 ]] && echo "user root;")
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp; fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  types { application/vnd.apple.mpegurl m3u8; video/mp4 m4s mp4; }
  gzip on; gzip_types application/vnd.apple.mpegurl;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { root $storage; }
  }
}
EOF
nice -n "$nice" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" &
pids+=($!)

user=gwb$RANDOM
json() { curl -sf -H 'Content-Type: application/json' ${token:+-H "Authorization: Bearer $token"} "$@"; }
json -d "{\"username\":\"$user\",\"email\":\"$user@example.com\",\"password\":\"a-long-bench-password\"}" "$base/api/auth/register" >/dev/null
token=$(json -d "{\"login\":\"$user\",\"password\":\"a-long-bench-password\"}" "$base/api/auth/login" | jq -r .accessToken)
live=$(json -d '{"title":"Gateway bench live"}' "$base/api/streams")
vod=$(json -d '{"title":"Gateway bench vod"}' "$base/api/streams")
live_id=$(jq -r .id <<<"$live")

publish() { # <srt url> [seconds]
  nice -n "$nice" ffmpeg -hide_banner -loglevel error -nostdin -re -f lavfi \
    -i "testsrc2=size=1280x720:rate=30[out0];sine=frequency=440:sample_rate=48000[out1]" ${2:+-t "$2"} \
    -pix_fmt yuv420p -c:v libx264 -preset veryfast -g 60 -keyint_min 60 -sc_threshold 0 -b:v 3M -maxrate 3M \
    -bufsize 6M -c:a aac -b:a 128k -f mpegts "$1"
}
publish "$(jq -r .srtUrl <<<"$vod")" 12 >"$work/publisher-vod.log" 2>&1 &
pids+=($!)
publish "$(jq -r .srtUrl <<<"$live")" >"$work/publisher-live.log" 2>&1 &
pids+=($!); live_pid=$!

# The live files: a rendition's playlist, and the segment of any rendition whose size is nearest 200 KB.
for i in $(seq 300); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/live/$live_id/master.m3u8") == 200 ]] \
    && [[ $(find "$storage/live/$live_id" -name '*.m4s' 2>/dev/null | grep -c '/[0-9]*\.m4s$') -ge 12 ]] && break
  [[ $i == 300 ]] && { echo "no live segments after 60 s" >&2; tail -n 5 "$work/server.log" "$work/publisher-live.log" >&2; exit 1; }
  sleep 0.2
done
segment=$(find "$storage/live/$live_id" -regex '.*/[0-9]+\.m4s' -printf '%s %P\n' \
  | awk '{d = $1 - 200000; if (d < 0) d = -d; print d, $1, $2}' | sort -n | head -1)
segment_bytes=$(cut -d' ' -f2 <<<"$segment"); segment_path=live/$live_id/$(cut -d' ' -f3 <<<"$segment")
playlist_path=$(dirname "$segment_path")/index.m3u8
echo "live segment: $segment_path ($segment_bytes bytes); playlist: $playlist_path ($(stat -c %s "$storage/$playlist_path") bytes)"

# The VOD: the "vod" stream's recording, ready ~grace s after its publisher stopped.
vod_path=
for i in $(seq 400); do
  video=$(json "$base/api/recordings" | jq -r '[.. | objects | select(.status? == "ready" and .videoId? != null)][0].videoId // empty' || true)
  if [[ -n $video ]]; then
    rendition_playlist=$(curl -sf "$base/vod/$video/master.m3u8" | grep -v '^#' | head -1)
    seg=$(curl -sf "$base/vod/$video/$rendition_playlist" | grep -v '^#' | grep -E '^[0-9]+\.m4s$' | head -3 | tail -1 || true)
    [[ -n $seg ]] && { vod_path=$(dirname "$rendition_playlist")/$seg; break; }
  fi
  [[ $i == 400 ]] && { echo "no recording ready after $((grace + 200)) s" >&2; tail -n 5 "$work/server.log" >&2; exit 1; }
  sleep 1
done
# Where that file lies in storage: the same bytes, found by size and content.
vod_url=$base/vod/$video/$vod_path
curl -sf -o "$work/vod.m4s" "$vod_url"
vod_file=$(find "$storage" -name "$(basename "$vod_path")" -size "$(stat -c %s "$work/vod.m4s")c" -newer "$work/nginx/nginx.conf" \
  -exec cmp -s "$work/vod.m4s" {} \; -print | grep -v "^$storage/live/$live_id/" | head -1)
[[ -n $vod_file ]] || { echo "cannot find the VOD segment in storage" >&2; exit 1; }
echo "vod segment: /vod/$video/$vod_path = ${vod_file#$storage/} ($(stat -c %s "$vod_file") bytes)"

# run <label> <url> [header]: one wrk run; prints req/s and p99 in ms.
run() {
  local out rps p99
  out=$(nice -n "$nice" wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency ${3:+-H "$3"} "$2")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) sub(/ms/, "", v); else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}; print v}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  [[ -n $non2xx ]] && echo "WARNING $1: $non2xx non-2xx answers" >&2
  echo "$rps $p99"
}
# summary <"rps p99" lines>: mean req/s over the rounds, median p99
summary() { sort -k2 -n | awk '{r += $1; p[NR] = $2} END {print r / NR, p[int((NR + 1) / 2)]}'; }
# compare <phase> <what> <gateway url> <nginx url> [header]
compare() {
  local g="" n="" i
  curl -sf -o /dev/null ${5:+-H "$5"} "$3" || { echo "gateway refuses $3" >&2; exit 1; }
  curl -sf -o /dev/null ${5:+-H "$5"} "$4" || { echo "nginx refuses $4" >&2; exit 1; }
  nice -n "$nice" wrk -t"$threads" -c"$conns" -d"${warm}s" ${5:+-H "$5"} "$3" >/dev/null # warm-up (JIT)
  nice -n "$nice" wrk -t"$threads" -c"$conns" -d2s ${5:+-H "$5"} "$4" >/dev/null
  for ((i = 0; i < rounds; i++)); do
    g+="$(run gateway "$3" "${5:-}")"$'\n'; n+="$(run nginx "$4" "${5:-}")"$'\n'
  done
  g=$(grep . <<<"$g" | summary); n=$(grep . <<<"$n" | summary)
  printf '%-12s %-20s gateway %7.0f req/s p99 %7.1f ms | nginx %7.0f req/s p99 %7.1f ms | ratio %.2f\n' \
    "$1" "$2" ${g% *} ${g#* } ${n% *} ${n#* } "$(awk -v a="${g% *}" -v b="${n% *}" 'BEGIN {print a / b}')"
}
measure() {
  compare "$1" "live segment" "$base/$segment_path" "$edge/$segment_path"
  compare "$1" "live playlist" "$base/$playlist_path" "$edge/$playlist_path"
  compare "$1" "live playlist gzip" "$base/$playlist_path" "$edge/$playlist_path" "Accept-Encoding: gzip"
  compare "$1" "vod segment" "$vod_url" "$edge/${vod_file#$storage/}"
}
echo "== wrk -t$threads -c$conns -d${seconds}s --latency, $rounds rounds each after ${warmup} s of warm-up (2 s in the second phase); gateway = Millrace all-in-one, nginx = static files from its storage dir"
warm=$warmup measure transcoding
kill -TERM "$live_pid" 2>/dev/null || true
sleep 3 # the transcoder notices the end of the feed
warm=2 measure alone # the gateway's code is compiled by now; this phase must end within the grace
echo "jar: $jar, built $(date -u -r "$jar" +%FT%TZ); worktree at $(git log -1 --format=%h)"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//') load=$(cut -d' ' -f1-3 /proc/loadavg) nice=$nice"
