#!/usr/bin/env bash
# Benchmark (issue 14): glass-to-glass latency as a new viewer sees it, in Debian's chromium, for four paths in one
# run: Millrace's watch page (/watch/<id>), bare hls.js in low-latency mode and bare hls.js classic on Millrace's live
# master, and the reference: nginx-rtmp HLS (2 s fragments, no transcoding) with bare hls.js defaults.
#
# One publisher (Debian ffmpeg: lavfi 720p30 + sine, paced in real time, libx264 veryfast, 2 s GOP, AAC) feeds both
# servers at once through the tee muxer (SRT to Millrace with a key from the API, RTMP to nginx), so both see the same
# encoded frames. Before encoding, each frame gets the wall-clock time it was made (setpts=RTCTIME, read after -re
# releases it, i.e. when a camera would hand it over) and its frame number burned in as rows of black/white boxes
# with a parity box each (see clock_filter); the page reads them back from every presented frame
# (requestVideoFrameCallback) and computes displayed-at − made-at (bench/glass-to-glass.mjs).
#
# Usage: bench/glass-to-glass.sh [warmup_s] [measure_s] [rounds]   (default 10 60 4: each path measured 60 s in total,
# one path at a time, in 4 windows (4 viewers joining) each after 10 s of warm-up; G2G_PARALLEL=1: all paths at once)
# Needs: a built server (mvn -B -q -DskipTests package), ffmpeg, chromium, e2e/node_modules (npm ci in e2e/), nginx
# with libnginx-mod-rtmp (apt-get install nginx libnginx-mod-rtmp). Ports: G2G_HTTP_PORT (18390), G2G_SRT_PORT
# (18392), G2G_NGINX_HTTP_PORT (18391), G2G_RTMP_PORT (19352). G2G_NICE (0): the niceness of everything the bench
# starts, and of its scheduler autogroup where the kernel groups by session (/proc/self/autogroup; there a process's
# own niceness only counts within its session); on a shared, loaded machine a negative one (as root) keeps other
# work from adding its own latency to the figures. G2G_TUNE: a libx264 -tune for the publisher (zerolatency shows
# the encoder's share; the default, none, is what OBS's x264 veryfast does). G2G_RUNGS=1 adds a path per rung of the
# ladder: the watch page with that rung picked in its quality menu; G2G_CONFIG='<json>' a bare hls.js path with that
# configuration; G2G_ONLY=name,... only the paths whose names start so. G2G_SEGMENT_MS (1000, the server default):
# Millrace's segment target (MILLRACE_HLS_SEGMENT_MS), the publisher's GOP and nginx-rtmp's hls_fragment alike.
set -euo pipefail
cd "$(dirname "$0")/.."
warmup=${1:-10}; measure=${2:-60}; rounds=${3:-4}
segment_ms=${G2G_SEGMENT_MS:-1000}; gop=$((30 * segment_ms / 1000))
export MILLRACE_HLS_SEGMENT_MS=$segment_ms
jar=server/target/millrace-server.jar
rtmp_module=/usr/lib/nginx/modules/ngx_rtmp_module.so
[[ -f $jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
[[ -f $rtmp_module ]] || { echo "needs nginx-rtmp: apt-get install nginx libnginx-mod-rtmp" >&2; exit 1; }
for tool in ffmpeg nginx curl node; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
[[ -d e2e/node_modules/playwright-core ]] || (cd e2e && npm ci --no-audit --no-fund >/dev/null)
http=${G2G_HTTP_PORT:-18390}; srt=${G2G_SRT_PORT:-18392}
nginx_http=${G2G_NGINX_HTTP_PORT:-18391}; rtmp=${G2G_RTMP_PORT:-19352}
nginx_base=http://127.0.0.1:$nginx_http
for port in "$http" "$srt" "$nginx_http" "$rtmp"; do
  if ss -Hlntu "sport = :$port" | grep -q .; then echo "port $port is in use (set G2G_*_PORT)" >&2; exit 1; fi
done
nice=${G2G_NICE:-0}
if [[ $nice != 0 && -w /proc/self/autogroup ]]; then echo "$nice" >/proc/self/autogroup; fi
work=$(mktemp -d /tmp/millrace-g2g.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n ${G2G_KEEP:-} ]] && echo "logs kept in $work" || rm -rf "$work"
}
trap cleanup EXIT
trap "exit 143" TERM INT

# The clock: row 0 = made-at wall clock in ms mod 2^24 (24 boxes + parity), row 1 = frame number mod 2^16 (16 boxes
# + parity); white = 1. 48 px boxes at 720p stay 16 px wide on a 240p rung. The pts is the wall clock only while
# the boxes are drawn (drawbox's enable sees t), then put back to N/30.
box=48
bits_of() { # <expression> <bits>: "mod(floor(E/2^k),2)" for each bit, and their sum (for the parity box)
  local e=$1 n=$2 k sum=""
  for ((k = 0; k < n; k++)); do
    bit="mod(floor(($e)/$((1 << k))),2)"
    echo "drawbox=x=$((k * box)):y=ROW:w=$box:h=$box:color=white:t=fill:enable='$bit'"
    sum+="${sum:++}$bit"
  done
  echo "drawbox=x=$((n * box)):y=ROW:w=$box:h=$box:color=white:t=fill:enable='mod($sum,2)'"
}
{
  echo "[0:v]settb=1/1000000,setpts=RTCTIME"
  echo "drawbox=x=0:y=0:w=$((25 * box)):h=$((2 * box)):color=black:t=fill"
  bits_of "floor(t*1000)" 24 | sed "s/ROW/0/"
  bits_of "n" 16 | sed "s/ROW/$box/"
  echo "settb=1/30,setpts=N[v]"
} | paste -sd, >"$work/clock.filter"

mkdir -p "$work/nginx/hls" "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
load_module $rtmp_module;
$([[ $EUID == 0 ]] && echo "user root;") # else the workers run as nobody and cannot write into the private work dir
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 256; }
rtmp {
  server {
    listen 127.0.0.1:$rtmp;
    application live { live on; hls on; hls_path $work/nginx/hls; hls_fragment ${segment_ms}ms; hls_playlist_length 20s; }
  }
}
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp; fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server {
    listen 127.0.0.1:$nginx_http;
    location /hls/ { alias $work/nginx/hls/; add_header Cache-Control no-cache; }
  }
}
EOF
nice -n "$nice" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" &
pids+=($!); nginx_pid=$!

source bench/live-server.sh
start_server "$work" "$http" "$srt" "$nice"
new_stream "Glass to glass"
id=$stream_id

# One encode, two outputs; onfail=ignore keeps one server's trouble from stopping the other's feed.
nice -n "$nice" ffmpeg -hide_banner -loglevel error -nostdin -re -f lavfi \
  -i "testsrc2=size=1280x720:rate=30[out0];sine=frequency=440:sample_rate=48000[out1]" \
  -filter_complex_script "$work/clock.filter" -map '[v]' -map 0:a -r 30 -pix_fmt yuv420p \
  -c:v libx264 -preset veryfast ${G2G_TUNE:+-tune "$G2G_TUNE"} -g $gop -keyint_min $gop -sc_threshold 0 -b:v 3M -maxrate 3M -bufsize 6M \
  -c:a aac -b:a 128k -flags +global_header \
  -f tee "[f=mpegts:onfail=ignore]$srt_url|[f=flv:onfail=ignore]rtmp://127.0.0.1:$rtmp/live/g2g" \
  >"$work/publisher.log" 2>&1 &
pids+=($!); publisher_pid=$!

wait_live test -f "$work/nginx/hls/g2g.m3u8"

mode=(--rounds "$rounds"); [[ -n ${G2G_PARALLEL:-} ]] && mode=(--parallel)
[[ -n ${G2G_RUNGS:-} ]] && mode+=(--rungs)
[[ -n ${G2G_CONFIG:-} ]] && mode+=(--config "$G2G_CONFIG")
[[ -n ${G2G_ONLY:-} ]] && mode+=(--only "$G2G_ONLY")
echo "== glass to glass (stream $id; ${measure} s measured per path after ${warmup} s warm-up; ${mode[*]})"
G2G_PIDS="millrace=$server_pid,nginx=$nginx_pid,publisher=$publisher_pid" \
  G2G_NICE=$nice nice -n "$nice" node bench/glass-to-glass.mjs --millrace "$base" --id "$id" --nginx "$nginx_base/hls/g2g.m3u8" \
  --warmup "$warmup" --seconds "$measure" "${mode[@]}"
echo "publisher: ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3), libx264 veryfast${G2G_TUNE:+ -tune $G2G_TUNE}, ${segment_ms} ms GOP and segments, 720p30 3 Mb/s + AAC, -re, tee to SRT and RTMP"
echo "server: $(git log -1 --format='%h %s' | cut -c1-80)"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//') load=$(cut -d' ' -f1-3 /proc/loadavg) nice=$nice"
