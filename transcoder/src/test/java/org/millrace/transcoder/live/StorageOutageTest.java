package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.UploadSpoolLimits;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.S3Storage;
import org.millrace.core.storage.Storage;
import org.millrace.core.testing.LocalStorageOutage;
import org.millrace.core.testing.S3ProxyServer;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;

/**
 * Local storage down mid-stream (the live directory replaced by a file: every write fails, even for root): the
 * publisher is never held up, finished segments wait in the spool and go up in order when storage is back, and the
 * playlists end up listing every segment with no gap. With a spool too small for the outage, what did not fit is
 * dropped and listed as EXT-X-GAP, and the spool never grows past its bound. The same with S3 (S3Proxy stopped and
 * started again on its port).
 */
class StorageOutageTest {
    private static final int SECONDS = 30;
    private static final int OUTAGE_AT = 6;
    private static final int OUTAGE_SECONDS = 12;
    /** The segment target, seconds (the test pattern has a keyframe a second, so the source is cut at it too). */
    private static final double TARGET =
            TranscoderSettings.defaults().segmentDuration().toMillis() / 1000.0;

    private static final List<String> RENDITIONS = List.of("source", "360p", "audio");

    @TempDir
    Path tmp;

    record Run(
            SimpleMeterRegistry registry,
            Storage storage,
            int peakBacklog,
            long peakSpoolBytes,
            double catchUpSeconds) {}

    /** Takes storage down and brings it back. */
    interface Outage {
        void begin() throws Exception;

        void restore() throws Exception;
    }

    @Test
    void segmentsMadeWhileStorageIsDownAreSpooledAndUploadedInOrder() throws Exception {
        LocalStorage storage = new LocalStorage(tmp.resolve("storage"));
        LocalStorageOutage outage = new LocalStorageOutage(tmp.resolve("storage/live"));
        assertEverySegmentStored(publishThroughOutage(UploadSpoolLimits.defaults(), storage, outage(outage)));
    }

    @Test
    void segmentsMadeWhileS3IsDownAreUploadedWhenItIsBack() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start();
                S3Storage storage = new S3Storage(s3.settings("live"))) {
            assertEverySegmentStored(publishThroughOutage(UploadSpoolLimits.defaults(), storage, new Outage() {
                @Override
                public void begin() {
                    s3.stop();
                }

                @Override
                public void restore() {
                    s3.restart();
                }
            }));
        }
    }

    /**
     * A publisher that reconnects while storage is down is transcoded at once (not held until the previous one's
     * spooled segments are stored); its segments wait behind them and are listed after them, after one
     * discontinuity.
     */
    @Test
    void aPublisherResumingDuringTheOutageIsTranscodedAtOnceAndListedAfterThePreviousOne() throws Exception {
        Path ts = TestMedia.transportStream(tmp, 854, 480, 10, true, false);
        Path work = Files.createDirectories(tmp.resolve("work"));
        LocalStorage storage = new LocalStorage(tmp.resolve("storage"));
        TranscoderLiveInput input = new TranscoderLiveInput(
                TranscoderSettings.defaults().withWorkDir(work), storage, new SimpleMeterRegistry());
        try (LocalStorageOutage outage = new LocalStorageOutage(tmp.resolve("storage/live"))) {
            LiveSink first = input.open(new LiveSessionInfo("r", "sess", false, Instant.now(), "x", 120, false));
            CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> feed(first, ts, 10));
            Thread.sleep(4_000);
            outage.begin();
            feeding.get(30, TimeUnit.SECONDS);
            CompletableFuture<Void> firstClosed =
                    CompletableFuture.runAsync(() -> first.close(LiveEndReason.PUBLISHER_CLOSED));
            LiveSink second = input.open(new LiveSessionInfo("r", "sess", true, Instant.now(), "x", 120, false));
            feeding = CompletableFuture.runAsync(() -> feed(second, ts, 10));
            Thread.sleep(7_000);
            assertThat(pipelinesWithSegments(work))
                    .as("work directories holding segments: both publishers'")
                    .isEqualTo(2);
            outage.restore();
            feeding.get(30, TimeUnit.SECONDS);
            second.close(LiveEndReason.PUBLISHER_CLOSED);
            firstClosed.get(60, TimeUnit.SECONDS);
            input.endSession("r", "sess").get(60, TimeUnit.SECONDS);
        }
        for (String r : RENDITIONS) {
            String playlist = HlsChecks.text(storage, "live/r/sess/" + r + "/index.m3u8");
            assertThat(playlist)
                    .as(r)
                    .doesNotContain("#EXT-X-GAP")
                    .containsOnlyOnce("#EXT-X-DISCONTINUITY\n")
                    .endsWith("#EXT-X-ENDLIST\n");
            List<HlsChecks.Entry> entries = HlsChecks.entries(playlist);
            int each = (int) Math.round(10 / TARGET); // two publishers of 10 s
            assertThat(entries).as(r).hasSizeBetween(2 * each - 1, 2 * each + 2); // audio: a short last one each
            for (HlsChecks.Entry e : entries) {
                assertThat(storage.stat("live/r/sess/" + r + "/" + e.uri()))
                        .as(r + " " + e.uri())
                        .isPresent();
            }
        }
        HlsChecks.assertNoTranscoderThreads();
    }

    private static void feed(LiveSink sink, Path ts, double seconds) {
        try {
            byte[] bytes = Files.readAllBytes(ts);
            double bytesPerNano = bytes.length / (seconds * 1e9);
            long start = System.nanoTime();
            for (int off = 0; off < bytes.length; off += 1316) {
                long wait = start + (long) (off / bytesPerNano) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                sink.write(Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + 1316)));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long pipelinesWithSegments(Path work) throws Exception {
        try (Stream<Path> dirs = Files.list(work)) {
            return dirs.filter(d -> {
                        try (Stream<Path> files = Files.walk(d)) {
                            return files.anyMatch(
                                    f -> f.getFileName().toString().endsWith(".m4s"));
                        } catch (Exception e) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    private static Outage outage(LocalStorageOutage local) {
        return new Outage() {
            @Override
            public void begin() throws Exception {
                local.begin();
            }

            @Override
            public void restore() throws Exception {
                local.restore();
            }
        };
    }

    private static void assertEverySegmentStored(Run run) throws Exception {
        for (String r : RENDITIONS) {
            String playlist = HlsChecks.text(run.storage(), "live/o/sess/" + r + "/index.m3u8");
            assertThat(playlist)
                    .as(r)
                    .doesNotContain("#EXT-X-GAP")
                    .doesNotContain("#EXT-X-DISCONTINUITY")
                    .endsWith("#EXT-X-ENDLIST\n");
            List<HlsChecks.Entry> entries = HlsChecks.entries(playlist);
            int segments = (int) Math.round(SECONDS / TARGET);
            assertThat(entries).as(r + " segments").hasSizeBetween(segments - 1, segments + 1);
            for (int i = 0; i < entries.size(); i++) {
                assertThat(entries.get(i).uri()).isEqualTo(i + ".m4s");
                assertThat(run.storage().stat("live/o/sess/" + r + "/" + i + ".m4s"))
                        .as(r + " " + i)
                        .isPresent();
            }
        }
        // Several segments of every rendition waited during the outage, and went up within seconds of its end.
        assertThat(run.peakBacklog())
                .as("segments waiting at the peak")
                .isGreaterThanOrEqualTo(RENDITIONS.size() * ((int) (OUTAGE_SECONDS / TARGET) - 2));
        assertThat(run.catchUpSeconds()).as("seconds to catch up").isLessThan(8);
        assertThat(run.registry()
                        .find("millrace_transcoder_spool_bytes")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void anOutageLongerThanTheSpoolDropsWhatDidNotFitAndMarksTheGap() throws Exception {
        long bound = 1024 * 1024;
        Run run = publishThroughOutage(
                new UploadSpoolLimits(4 * bound, bound, Duration.ofMinutes(10)),
                new LocalStorage(tmp.resolve("storage")),
                outage(new LocalStorageOutage(tmp.resolve("storage/live"))));
        String playlist = HlsChecks.text(run.storage(), "live/o/sess/360p/index.m3u8");
        List<HlsChecks.Entry> entries = HlsChecks.entries(playlist);
        assertThat(playlist).contains("#EXT-X-GAP").endsWith("#EXT-X-ENDLIST\n");
        // Numbering stays continuous: a dropped segment is still listed (as a gap), so renditions stay aligned.
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i).uri()).isEqualTo(i + ".m4s");
        }
        String source = HlsChecks.text(run.storage(), "live/o/sess/source/index.m3u8");
        assertThat(source).contains("#EXT-X-GAP");
        // The segments after storage came back are stored again.
        HlsChecks.Entry last = entries.get(entries.size() - 1);
        assertThat(run.storage().stat("live/o/sess/360p/" + last.uri())).isPresent();
        // Never more than the bound plus the one segment a stream may always queue.
        assertThat(run.peakSpoolBytes()).as("spool bytes at the peak").isLessThanOrEqualTo(bound + 1024 * 1024);
    }

    private Run publishThroughOutage(UploadSpoolLimits spool, Storage storage, Outage outage) throws Exception {
        Path ts = TestMedia.transportStream(tmp, 854, 480, SECONDS, true, false);
        Path work = Files.createDirectories(tmp.resolve("work"));
        TranscoderSettings settings =
                TranscoderSettings.defaults().withWorkDir(work).withSpool(spool);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TranscoderLiveInput input = new TranscoderLiveInput(settings, storage, registry);
        LiveSink sink = input.open(new LiveSessionInfo("o", "sess", false, Instant.now(), "x", 120, false));
        long start = System.nanoTime();
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
            try {
                TestMedia.feedRealTime(sink, ts, SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int peakBacklog = 0;
        long peakSpool = 0;
        double catchUp = -1;
        boolean back = false;
        try {
            sleepUntil(start, OUTAGE_AT);
            assertThat(storage.stat("live/o/sess/360p/index.m3u8"))
                    .as("listed before the outage")
                    .isPresent();
            outage.begin();
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(OUTAGE_AT + OUTAGE_SECONDS)) {
                peakBacklog = Math.max(peakBacklog, (int) backlog(registry));
                peakSpool = Math.max(peakSpool, (long)
                        registry.find("millrace_transcoder_spool_bytes").gauge().value());
                Thread.sleep(100);
            }
            outage.restore();
            back = true;
            long restored = System.nanoTime();
            while (System.nanoTime() - restored < TimeUnit.SECONDS.toNanos(20)) {
                if (backlog(registry) <= RENDITIONS.size()) {
                    catchUp = (System.nanoTime() - restored) / 1e9;
                    break;
                }
                Thread.sleep(50);
            }
        } finally {
            if (!back) {
                outage.restore();
            }
        }
        feeding.get(SECONDS + 120, TimeUnit.SECONDS);
        input.endSession("o", "sess").get(60, TimeUnit.SECONDS);
        assertThat(registry.find("millrace_transcoder_dropped_input_bytes").counters())
                .allSatisfy(c -> assertThat(c.count()).as("input bytes dropped").isZero());
        HlsChecks.assertNoTranscoderThreads();
        System.out.printf(
                "storage outage of %d s: %d segments waited at the peak, %d bytes spooled at the peak, "
                        + "caught up %.1f s after storage came back%n",
                OUTAGE_SECONDS, peakBacklog, peakSpool, catchUp);
        return new Run(registry, storage, peakBacklog, peakSpool, catchUp);
    }

    private static double backlog(SimpleMeterRegistry registry) {
        Gauge g = registry.find("millrace_transcoder_upload_backlog_segments").gauge();
        return g == null ? 0 : g.value();
    }

    private static void sleepUntil(long start, int second) throws InterruptedException {
        long wait = start + TimeUnit.SECONDS.toNanos(second) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
