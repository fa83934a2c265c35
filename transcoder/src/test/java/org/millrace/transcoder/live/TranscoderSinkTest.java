package org.millrace.transcoder.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.millrace.core.media.LiveEndReason;

/** Restarts after a media fault: only restartable ones, at most three a minute, none once the publisher left. */
class TranscoderSinkTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TranscoderSink.Run> started = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private TranscoderSink.Run run() {
        TranscoderSink.Run run = new TranscoderSink.Run(
                new ChunkInputStream(4, 10), new PipelineMetrics(registry, "s"), new CompletableFuture<>());
        started.add(run);
        return run;
    }

    private TranscoderSink sink() {
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        return new TranscoderSink(run(), this::run, "s", clock);
    }

    private void end(MediaFault fault) {
        TranscoderSink.Run last = started.get(started.size() - 1);
        last.metrics().fault(fault);
        last.done().complete(null);
    }

    @Test
    void aRestartableFaultStartsAFreshPipelineAtMostThreeTimesAMinute() {
        TranscoderSink sink = sink();
        MediaFault resized = new MediaFault(MediaFault.RESOLUTION_CHANGED, "640x360 to 854x480", true);
        for (int i = 0; i < 3; i++) {
            end(resized);
            now = now.plusSeconds(5);
        }
        assertThat(started).hasSize(4);
        assertThat(sink.stats().mediaError().restarted()).isTrue();
        assertThat(sink.stats().mediaError().reason()).isEqualTo(MediaFault.RESOLUTION_CHANGED);

        end(resized); // the fourth within a minute: the stream stays down, and says so
        assertThat(started).hasSize(4);
        assertThat(sink.stats().mediaError().restarted()).isFalse();
    }

    @Test
    void restartsOlderThanAMinuteNoLongerCount() {
        TranscoderSink sink = sink();
        MediaFault reset = new MediaFault(MediaFault.TIMESTAMPS_RESET, "timestamps jumped back", true);
        for (int i = 0; i < 3; i++) {
            end(reset);
        }
        now = now.plusSeconds(61);
        end(reset);
        assertThat(started).hasSize(5);
        assertThat(sink.stats().mediaError().restarted()).isTrue();
    }

    @Test
    void aFaultAtOpenIsKeptWithoutARestart() {
        TranscoderSink sink = sink();
        end(new MediaFault(MediaFault.NO_VIDEO, "no video stream (found audio aac)", false));
        assertThat(started).hasSize(1);
        assertThat(sink.stats().mediaError().reason()).isEqualTo(MediaFault.NO_VIDEO);
        assertThat(sink.stats().mediaError().detail()).isEqualTo("no video stream (found audio aac)");
        assertThat(sink.stats().mediaError().restarted()).isFalse();
    }

    @Test
    void noRestartOnceThePublisherLeftAndNoReasonForACleanEnd() throws Exception {
        TranscoderSink sink = sink();
        Thread closer = new Thread(() -> sink.close(LiveEndReason.PUBLISHER_CLOSED));
        closer.start();
        Thread.sleep(50);
        end(new MediaFault(MediaFault.CODEC_CHANGED, "h264 to hevc", true));
        closer.join(5000);
        assertThat(started).hasSize(1);
        assertThat(sink.stats().mediaError().restarted()).isFalse();

        TranscoderSink clean = sink();
        started.get(started.size() - 1).done().complete(null);
        assertThat(clean.stats().mediaError()).isNull();
    }
}
