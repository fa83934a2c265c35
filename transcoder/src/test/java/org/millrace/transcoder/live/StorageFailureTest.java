package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.UploadSpoolLimits;
import org.millrace.core.media.LiveEndReason;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.core.media.LiveSink;
import org.millrace.core.storage.LocalStorage;
import org.millrace.transcoder.TranscoderLiveInput;
import org.millrace.transcoder.TranscoderSettings;
import org.slf4j.LoggerFactory;

/**
 * A slow storage that fails one segment for good: the ingest never waits on it, and once the segment has waited the
 * spool's maximum age it becomes a gap.
 */
class StorageFailureTest {
    @TempDir
    Path tmp;

    @Test
    void aFailingSegmentIsListedAsAGapAndTheIngestIsNeverHeldUp() throws Exception {
        Path ts = TestMedia.transportStream(tmp, 854, 480, 6, true, false);
        Path work = Files.createDirectories(tmp.resolve("work"));
        LocalStorage local = new LocalStorage(tmp.resolve("storage"));
        FlakyStorage storage = new FlakyStorage(local, Duration.ofMillis(150), key -> key.endsWith("360p/1.m4s"));
        TranscoderSettings d = TranscoderSettings.defaults();
        TranscoderSettings settings = new TranscoderSettings(
                d.ladder(),
                true,
                d.liveHls(),
                d.x264Preset(),
                d.audioBitrate(),
                new UploadSpoolLimits(64L << 20, 64L << 20, Duration.ofSeconds(1)),
                Duration.ofMillis(50),
                d.thumbnailInterval(),
                d.inputBufferChunks(),
                work);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TranscoderLiveInput input = new TranscoderLiveInput(settings, storage, registry);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(RenditionPackager.class)).addAppender(logs);
        try {
            LiveSink sink = input.open(new LiveSessionInfo("f", "sess", false, Instant.now(), "x", 120, false));
            byte[] bytes = Files.readAllBytes(ts);
            long slowestWrite = 0;
            long start = System.nanoTime();
            double bytesPerNano = bytes.length / 6e9;
            for (int off = 0; off < bytes.length; off += 1316) {
                byte[] chunk = java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + 1316));
                long wait = start + (long) (off / bytesPerNano) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long t = System.nanoTime();
                sink.write(chunk);
                slowestWrite = Math.max(slowestWrite, System.nanoTime() - t);
            }
            assertThat(slowestWrite).as("longest write, ns").isLessThan(TimeUnit.MILLISECONDS.toNanos(250));
            assertThat(registry.find("millrace_transcoder_dropped_input_bytes")
                            .counter()
                            .count())
                    .isZero();
            sink.close(LiveEndReason.PUBLISHER_CLOSED);
            input.endSession("f", "sess").get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            ((Logger) LoggerFactory.getLogger(RenditionPackager.class)).detachAppender(logs);
        }
        String playlist = HlsChecks.text(local, "live/f/sess/360p/index.m3u8");
        assertThat(playlist)
                .contains("#EXT-X-GAP\n1.m4s\n")
                .contains("#EXT-X-VERSION:8")
                .endsWith("#EXT-X-ENDLIST\n");
        assertThat(HlsChecks.entries(playlist).stream()
                        .map(HlsChecks.Entry::uri)
                        .toList())
                .startsWith("0.m4s", "1.m4s", "2.m4s");
        assertThat(local.stat("live/f/sess/360p/1.m4s")).isEmpty();
        assertThat(local.stat("live/f/sess/360p/2.m4s")).isPresent();
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("segment 1 of live/f/sess/360p/ listed as a gap"));
        List<String> source = HlsChecks.entries(HlsChecks.text(local, "live/f/sess/source/index.m3u8")).stream()
                .map(HlsChecks.Entry::uri)
                .toList();
        assertThat(source).contains("1.m4s");
        HlsChecks.assertNoTranscoderThreads();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }
}
