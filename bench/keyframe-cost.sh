#!/usr/bin/env bash
# Benchmark (issue 14): what a keyframe every segment costs a transcoded rung when the segment target goes from 2 s to
# 1 s. Encodes the same 480p30 pictures with the ladder's libx264 options (veryfast, 1400 kb/s, maxrate 1540k,
# bufsize 2800k, no scene cut, no B-frames, no lookahead: TranscoderSettings' 480p rung) once per keyframe interval,
# and prints the bitrate the encoder spent and the quality it got (PSNR and SSIM against the pictures it was given)
# and its CPU. Pictures: lavfi's testsrc2 (moving pattern, flat areas) and mandelbrot (a zoom, detail everywhere);
# no camera footage can be fetched here, so these are synthetic.
# Usage: bench/keyframe-cost.sh [seconds] [gop...]   (default 30 s, GOPs 60 and 30 frames)
set -euo pipefail
seconds=${1:-30}; shift $(($# > 0 ? 1 : 0)); gops=("$@"); [[ ${#gops[@]} -gt 0 ]] || gops=(60 30)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for pattern in testsrc2 mandelbrot; do
  src="$pattern=size=854x480:rate=30"
  ffmpeg -hide_banner -loglevel error -f lavfi -i "$src" -t "$seconds" -pix_fmt yuv420p -c:v ffv1 "$work/$pattern.mkv"
  for gop in "${gops[@]}"; do
    out="$work/$pattern-$gop.mp4"
    /usr/bin/time -f "%U %S" -o "$work/time" ffmpeg -hide_banner -loglevel error -y -i "$work/$pattern.mkv" \
      -c:v libx264 -preset veryfast -profile:v high -b:v 1400k -maxrate 1540k -bufsize 2800k \
      -x264-params "keyint=$gop:min-keyint=$gop:scenecut=0:nal-hrd=none:threads=2:sync-lookahead=0:bframes=0:rc-lookahead=0" \
      "$out"
    read -r user sys < "$work/time"
    psnr=$(ffmpeg -hide_banner -i "$out" -i "$work/$pattern.mkv" -lavfi "[0:v][1:v]psnr" -f null - 2>&1 | \
      grep -o 'average:[0-9.inf]*' | cut -d: -f2)
    ssim=$(ffmpeg -hide_banner -i "$out" -i "$work/$pattern.mkv" -lavfi "[0:v][1:v]ssim" -f null - 2>&1 | \
      grep -o 'All:[0-9.]*' | cut -d: -f2)
    kbps=$(ffprobe -v error -select_streams v -show_entries format=bit_rate -of csv=p=0 "$out" | \
      awk '{ printf "%.0f", $1 / 1000 }')
    awk -v p="$pattern" -v g="$gop" -v k="$kbps" -v q="$psnr" -v s="$ssim" -v u="$user" -v y="$sys" -v t="$seconds" \
      'BEGIN { printf "%-10s gop=%-3s (%.1f s) kbps=%s psnr=%s ssim=%s cpu/media-s=%.3f\n", p, g, g / 30, k, q, s, (u + y) / t }'
  done
done
echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')," \
  "ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
