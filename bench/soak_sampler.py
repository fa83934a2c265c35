#!/usr/bin/env python3
"""Soak benchmark sampler (used by bench/soak.sh): the server's CPU time against the media a publisher has sent.

sample PID PROGRESS OUT.csv THREADS.csv PERIOD_S [METRICS_URL FPS]
    Every PERIOD_S seconds until PID exits or a file named OUT.csv.stop appears: the process's CPU seconds
    (utime + stime of /proc/PID/stat), its RSS, and the media seconds the publisher has sent (the last
    out_time_us of ffmpeg's -progress file) go to OUT.csv; every thread's CPU seconds (tid, name, seconds)
    to THREADS.csv. With METRICS_URL also the media seconds the server has encoded: the fewest frames any
    rendition has encoded (millrace_transcoder_frames_encoded_total) / FPS; a server that falls behind or drops
    input (a loaded machine) then still gets a true cost per media minute.
report OUT.csv THREADS.csv [MINUTES...]
    CPU seconds per media minute for each media minute (linear interpolation between samples), and for the
    minutes given (default 1 2 5 10 30 60 90 120, those reached) the same split by thread: each thread's
    name with digits folded (x264's native threads carry the name of the Java thread that started them).
"""
import csv
import os
import re
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def stat_fields(path):
    with open(path) as f:
        text = f.read()
    # comm is in parentheses and may hold spaces: split after the last ')'.
    name = text[text.index("(") + 1:text.rindex(")")]
    rest = text[text.rindex(")") + 2:].split()
    return name, rest


def cpu_seconds(rest):
    return (int(rest[11]) + int(rest[12])) / TICK  # utime, stime (fields 14 and 15)


def media_seconds(progress):
    try:
        with open(progress, "rb") as f:
            f.seek(max(0, os.path.getsize(progress) - 4096))
            tail = f.read().decode(errors="replace")
    except OSError:
        return 0.0
    found = re.findall(r"out_time_us=(\d+)", tail)
    return int(found[-1]) / 1e6 if found else 0.0


FRAMES = re.compile(r'^millrace_transcoder_frames_encoded_total\{[^}]*\} ([0-9.eE+]+)$', re.M)


def encoded_seconds(url, fps):
    import urllib.request
    try:
        counts = [float(c) for c in FRAMES.findall(urllib.request.urlopen(url, timeout=2).read().decode())]
    except OSError:
        return ""
    return round(min(counts) / fps, 2) if counts else 0.0


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def sample(pid, progress, out, threads, period, url=None, fps=30.0):
    start = time.monotonic()
    with open(out, "w", newline="") as o, open(threads, "w", newline="") as t:
        ow, tw = csv.writer(o), csv.writer(t)
        ow.writerow(["wall_s", "media_s", "cpu_s", "rss_kb", "encoded_s"])
        tw.writerow(["wall_s", "tid", "name", "cpu_s"])
        while os.path.exists(f"/proc/{pid}") and not os.path.exists(out + ".stop"):
            wall = round(time.monotonic() - start, 2)
            try:
                _, rest = stat_fields(f"/proc/{pid}/stat")
                rows = []
                for tid in os.listdir(f"/proc/{pid}/task"):
                    try:
                        name, trest = stat_fields(f"/proc/{pid}/task/{tid}/stat")
                        rows.append([wall, tid, name, cpu_seconds(trest)])
                    except (OSError, ValueError):
                        pass  # the thread ended between listdir and read
                ow.writerow([wall, media_seconds(progress), cpu_seconds(rest), rss_kb(pid),
                             encoded_seconds(url, fps) if url else ""])
                tw.writerows(rows)
                o.flush()
                t.flush()
            except OSError:
                break
            time.sleep(period)


def interpolate(points, media):
    """CPU (or wall) seconds at a media time, from (media, value) points sorted by media."""
    if points and media == 0 and points[0][0] > 0:
        return points[0][1]  # the first sample, taken as the publisher started
    for (m0, v0), (m1, v1) in zip(points, points[1:]):
        if m0 <= media <= m1 and m1 > m0:
            return v0 + (v1 - v0) * (media - m0) / (m1 - m0)
    return None


def fold(name):
    return re.sub(r"\d+", "N", name)


def report(out, threads, minutes):
    rows = [r for r in csv.DictReader(open(out))]
    if rows and rows[-1].get("encoded_s"):
        # Media the server encoded, not the media sent: keep the last good reading where one failed.
        last = 0.0
        for r in rows:
            last = max(last, float(r["encoded_s"])) if r.get("encoded_s") else last  # meters go at the end
            r["media_s"] = last
        print("media time = what the server encoded (frames of its slowest rendition / fps)")
    else:
        print("media time = what the publisher sent (ffmpeg -progress)")
    media = [float(r["media_s"]) for r in rows]
    cpu = [(float(r["media_s"]), float(r["cpu_s"])) for r in rows]
    wall = [(float(r["media_s"]), float(r["wall_s"])) for r in rows]
    rss = {int(float(r["media_s"]) // 60): int(r["rss_kb"]) for r in rows}
    # Keep the first sample at each media time (the publisher has not started, or paused): strictly increasing.
    cpu = [p for i, p in enumerate(cpu) if i == 0 or p[0] > cpu[i - 1][0]]
    wall = [p for i, p in enumerate(wall) if i == 0 or p[0] > wall[i - 1][0]]
    last = int(max(media) // 60) if media else 0
    print(f"media minutes: {max(media) / 60:.1f}")
    print("media_minute cpu_s_per_media_min wall_s cores rss_MB")
    per_minute = {}
    for m in range(1, last + 1):
        c0, c1 = interpolate(cpu, (m - 1) * 60), interpolate(cpu, m * 60)
        w0, w1 = interpolate(wall, (m - 1) * 60), interpolate(wall, m * 60)
        if None in (c0, c1, w0, w1):
            continue
        per_minute[m] = (c1 - c0, w1 - w0)
        print(f"{m} {c1 - c0:.2f} {w1 - w0:.1f} {(c1 - c0) / (w1 - w0):.2f} {rss.get(m - 1, 0) // 1024}")
    # Per thread at the chosen minutes: thread CPU at the wall times where that media minute began and ended.
    series = {}
    walls = set()
    for r in csv.DictReader(open(threads)):
        series.setdefault((r["tid"], r["name"]), []).append((float(r["wall_s"]), float(r["cpu_s"])))
        walls.add(float(r["wall_s"]))
    walls = sorted(walls)

    def at(w):
        return min(walls, key=lambda x: abs(x - w))

    def cpu_at(points, w):
        # A thread that ended keeps its last value; one not started yet has used nothing.
        value = 0.0
        for pw, pc in points:
            if pw > w:
                break
            value = pc
        return value

    for m in [m for m in minutes if m in per_minute]:
        w0, w1 = at(interpolate(wall, (m - 1) * 60)), at(interpolate(wall, m * 60))
        span = w1 - w0
        if span <= 0:
            continue
        groups = {}
        singles = []
        for key, points in series.items():
            d = cpu_at(points, w1) - cpu_at(points, w0)
            if d <= 0 and not (points[0][0] <= w1 and points[-1][0] >= w0):
                continue
            groups.setdefault(fold(key[1]), [0.0, 0])
            groups[fold(key[1])][0] += d
            groups[fold(key[1])][1] += 1
            singles.append((d, key))
        total = sum(g[0] for g in groups.values())
        print(f"-- media minute {m}: threads over wall {w0:.0f}..{w1:.0f} s ({span:.0f} s), "
              f"{total:.2f} CPU s (scaled to the media minute: {total * per_minute[m][1] / span:.2f})")
        for name, (c, n) in sorted(groups.items(), key=lambda g: -g[1][0])[:14]:
            print(f"   {name:<18} x{n:<3} {c:7.2f} s  {100 * c / span:5.1f} % of a core")
        # Single threads: x264's and FFmpeg's native threads share their group's name, the tid tells them apart.
        print("   busiest threads: " + ", ".join(f"{k[1]}/{k[0]} {d:.2f} s" for d, k in sorted(singles)[::-1][:8]))


if __name__ == "__main__":
    if sys.argv[1] == "sample":
        sample(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[6]),
               sys.argv[7] if len(sys.argv) > 7 else None, float(sys.argv[8]) if len(sys.argv) > 8 else 30.0)
    elif sys.argv[1] == "report":
        mins = [int(a) for a in sys.argv[4:]] or [1, 2, 5, 10, 30, 60, 90, 120]
        report(sys.argv[2], sys.argv[3], mins)
    else:
        sys.exit(__doc__)
