#!/usr/bin/env python3
"""Soak benchmark pacer (used by bench/soak.sh for an accelerated run): copies an MPEG-TS from stdin to stdout in
1316-byte chunks at RATE times its nominal byte rate, and holds back while the server's input queue for the stream
fills (millrace_transcoder_input_queue_chunks on /metrics, read once a second), so a server that cannot keep up
(a loaded machine) slows the run down instead of dropping media. SRT's live mode has no back-pressure of its own.
While held it still sends at TRICKLE x real time: the publisher's ffmpeg passes on whole PES packets only, so a
chunk now and then never reached the server and it dropped the "silent" publisher after 10 s.

soak_pacer.py RATE BYTES_PER_MEDIA_SECOND METRICS_URL STREAM_ID
"""
import re
import sys
import threading
import time
import urllib.request

CHUNK = 7 * 188
HIGH, LOW = 1024, 256  # chunks queued (the queue holds 4096): hold above HIGH until back under LOW
TRICKLE = 0.25  # while held, this x real time: media keeps flowing (the server drops a publisher silent for 10 s)


def main():
    rate, bytes_per_s, url, stream = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
    gauge = re.compile(r'millrace_transcoder_input_queue_chunks\{stream="' + re.escape(stream) + r'"\} ([0-9.eE+]+)')
    queued = [0.0]

    def watch():
        while True:
            try:
                m = gauge.search(urllib.request.urlopen(url, timeout=2).read().decode())
                queued[0] = float(m.group(1)) if m else 0.0
            except OSError:
                pass
            time.sleep(1)

    threading.Thread(target=watch, daemon=True).start()
    out, src = sys.stdout.buffer, sys.stdin.buffer
    sent, allowed, last = 0, 0.0, time.monotonic()
    holding, holds = False, 0
    while True:
        now = time.monotonic()
        if not holding and queued[0] > HIGH:
            holding, holds = True, holds + 1
        if holding and queued[0] < LOW:
            holding = False
        allowed += (TRICKLE if holding else rate) * bytes_per_s * (now - last)
        last = now
        if sent > allowed:
            time.sleep(0.005)
            continue
        chunk = src.read(CHUNK)
        if not chunk:
            break
        out.write(chunk)
        out.flush()
        sent += len(chunk)
    print(f"pacer: {sent} bytes, held back {holds} times", file=sys.stderr)


if __name__ == "__main__":
    main()
