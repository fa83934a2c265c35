package org.millrace.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.testkit.SrtPublisher;

/**
 * An ingest node's capacity ({@code MILLRACE_INGEST_CAPACITY}, 1 here) with Debian's ffmpeg: a second publisher is
 * refused at the handshake and its owner's stats say why ({@code ingest_full}); the place of a publisher that
 * dropped is kept for it during the grace, and it gets back in without being counted twice.
 */
class IngestCapacityTest {
    @TempDir
    Path dir;

    @Test
    void aFullNodeRefusesNewPublishersWithAReasonAndKeepsTheReconnectingOnesPlace() throws Exception {
        Path ts = Media.transportStream(dir, 2);
        List<Process> publishers = new ArrayList<>();
        try (IngestHarness harness = IngestHarness.start(
                dir, Duration.ofSeconds(30), IngestSettings.on("127.0.0.1", 0).withCapacity(1))) {
            String token = harness.token("u-cy", "cy");
            JsonObject held = harness.create(token, new JsonObject().put("title", "first"));
            JsonObject other = harness.create(harness.token("u-di", "di"), new JsonObject().put("title", "second"));
            publishers.add(
                    SrtPublisher.publishLooping(ts, harness.local(held.getString("srtUrl")), dir.resolve("1.log")));
            harness.awaitStatus(held.getString("id"), "live", Duration.ofSeconds(10));

            long start = System.nanoTime();
            Process refused = SrtPublisher.publish(ts, harness.local(other.getString("srtUrl")), dir.resolve("2.log"));
            assertThat(SrtPublisher.await(refused, 10))
                    .as("the second publisher is refused")
                    .isNotZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
            assertThat(Files.readString(dir.resolve("2.log")))
                    .as("refused at the handshake, not cut after it")
                    .contains("REJECT");
            assertThat(harness.status(other.getString("id"))).isEqualTo("offline");
            JsonObject refusal = harness.stats(other.getString("id"), harness.token("u-di", "di"))
                    .getJsonObject("lastRefusal");
            assertThat(refusal).as("the dashboard can say why").isNotNull();
            assertThat(refusal.getString("reason")).isEqualTo("ingest_full");
            assertThat(harness.input.recordings).as("nothing transcoded for it").hasSize(1);

            // The first publisher drops: its place is kept for the grace, so a newcomer is still refused...
            publishers.get(0).destroy();
            publishers.get(0).waitFor(5, TimeUnit.SECONDS);
            harness.awaitStatus(held.getString("id"), "reconnecting", Duration.ofSeconds(15));
            Process again = SrtPublisher.publish(ts, harness.local(other.getString("srtUrl")), dir.resolve("3.log"));
            assertThat(SrtPublisher.await(again, 10)).isNotZero();
            // ...and the one coming back is not counted twice.
            publishers.add(
                    SrtPublisher.publishLooping(ts, harness.local(held.getString("srtUrl")), dir.resolve("4.log")));
            harness.awaitStatus(held.getString("id"), "live", Duration.ofSeconds(10));
        } finally {
            for (Process p : publishers) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
