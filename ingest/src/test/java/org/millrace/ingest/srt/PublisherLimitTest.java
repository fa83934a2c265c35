package org.millrace.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.streams.StreamsSettings;
import org.millrace.testkit.SrtPublisher;

/**
 * The per-account publisher cap ({@code MILLRACE_MAX_PUBLISHERS_PER_ACCOUNT}, 2 here) with Debian's ffmpeg: a third
 * stream of the same account is refused at the handshake and the owner's stats say why; another account is not
 * affected; once one of the two stops, the third gets in.
 */
class PublisherLimitTest {
    @TempDir
    Path dir;

    @Test
    void anAccountPublishesAtMostItsCapOfStreamsAtOnce() throws Exception {
        Path ts = Media.transportStream(dir, 2);
        StreamsSettings settings = StreamsSettings.defaults()
                .withReconnectGrace(Duration.ofSeconds(20))
                .withMaxPublishersPerAccount(2);
        List<Process> publishers = new ArrayList<>();
        try (IngestHarness harness = IngestHarness.start(dir, settings)) {
            String token = harness.token("u-max", "max");
            List<JsonObject> streams = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                streams.add(harness.create(token, new JsonObject().put("title", "camera " + i)));
            }
            for (int i = 0; i < 2; i++) {
                publishers.add(
                        SrtPublisher.publishLooping(ts, url(harness, streams.get(i)), dir.resolve("cam" + i + ".log")));
                harness.awaitStatus(id(streams.get(i)), "live", Duration.ofSeconds(10));
            }

            long start = System.nanoTime();
            Process third = SrtPublisher.publish(ts, url(harness, streams.get(2)), dir.resolve("cam2.log"));
            assertThat(SrtPublisher.await(third, 10))
                    .as("the third publisher is refused")
                    .isNotZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
            assertThat(harness.status(id(streams.get(2)))).isEqualTo("offline");
            JsonObject refusal = harness.stats(id(streams.get(2)), token).getJsonObject("lastRefusal");
            assertThat(refusal).as("the dashboard can say why").isNotNull();
            assertThat(refusal.getString("reason")).isEqualTo("publisher_limit");
            assertThat(harness.status(id(streams.get(0)))).isEqualTo("live");
            assertThat(harness.status(id(streams.get(1)))).isEqualTo("live");

            // Another account has its own cap.
            JsonObject other = harness.create(harness.token("u-zoe", "zoe"), new JsonObject().put("title", "zoe"));
            publishers.add(SrtPublisher.publishLooping(ts, url(harness, other), dir.resolve("zoe.log")));
            harness.awaitStatus(id(other), "live", Duration.ofSeconds(10));

            // One of the two stops: its stream is reconnecting, not live, so the third fits.
            publishers.get(0).destroy();
            harness.awaitStatus(id(streams.get(0)), "reconnecting", Duration.ofSeconds(10));
            publishers.add(
                    SrtPublisher.publishLooping(ts, url(harness, streams.get(2)), dir.resolve("cam2-again.log")));
            harness.awaitStatus(id(streams.get(2)), "live", Duration.ofSeconds(10));
            assertThat(harness.stats(id(streams.get(2)), token).getValue("lastRefusal"))
                    .as("a publisher that got in clears the refusal")
                    .isNull();
        } finally {
            for (Process p : publishers) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String url(IngestHarness harness, JsonObject stream) {
        return harness.local(stream.getString("srtUrl"));
    }

    private static String id(JsonObject stream) {
        return stream.getString("id");
    }
}
