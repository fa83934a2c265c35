package org.millrace.transcoder.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveMediaError;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.ObjectInfo;
import org.millrace.testkit.Commands;
import org.millrace.transcoder.TranscoderLiveInput;

/**
 * The garbage-media campaign (issue 12), shared by {@code GarbageMediaTest} and the bench: short clips made with
 * Debian's ffmpeg, damaged or spliced ({@link TsSurgery}), each fed to its own pipeline in 1316-byte chunks while a
 * clean reference stream plays in real time beside them; what each case ended as, and whether the reference kept
 * listing segments at pace.
 */
public final class GarbageMedia {
    static final int VIDEO_PID = 0x100;
    static final int AUDIO_PID = 0x101;
    static final int PMT_PID = 0x1000;
    static final int CLIP_SECONDS = 6;
    /** Long enough for the no-picture check (20 s) after the video stops. */
    static final int VIDEO_STOPS_SECONDS = 32;

    /** One input to try: its bytes and its media length (fed over that time divided by the run's speed). */
    public record Case(String name, byte[] ts, double seconds) {}

    /** What a case ended as: segments in storage (every rendition, every epoch) and the reason the sink kept. */
    public record Outcome(String name, int segments, boolean master, LiveMediaError error, long millis) {
        public boolean played() {
            return master && segments > 0;
        }

        public String summary() {
            return (played() ? "plays (" + segments + " segments)" : "no playback")
                    + (error == null
                            ? ""
                            : "; " + error.reason() + ": " + error.detail()
                                    + (error.restarted() ? " [restarted]" : ""));
        }
    }

    /** The clean stream's pace: segments listed and the longest wait between two new ones. */
    public record Pace(int segments, double expected, long maxGapMillis) {}

    public record Report(List<Outcome> outcomes, Pace reference, long wallMillis) {}

    /** The clips every case is cut from, made once per directory. */
    public record Clips(
            byte[] h264,
            byte[] h264Large,
            byte[] hevc,
            byte[] av1,
            byte[] audioOnly,
            byte[] videoOnly,
            byte[] longer,
            byte[] huge) {
        public static Clips make(Path dir) throws Exception {
            Files.createDirectories(dir);
            String h264 = "libx264 -preset ultrafast";
            return new Clips(
                    clip(dir, "h264", "640x360", h264, true, 0),
                    // Spliced after the first clip: a new PMT version and timestamps that carry on (as one encoder's).
                    clip(dir, "h264-480", "854x480", h264 + " -output_ts_offset " + CLIP_SECONDS, true, 1),
                    clip(
                            dir,
                            "hevc",
                            "640x360",
                            "libx265 -preset ultrafast -x265-params log-level=error" + " -output_ts_offset "
                                    + CLIP_SECONDS,
                            true,
                            1),
                    clip(dir, "av1", "640x360", "libsvtav1 -preset 12", true, 0),
                    clip(dir, "audio", null, null, true, 0),
                    clip(dir, "video", "640x360", h264, false, 0),
                    clip(dir, "long", "640x360", h264, true, 0, VIDEO_STOPS_SECONDS),
                    clip(dir, "huge", "4352x2448", h264, false, 0, 1));
        }
    }

    /** The cases of the campaign: fixed ones, then {@code seeds} bit-flip runs at each rate. */
    public static List<Case> cases(Clips c, double[] flipRates, int seeds) {
        double s = CLIP_SECONDS;
        List<Case> cases = new ArrayList<>(List.of(
                new Case("hevc", c.hevc(), s),
                new Case("av1", TsSurgery.register(c.av1(), PMT_PID, VIDEO_PID, "AV01"), s),
                new Case("video-only", c.videoOnly(), s),
                new Case("too-large", c.huge(), 1),
                new Case("audio-only", c.audioOnly(), s),
                new Case("timestamp-outlier", TsSurgery.timestampAhead(c.h264(), VIDEO_PID, 60), s),
                new Case("truncated-pes", TsSurgery.truncatePes(c.h264(), VIDEO_PID, 3), s),
                new Case("resolution-change", TsSurgery.concat(c.h264(), c.h264Large()), 2 * s),
                new Case("codec-change", TsSurgery.concat(c.h264(), c.hevc()), 2 * s),
                // Video stops after a fifth of the clip while audio goes on (a wedged capture card).
                new Case(
                        "video-stops",
                        TsSurgery.nullPid(c.longer(), VIDEO_PID, c.longer().length / 5),
                        VIDEO_STOPS_SECONDS),
                new Case("timestamp-reset", TsSurgery.concat(c.h264(), c.h264()), 2 * s),
                new Case("av1-unregistered", c.av1(), s),
                new Case("random-bytes", TsSurgery.flipBits(new byte[c.h264().length], 0.5, 1), s)));
        for (double rate : flipRates) {
            for (int seed = 1; seed <= seeds; seed++) {
                cases.add(new Case("flip-" + rate + "-" + seed, TsSurgery.flipBits(c.h264(), rate, seed), s));
            }
        }
        return cases;
    }

    /** Runs every case, {@code parallel} at a time, at {@code speed} x real time, beside the clean reference. */
    public static Report run(
            TranscoderLiveInput input,
            LocalStorage storage,
            List<Case> cases,
            int parallel,
            double speed,
            byte[] reference,
            double referenceSeconds)
            throws Exception {
        long start = System.nanoTime();
        Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        Thread poller = new Thread(() -> pollSegments(storage, "live/ref/sess/source/", firstSeen), "ref-poller");
        poller.setDaemon(true);
        poller.start();
        Thread clean =
                new Thread(() -> feedQuietly(input.open(session("ref")), reference, referenceSeconds), "ref-feeder");
        clean.start();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Case c : cases) {
            futures.add(pool.submit(() -> runCase(input, storage, c, speed)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get(10, TimeUnit.MINUTES));
        }
        pool.shutdown();
        long casesDone = System.nanoTime();
        clean.join(TimeUnit.MINUTES.toMillis(10));
        poller.interrupt();
        poller.join();
        List<Long> seen = firstSeen.values().stream().sorted().toList();
        long maxGap = 0;
        for (int i = 1; i < seen.size(); i++) {
            // Only while the cases ran: the last segment is listed at end of input, whenever that is.
            if (seen.get(i) <= casesDone) {
                maxGap = Math.max(maxGap, seen.get(i) - seen.get(i - 1));
            }
        }
        Pace pace = new Pace(seen.size(), referenceSeconds / 2, TimeUnit.NANOSECONDS.toMillis(maxGap));
        return new Report(outcomes, pace, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static Outcome runCase(TranscoderLiveInput input, LocalStorage storage, Case c, double speed) {
        if (Boolean.getBoolean("garbage.trace")) {
            System.out.println("garbagebench started " + c.name()); // the inputs in flight, should the JVM die
        }
        long t0 = System.nanoTime();
        LiveSink sink = input.open(session(c.name()));
        feedQuietly(sink, c.ts(), c.seconds() / speed);
        LiveMediaError error = sink.stats().mediaError();
        String prefix = "live/" + c.name() + "/sess/";
        List<ObjectInfo> stored = storage.list(prefix);
        int segments =
                (int) stored.stream().filter(o -> o.key().endsWith(".m4s")).count();
        boolean master = stored.stream().anyMatch(o -> o.key().equals(prefix + "master.m3u8"));
        return new Outcome(c.name(), segments, master, error, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    static LiveSessionInfo session(String stream) {
        return new LiveSessionInfo(stream, "sess", false, Instant.now(), "127.0.0.1:1", 120, false);
    }

    private static void feedQuietly(LiveSink sink, byte[] ts, double seconds) {
        try {
            Path file = Files.createTempFile("garbage-", ".ts");
            try {
                Files.write(file, ts);
                TestMedia.feedRealTime(sink, file, seconds);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (Exception e) {
            sink.close(LiveEndReason.SERVER_CLOSED);
            throw new IllegalStateException(e);
        }
    }

    private static void pollSegments(LocalStorage storage, String dir, Map<String, Long> firstSeen) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long now = System.nanoTime();
                for (ObjectInfo o : storage.list(dir)) {
                    if (o.key().endsWith(".m4s")) {
                        firstSeen.putIfAbsent(o.key(), now);
                    }
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the directory does not exist before the first segment
            }
        }
    }

    /** A clip of {@code seconds} from lavfi's test sources; {@code size} null for audio only. */
    static byte[] clip(Path dir, String name, String size, String codec, boolean audio, int tablesVersion)
            throws Exception {
        return clip(dir, name, size, codec, audio, tablesVersion, CLIP_SECONDS);
    }

    /** The clean stream played beside the cases. */
    public static byte[] reference(Path dir, int seconds) throws Exception {
        return clip(dir, "reference-" + seconds, "640x360", "libx264 -preset ultrafast", true, 0, seconds);
    }

    private static byte[] clip(
            Path dir, String name, String size, String codec, boolean audio, int tablesVersion, int seconds)
            throws Exception {
        Path out = dir.resolve(name + ".ts");
        if (!Files.exists(out)) {
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
            if (size != null) {
                cmd.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30"));
            }
            if (audio) {
                cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
            }
            cmd.addAll(List.of("-t", Integer.toString(seconds)));
            if (size != null) {
                cmd.addAll(List.of("-pix_fmt", "yuv420p", "-g", "30", "-b:v", "1M"));
                cmd.addAll(List.of(("-c:v " + codec).split(" ")));
            }
            if (audio) {
                cmd.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
            }
            cmd.addAll(List.of("-f", "mpegts", "-tables_version", Integer.toString(tablesVersion), out.toString()));
            Commands.run(cmd, 300);
        }
        return Files.readAllBytes(out);
    }
}
