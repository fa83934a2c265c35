# Sourced by the benches that publish to a running all-in-one server (bench/web.sh, bench/glass-to-glass.sh): start
# the server jar, sign a user up and create a stream through the API, wait for its live playlist.
# Each function that starts a process appends its pid to the caller's `pids` array (the caller's cleanup ends them).

# start_server <work dir> <http port> <srt port> [niceness]: the jar on 127.0.0.1 with its data under <work dir>/data,
# its log in <work dir>/server.log; sets server_pid and base, returns once /health answers (at most 120 s).
start_server() {
  local work=$1 http=$2 srt=$3 nice=${4:-0} i
  base=http://127.0.0.1:$http
  MILLRACE_DATA_DIR=$work/data MILLRACE_HTTP_PORT=$http MILLRACE_HTTP_HOST=127.0.0.1 MILLRACE_SRT_PORT=$srt \
    MILLRACE_PUBLIC_URL=http://127.0.0.1 nice -n "$nice" java -jar server/target/millrace-server.jar \
    >"$work/server.log" 2>&1 &
  pids+=($!); server_pid=$!
  for i in $(seq 600); do
    curl -sf "$base/health" >/dev/null && return 0
    sleep 0.2
  done
  echo "server not healthy after 120 s" >&2; tail -20 "$work/server.log" >&2; return 1
}

# json_field <name>: that field of the JSON object on stdin.
json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }

# new_stream <title>: registers a fresh user on $base, signs in and creates a stream; sets stream_id and srt_url.
new_stream() {
  local user=bench$RANDOM$RANDOM token stream
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"email\":\"$user@example.com\",\"password\":\"a-long-bench-password\"}" \
    "$base/api/auth/register" >/dev/null
  token=$(curl -sf -H 'Content-Type: application/json' -d "{\"login\":\"$user\",\"password\":\"a-long-bench-password\"}" \
    "$base/api/auth/login" | json_field accessToken)
  stream=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d "{\"title\":\"$1\"}" \
    "$base/api/streams")
  stream_id=$(json_field id <<<"$stream")
  srt_url=$(json_field srtUrl <<<"$stream")
}

# wait_live [extra test command]: until the stream's live master answers 200 (and the extra command succeeds), at most
# 60 s.
wait_live() {
  local i
  for i in $(seq 300); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/live/$stream_id/master.m3u8") == 200 ]] && { [[ $# == 0 ]] || "$@"; } \
      && return 0
    sleep 0.2
  done
  echo "no live playlist after 60 s" >&2; tail -n 5 "$work/server.log" >&2; return 1
}
