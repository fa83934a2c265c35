#!/usr/bin/env bash
# Benchmark (issue 15): how many player-like HLS viewers (org.millrace.hls.viewers.ViewerLoad, java.net.http, no
# browser) one live 720p stream holds with < 1 % late segments, against (a) the gateway alone, (b) the project's
# caching nginx edge (nginx/millrace.conf.template) in front of the gateway and (c) nginx serving the same session's
# files from the storage directory (the limit), in the same run, interleaved per viewer count. Also: the edge's
# origin requests per new media object (its access log: lines with an upstream address).
# Usage: bench/viewers.sh [seconds per step] [viewer counts...]     (default: 30 s; 50 100 200 400 800)
#   VIEWERS_MODE=ll   LL-HLS blocking reload + parts (the static limit is then classic: nginx cannot block)
#   VIEWERS_KEEP=1    keep the work dir (logs)
#   VIEWERS_NICE=-5   run everything of this benchmark at that priority (root only; on a machine shared with others)
# Needs server/target/millrace-server.jar (mvn -B -q -DskipTests package), Debian's nginx and ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}; shift || true
counts=("$@"); [[ ${#counts[@]} -gt 0 ]] || counts=(50 100 200 400 800)
mode=${VIEWERS_MODE:-classic}
jar=server/target/millrace-server.jar
[[ -f $jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
for tool in ffmpeg nginx curl python3; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
mvn -B -q -o -pl hls -Dexec.skip=true test-compile
cp=hls/target/classes:hls/target/test-classes
http=${VIEWERS_HTTP_PORT:-18490}; srt=${VIEWERS_SRT_PORT:-18492}; edge=${VIEWERS_EDGE_PORT:-18493}
static=${VIEWERS_STATIC_PORT:-18494}
for port in "$http" "$srt" "$edge" "$static"; do
  if ss -Hlntu "sport = :$port" | grep -q .; then echo "port $port is in use (set VIEWERS_*_PORT)" >&2; exit 1; fi
done
nice=${VIEWERS_NICE:-0}
if [[ $nice != 0 && -w /proc/self/autogroup ]]; then echo "$nice" >/proc/self/autogroup; fi
renice -n "$nice" -p $$ >/dev/null
work=$(mktemp -d /tmp/millrace-viewers.XXXXXX)
pids=()
publisher_pid=""
cleanup() {
  for p in "${pids[@]}" $publisher_pid; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n ${VIEWERS_KEEP:-} ]] && echo "logs kept in $work" || rm -rf "$work"
}
trap cleanup EXIT
trap "exit 143" TERM INT

base=http://127.0.0.1:$http
# On a loaded machine the embedded PostgreSQL may miss the server's 2 s connection wait at start-up: try again.
for try in 1 2 3 4 5; do
  # Every simulated viewer comes from 127.0.0.1: the per-address connection cap (256 by default) would close the
  # connections of LL viewers past about 100 at once (counted as failed), which real viewers, each from its own
  # address, never meet.
  MILLRACE_DATA_DIR=$work/data MILLRACE_HTTP_PORT=$http MILLRACE_HTTP_HOST=127.0.0.1 MILLRACE_SRT_PORT=$srt \
    MILLRACE_HTTP_CONNECTIONS_PER_ADDRESS=${VIEWERS_CONNECTIONS_PER_ADDRESS:-100000} \
    MILLRACE_PUBLIC_URL=http://127.0.0.1 java -jar "$jar" >"$work/server.log" 2>&1 &
  server_pid=$!
  for i in $(seq 600); do
    curl -sf "$base/health" >/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  curl -sf "$base/health" >/dev/null && break
  kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
  [[ $try == 5 ]] && { echo "server not healthy" >&2; tail -20 "$work/server.log" >&2; exit 1; }
  echo "server start-up failed (try $try): $(grep -m1 'failed to start' "$work/server.log" | cut -c1-160)" >&2
done
pids+=("$server_pid")
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
user=viewers$RANDOM
curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"email\":\"$user@example.com\",\"password\":\"a-long-bench-password\"}" "$base/api/auth/register" >/dev/null
token=$(curl -sf -H 'Content-Type: application/json' -d "{\"login\":\"$user\",\"password\":\"a-long-bench-password\"}" "$base/api/auth/login" | field accessToken)
stream=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d '{"title":"Viewers"}' "$base/api/streams")
id=$(field id <<<"$stream"); srt_url=$(field srtUrl <<<"$stream")
srt_url=$(sed -E "s#//[^/?]+\?#//127.0.0.1:$srt?#" <<<"$srt_url")

# A real SRT publisher: Debian's ffmpeg, 720p30 libx264 veryfast 3 Mb/s, 1 s GOP (the default segment target, as
# the README asks of OBS), AAC; the server makes the ladder.
# On a loaded machine the server may fail to probe the first seconds of input: publish again.
publish() {
  ffmpeg -hide_banner -loglevel error -nostdin -re -f lavfi \
    -i "testsrc2=size=1280x720:rate=30[out0];sine=frequency=440:sample_rate=48000[out1]" -pix_fmt yuv420p \
    -c:v libx264 -preset veryfast -g 30 -keyint_min 30 -sc_threshold 0 -b:v 3M -maxrate 3M -bufsize 6M \
    -c:a aac -b:a 128k -f mpegts "$srt_url" >"$work/publisher.log" 2>&1 &
  publisher_pid=$!
}
publish
for i in $(seq 900); do
  [[ $(curl -s -o "$work/master.m3u8" -w '%{http_code}' "$base/live/$id/master.m3u8") == 200 ]] && break
  [[ $i == 900 ]] && { echo "no live master after 180 s" >&2; tail -n 5 "$work/server.log" "$work/publisher.log" >&2; exit 1; }
  if ! kill -0 "$publisher_pid" 2>/dev/null; then echo "publisher ended; publishing again" >&2; sleep 3; publish; fi
  sleep 0.2
done
session=$(grep -v '^#' "$work/master.m3u8" | grep -m1 . | cut -d/ -f1)
storage=$(grep -m1 -o 'storage: local:[^ ]*' "$work/server.log" | cut -d: -f3)
[[ -f $storage/live/$id/$session/master.m3u8 ]] || { echo "no session files under '$storage'" >&2; exit 1; }
sleep 8 # a few segments in every rendition

# One nginx (2 workers, as many as cores): the edge from the project's template, and the storage dir served as files.
mkdir -p "$work/nginx" "$work/www"
sed -e "s#\${MILLRACE_GATEWAY}#127.0.0.1:$http#" -e "s#\${MILLRACE_WEB_ROOT}#$work/www#" \
  -e "s#\${MILLRACE_NGINX_PORT}#127.0.0.1:$edge#" -e "s#\${MILLRACE_NGINX_CACHE_DIR}#$work/nginx/cache#" \
  -e "s#\${MILLRACE_NGINX_CACHE_MAX_SIZE}#1g#" nginx/millrace.conf.template >"$work/nginx/edge.conf"
cat >"$work/nginx/nginx.conf" <<CONF
$([[ $EUID == 0 ]] && echo "user root;")
worker_processes $(nproc);
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 8192; }
http {
  include /etc/nginx/mime.types;
  types { video/mp4 m4s; }
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  log_format edge '\$request_uri \$status \$upstream_cache_status \$upstream_addr';
  access_log $work/nginx/edge.log edge;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy; fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  include $work/nginx/edge.conf;
  server {
    listen 127.0.0.1:$static;
    access_log off;
    root $storage;
    gzip on; gzip_types application/vnd.apple.mpegurl;
    location ~ \.m3u8\$ { add_header Cache-Control "max-age=1"; }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" -g 'daemon off;' &
pids+=($!)
for i in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$static/live/$id/$session/master.m3u8" && break; sleep 0.2; done

declare -A masters=(
  [gateway]="$base/live/$id/master.m3u8"
  [edge]="http://127.0.0.1:$edge/live/$id/master.m3u8"
  [static]="http://127.0.0.1:$static/live/$id/$session/master.m3u8"
)
echo "== viewers of one live 720p ladder (stream $id), $mode, ${seconds} s per step (5 s ramp + 2 s not counted)"
echo "renditions: $(grep -v '^#' "$work/master.m3u8" | grep . | cut -d/ -f2 | paste -sd' ') + $(grep -o 'URI="[^"]*"' "$work/master.m3u8" | cut -d/ -f2 | paste -sd' ')"
for n in "${counts[@]}"; do
  for target in gateway edge static; do
    step_mode=$mode; [[ $target == static ]] && step_mode=classic
    : >"$work/nginx/edge.log"
    result=$(java -Xmx1g -XX:+UseParallelGC -cp "$cp" org.millrace.hls.viewers.ViewerLoad "${masters[$target]}" "$n" "$seconds" "$step_mode")
    extra=""
    if [[ $target == edge ]]; then
      extra=$(python3 - "$work/nginx/edge.log" "$seconds" <<'PY'
import sys
asked, origin, uris = 0, 0, set()
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) != 4 or not f[0].split('?')[0].endswith('.m4s'):
        continue
    asked += 1
    uris.add(f[0])
    if f[3] != '-':
        origin += 1
all_origin = sum(1 for line in open(sys.argv[1]) if line.split()[-1] != '-')
print(f"edge_media_requests={asked} distinct_media={len(uris)} origin_media_requests={origin} "
      f"origin_per_new_media={origin / max(1, len(uris)):.2f} origin_requests_per_s={all_origin / float(sys.argv[2]):.0f}")
PY
)
    fi
    echo "$target $result $extra"
  done
done
echo "publisher: ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3), libx264 veryfast, 720p30 3 Mb/s, 2 s GOP + AAC, -re, SRT"
echo "server: $(git log -1 --format='%h %s' | cut -c1-80); nginx $(nginx -v 2>&1 | cut -d/ -f2)"
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//') load=$(cut -d' ' -f1-3 /proc/loadavg) nice=$nice"
