#!/usr/bin/env bash
# Benchmark (issue 5): live pipelines fed in real time (paced by the source's video DTS, 1316-byte chunks):
# latency from the write of a segment's first frame into the LiveSink to the segment listed in its playlist in
# storage, and memory (heap after GC, RSS) per pipeline. See LiveBench for the exact definitions.
# Usage: bench/transcode-live.sh [720p|1080p] [seconds] [pipelines...]   (default: 720p, 60 s; 1 2)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/transcode-common.sh
source_p=720p
if [[ ${1:-} == *p ]]; then source_p=$1; shift; fi
case "$source_p" in 720p|1080p) ;; *) echo "source must be 720p or 1080p" >&2; exit 2 ;; esac
seconds=${1:-60}; shift || true
counts=("$@"); [[ ${#counts[@]} -gt 0 ]] || counts=(1 2)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
src="$work/src.ts"
make_source "$source_p" "$seconds" "$src"
cp=$(transcoder_classpath)
for n in "${counts[@]}"; do
  java -cp "$cp" org.millrace.transcoder.bench.LiveBench "$src" "$seconds" "$n" 2>&1 | grep '^livebench'
done
