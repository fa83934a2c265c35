package org.millrace.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.media.LiveEndReason;
import org.millrace.testkit.SrtPublisher;

/**
 * srt-live-transmit with a UDP input that never receives anything: its SRT connection stays up on keep-alives but
 * carries no media. The ingest drops it after the data idle timeout and the stream turns reconnecting, so a
 * publisher with media (the same key) can take the session over; while the first was live it could not.
 */
class SilentPublisherTest {
    @TempDir
    Path dir;

    @Test
    void aConnectedPublisherWithoutMediaIsDropped() throws Exception {
        IngestSettings settings = IngestSettings.on("127.0.0.1", 0).withDataIdleTimeout(Duration.ofSeconds(1));
        try (IngestHarness harness = IngestHarness.start(dir, Duration.ofSeconds(20), settings)) {
            String token = harness.token("u-sam", "sam");
            JsonObject stream = harness.create(token, new JsonObject().put("title", "Silent"));
            String id = stream.getString("id");
            int udpPort;
            try (java.net.DatagramSocket probe =
                    new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                udpPort = probe.getLocalPort();
            }
            Process relay = new ProcessBuilder(
                            "srt-live-transmit",
                            "-a:no",
                            "-ll:error",
                            "udp://127.0.0.1:" + udpPort,
                            harness.local(stream.getString("srtUrl")))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("slt.log").toFile())
                    .start();
            try {
                harness.awaitStatus(id, "live", Duration.ofSeconds(5));
                long live = System.nanoTime();
                harness.awaitStatus(id, "reconnecting", Duration.ofSeconds(5));
                assertThat(Duration.ofNanos(System.nanoTime() - live)).isGreaterThan(Duration.ofMillis(500));
                RecordingLiveInput.Recording recording = harness.input.awaitRecording(id, 0, 1000);
                assertThat(recording.closed.get(5, TimeUnit.SECONDS)).isEqualTo(LiveEndReason.SERVER_CLOSED);
                assertThat(recording.bytes()).isEmpty();

                // The silent one no longer holds the stream: a publisher with media takes over its session.
                Process ffmpeg = SrtPublisher.publish(
                        Media.transportStream(dir, 2),
                        harness.local(stream.getString("srtUrl")),
                        dir.resolve("takeover.log"));
                assertThat(SrtPublisher.await(ffmpeg, 30)).isZero();
                RecordingLiveInput.Recording takeover = harness.input.awaitRecording(id, 1, 5000);
                assertThat(takeover.session.resumed()).isTrue();
                assertThat(takeover.session.sessionId()).isEqualTo(recording.session.sessionId());
                assertThat(takeover.bytes()).isNotEmpty();
            } finally {
                relay.destroy();
                relay.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
