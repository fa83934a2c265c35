package org.millrace.transcoder.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.LocalStorage;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/**
 * Benchmark (not a test): N live pipelines fed in real time, each paced by the source's video DTS like
 * {@code ffmpeg -re}, in 1316-byte chunks (an SRT payload) on its own thread, into {@code LocalStorage}.
 *
 * <p>Latency of segment k = the wall time at which its media playlist in storage first lists it (polled every 10 ms,
 * every rendition: the last of them counts) minus the wall time of the {@code LiveSink.write} of the chunk in which
 * the PES of its first frame (the keyframe at the segment's start) begins. The same minus the segment's duration is
 * the latency after its end (its last frame written → listed).
 *
 * <p>Memory: heap used after {@code System.gc()}, the process RSS and RSS less the committed heap (native memory:
 * FFmpeg's buffers, codecs, direct buffers), before any pipeline (natives loaded and a
 * short warm-up pipeline run and closed) and every 10 s while the N pipelines run.
 *
 * <p>Usage: LiveBench source.ts seconds pipelines [preset]
 */
public final class LiveBench {
    private static final int CHUNK = 1316;

    private LiveBench() {}

    record Chunked(byte[][] chunks, long[] dueNanos, long[] pesPts, int[] pesChunk) {}

    public static void main(String[] args) throws Exception {
        Path ts = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int pipelines = Integer.parseInt(args[2]);
        String preset =
                args.length > 3 ? args[3] : TranscoderSettings.defaults().x264Preset();
        Chunked media = chunk(Files.readAllBytes(ts));
        Path root = Files.createTempDirectory("millrace-livebench-");
        TranscoderSettings settings =
                TranscoderSettings.defaults().withWorkDir(root.resolve("work")).withPreset(preset);
        try (LocalStorage storage = new LocalStorage(root.resolve("storage"))) {
            TranscoderLiveInput input = new TranscoderLiveInput(settings, storage, new SimpleMeterRegistry());
            // Warm-up: natives loaded, classes initialised and JIT-ed a little; then measure the baseline.
            LiveSink warm = input.open(new LiveSessionInfo("warm", "warm", false, Instant.now(), "bench", 0, false));
            for (int i = 0; i < Math.min(media.chunks().length, 3000); i++) {
                warm.write(media.chunks()[i]);
            }
            warm.close(LiveEndReason.PUBLISHER_CLOSED);
            long[] base = memory();
            System.out.printf(
                    Locale.ROOT, "livebench baseline heap-after-gc=%.0fMB rss=%.0fMB%n", base[0] / 1e6, base[1] / 1e6);

            Map<String, Long> listed = new ConcurrentHashMap<>();
            long[][] written = new long[pipelines][];
            List<Thread> feeders = new ArrayList<>();
            long start = System.nanoTime() + 200_000_000L;
            for (int p = 0; p < pipelines; p++) {
                int n = p;
                LiveSink sink =
                        input.open(new LiveSessionInfo("bench", "p" + n, false, Instant.now(), "bench", 0, false));
                Thread t = new Thread(() -> written[n] = feed(sink, media, start), "feeder-" + n);
                feeders.add(t);
            }
            feeders.forEach(Thread::start);
            Path live = root.resolve("storage").resolve("live").resolve("bench");
            List<long[]> samples = new ArrayList<>();
            long nextSample = start + 10_000_000_000L;
            while (feeders.stream().anyMatch(Thread::isAlive)) {
                poll(live, listed);
                if (System.nanoTime() > nextSample && System.nanoTime() < start + (seconds - 2) * 1_000_000_000L) {
                    samples.add(memory());
                    nextSample += 10_000_000_000L;
                }
                Thread.sleep(10);
            }
            for (Thread t : feeders) {
                t.join();
            }
            poll(live, listed);

            List<Double> fromFirst = new ArrayList<>();
            List<Double> afterEnd = new ArrayList<>();
            Map<String, List<Double>> perRendition = new java.util.TreeMap<>();
            for (int p = 0; p < pipelines; p++) {
                Path dir = live.resolve("p" + p);
                List<String> renditions;
                try (var s = Files.list(dir)) {
                    renditions = s.filter(Files::isDirectory)
                            .map(d -> d.getFileName().toString())
                            .sorted()
                            .toList();
                }
                List<Double> durations =
                        durations(Files.readString(dir.resolve("source").resolve("index.m3u8")));
                double mediaStart = 0;
                // The last segment is listed only when the input ends: left out.
                for (int k = 0; k < durations.size() - 1; k++) {
                    long pts = media.pesPts()[0] + Math.round(mediaStart * 90_000);
                    long wrote = written[p][chunkOf(media, pts)];
                    long last = Long.MIN_VALUE;
                    for (String r : renditions) {
                        Long at = listed.get("p" + p + "/" + r + "/" + k);
                        last = at == null || last == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(last, at);
                        if (at != null) {
                            perRendition
                                    .computeIfAbsent(r, x -> new ArrayList<>())
                                    .add((at - wrote) / 1e9 - durations.get(k));
                        }
                    }
                    if (last != Long.MAX_VALUE) {
                        double latency = (last - wrote) / 1e9;
                        fromFirst.add(latency);
                        afterEnd.add(latency - durations.get(k));
                    }
                    mediaStart += durations.get(k);
                }
                System.out.printf(
                        Locale.ROOT,
                        "livebench pipeline=%d renditions=%s segments=%d%n",
                        p,
                        renditions,
                        durations.size());
            }
            System.out.printf(
                    Locale.ROOT,
                    "livebench pipelines=%d preset=%s media=%ds segments-measured=%d "
                            + "first-frame-written->listed median=%.2fs p95=%.2fs max=%.2fs "
                            + "last-frame-written->listed median=%.2fs max=%.2fs%n",
                    pipelines,
                    preset,
                    seconds,
                    fromFirst.size(),
                    pct(fromFirst, 50),
                    pct(fromFirst, 95),
                    pct(fromFirst, 100),
                    pct(afterEnd, 50),
                    pct(afterEnd, 100));
            perRendition.forEach((r, v) -> System.out.printf(
                    Locale.ROOT,
                    "livebench rendition=%s " + "last-frame-written->listed median=%.2fs max=%.2fs%n",
                    r,
                    pct(v, 50),
                    pct(v, 100)));
            long heap = samples.stream()
                    .mapToLong(s -> s[0])
                    .sorted()
                    .skip(samples.size() / 2)
                    .findFirst()
                    .orElse(0);
            long rss = samples.stream().mapToLong(s -> s[1]).max().orElse(0);
            long offHeap = samples.stream().mapToLong(s -> s[1] - s[2]).max().orElse(0);
            long baseOffHeap = base[1] - base[2];
            System.out.printf(
                    Locale.ROOT,
                    "livebench pipelines=%d memory samples=%d heap-after-gc median=%.0fMB "
                            + "(+%.0fMB, %.0fMB per pipeline) rss max=%.0fMB (+%.0fMB, %.0fMB per pipeline) "
                            + "rss-minus-committed-heap max=%.0fMB (+%.0fMB, %.0fMB per pipeline)%n",
                    pipelines,
                    samples.size(),
                    heap / 1e6,
                    (heap - base[0]) / 1e6,
                    (heap - base[0]) / 1e6 / pipelines,
                    rss / 1e6,
                    (rss - base[1]) / 1e6,
                    (rss - base[1]) / 1e6 / pipelines,
                    offHeap / 1e6,
                    (offHeap - baseOffHeap) / 1e6,
                    (offHeap - baseOffHeap) / 1e6 / pipelines);
        }
    }

    private static long[] written(int n) {
        return new long[n];
    }

    /** Writes every chunk at its due time (start + its video DTS from the first); answers each write's wall time. */
    private static long[] feed(LiveSink sink, Chunked media, long start) {
        long[] at = written(media.chunks().length);
        try {
            for (int i = 0; i < media.chunks().length; i++) {
                long wait = start + media.dueNanos()[i] - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                at[i] = System.nanoTime();
                sink.write(media.chunks()[i]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sink.close(LiveEndReason.PUBLISHER_CLOSED);
        }
        return at;
    }

    /** Records when each "pipeline/rendition/index" first shows up in a media playlist in storage. */
    private static void poll(Path live, Map<String, Long> listed) {
        long now = System.nanoTime();
        try (var pipelines = Files.list(live)) {
            for (Path p : pipelines.toList()) {
                try (var renditions = Files.list(p)) {
                    for (Path r : renditions.toList()) {
                        Path playlist = r.resolve("index.m3u8");
                        if (!Files.isRegularFile(playlist)) {
                            continue;
                        }
                        int n = durations(Files.readString(playlist, StandardCharsets.UTF_8))
                                .size();
                        for (int k = 0; k < n; k++) {
                            listed.putIfAbsent(p.getFileName() + "/" + r.getFileName() + "/" + k, now);
                        }
                    }
                }
            }
        } catch (Exception e) {
            // not there yet, or a playlist renamed over while reading: next poll
        }
    }

    private static List<Double> durations(String playlist) {
        return playlist.lines()
                .filter(l -> l.startsWith("#EXTINF:"))
                .map(l -> Double.parseDouble(l.substring(8, l.indexOf(','))))
                .toList();
    }

    /** The chunk in which the video PES whose PTS is nearest {@code pts} begins. */
    private static int chunkOf(Chunked media, long pts) {
        int best = 0;
        for (int i = 0; i < media.pesPts().length; i++) {
            if (Math.abs(media.pesPts()[i] - pts) < Math.abs(media.pesPts()[best] - pts)) {
                best = i;
            }
        }
        return media.pesChunk()[best];
    }

    /** Splits MPEG-TS into 1316-byte chunks, each due at its latest video DTS (from the first), and notes the PES. */
    private static Chunked chunk(byte[] bytes) {
        int count = (bytes.length + CHUNK - 1) / CHUNK;
        byte[][] chunks = new byte[count][];
        long[] due = new long[count];
        List<long[]> pes = new ArrayList<>();
        long firstDts = -1;
        long lastDue = 0;
        for (int c = 0; c < count; c++) {
            int off = c * CHUNK;
            chunks[c] = Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + CHUNK));
            for (int p = off; p + 188 <= Math.min(bytes.length, off + CHUNK); p += 188) {
                if ((bytes[p] & 0xff) != 0x47 || (bytes[p + 1] & 0x40) == 0) {
                    continue;
                }
                int afc = (bytes[p + 3] >> 4) & 3;
                int q = p + 4 + ((afc & 2) != 0 ? 1 + (bytes[p + 4] & 0xff) : 0);
                if ((afc & 1) == 0
                        || q + 19 > p + 188
                        || bytes[q] != 0
                        || bytes[q + 1] != 0
                        || bytes[q + 2] != 1
                        || (bytes[q + 3] & 0xf0) != 0xe0) {
                    continue;
                }
                int flags = (bytes[q + 7] >> 6) & 3;
                if ((flags & 2) == 0) {
                    continue;
                }
                long pts = timestamp(bytes, q + 9);
                long dts = flags == 3 ? timestamp(bytes, q + 14) : pts;
                if (firstDts < 0) {
                    firstDts = dts;
                }
                lastDue = Math.max(lastDue, (dts - firstDts) * 1_000_000_000L / 90_000);
                pes.add(new long[] {pts, c});
            }
            due[c] = lastDue;
        }
        pes.sort((a, b) -> Long.compare(a[0], b[0]));
        return new Chunked(
                chunks,
                due,
                pes.stream().mapToLong(a -> a[0]).toArray(),
                pes.stream().mapToInt(a -> (int) a[1]).toArray());
    }

    private static long timestamp(byte[] b, int i) {
        return ((long) (b[i] >> 1) & 7) << 30
                | (long) (b[i + 1] & 0xff) << 22
                | (long) ((b[i + 2] & 0xff) >> 1) << 15
                | (long) (b[i + 3] & 0xff) << 7
                | (b[i + 4] & 0xff) >> 1;
    }

    /** {heap used after GC, RSS, heap committed} in bytes. */
    private static long[] memory() throws Exception {
        System.gc();
        System.gc();
        var usage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long heap = usage.getUsed();
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return new long[] {heap, rss, usage.getCommitted()};
    }

    private static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
