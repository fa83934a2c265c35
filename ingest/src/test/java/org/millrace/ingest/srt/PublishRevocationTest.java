package org.millrace.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.media.LiveEndReason;
import org.millrace.testkit.SrtPublisher;

/**
 * A leaked key is rotated (or the stream disabled, or deleted) while Debian's ffmpeg publishes with it: the
 * publisher is cut at once (its ffmpeg exits), the session ends without a reconnect grace, the old key is refused,
 * and the new key publishes straight away.
 */
class PublishRevocationTest {
    /** Long, so a publisher that is not cut would still be live when the test looks. */
    private static final Duration GRACE = Duration.ofSeconds(30);
    /** "At once", with room for a busy shared test machine. */
    private static final Duration CUT_WITHIN = Duration.ofSeconds(2);

    @TempDir
    static Path dir;

    private static IngestHarness harness;
    private static Path ts;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        ts = Media.transportStream(dir, 2);
        harness = IngestHarness.start(dir, GRACE);
        token = harness.token("u-rita", "rita");
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void rotatingTheKeyCutsItsPublisherAndTheNewKeyPublishes() throws Exception {
        JsonObject stream = harness.create(token, new JsonObject().put("title", "Leaked"));
        String id = stream.getString("id");
        String oldUrl = harness.local(stream.getString("srtUrl"));
        Process publisher = onAir(id, oldUrl, "rotate-old");
        try {
            long start = System.nanoTime();
            var rotated = harness.call(HttpMethod.POST, "/api/streams/" + id + "/key", token, new JsonObject());
            assertThat(rotated.statusCode()).isEqualTo(200);
            assertThat(rotated.bodyAsJsonObject().getString("status"))
                    .as("the answer shows the stream as it is now")
                    .isEqualTo("offline");
            assertCut(publisher, start, "rotate-old");
            assertThat(harness.status(id))
                    .as("no reconnect grace for a revoked key")
                    .isEqualTo("offline");
            assertThat(harness.stats(id, token).getBoolean("publisherConnected"))
                    .isFalse();
            RecordingLiveInput.Recording cut = harness.input.awaitRecording(id, 0, 1000);
            assertThat(cut.closed.get(5, TimeUnit.SECONDS)).isEqualTo(LiveEndReason.SERVER_CLOSED);

            assertRefused(oldUrl, "rotate-again");
            String newUrl = harness.local(rotated.bodyAsJsonObject().getString("srtUrl"));
            Process fresh = onAir(id, newUrl, "rotate-new");
            fresh.destroy();
            fresh.waitFor(5, TimeUnit.SECONDS);
            RecordingLiveInput.Recording next = harness.input.awaitRecording(id, 1, 5000);
            assertThat(next.session.sessionId()).as("a new session").isNotEqualTo(cut.session.sessionId());
        } finally {
            publisher.destroyForcibly();
        }
    }

    @Test
    void disablingAStreamCutsItsPublisher() throws Exception {
        JsonObject stream = harness.create(token, new JsonObject().put("title", "Against the rules"));
        String id = stream.getString("id");
        String url = harness.local(stream.getString("srtUrl"));
        Process publisher = onAir(id, url, "disable");
        try {
            long start = System.nanoTime();
            var disabled = harness.call(
                    HttpMethod.PATCH,
                    "/api/streams/" + id,
                    harness.adminToken("u-ada", "ada"),
                    new JsonObject().put("disabled", true));
            assertThat(disabled.statusCode()).isEqualTo(200);
            assertCut(publisher, start, "disable");
            assertThat(harness.status(id)).isEqualTo("offline");
            assertRefused(url, "disable-again");
        } finally {
            publisher.destroyForcibly();
        }
    }

    @Test
    void deletingAStreamCutsItsPublisher() throws Exception {
        JsonObject stream = harness.create(token, new JsonObject().put("title", "Gone"));
        String id = stream.getString("id");
        String url = harness.local(stream.getString("srtUrl"));
        Process publisher = onAir(id, url, "delete");
        try {
            long start = System.nanoTime();
            var deleted = harness.call(HttpMethod.DELETE, "/api/streams/" + id, token, null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertCut(publisher, start, "delete");
            assertRefused(url, "delete-again");
        } finally {
            publisher.destroyForcibly();
        }
    }

    @Test
    void aPublisherOnAnotherIngestNodeIsCutToo() throws Exception {
        // A second SRT ingest on the same bus (another node): the revocation is published, so it hears it too.
        SrtIngestVerticle second = new SrtIngestVerticle(
                IngestSettings.on("127.0.0.1", 0), new RecordingLiveInput(), new SimpleMeterRegistry());
        String deployment = harness.vertx.deployVerticle(second).await(30, TimeUnit.SECONDS);
        try {
            JsonObject stream = harness.create(token, new JsonObject().put("title", "Elsewhere"));
            String id = stream.getString("id");
            String url = harness.local(stream.getString("srtUrl"))
                    .replace(
                            ":" + harness.srtPort() + "?",
                            ":" + second.localAddress().getPort() + "?");
            Process publisher = onAir(id, url, "other-node");
            try {
                long start = System.nanoTime();
                assertThat(harness.call(HttpMethod.POST, "/api/streams/" + id + "/key", token, new JsonObject())
                                .statusCode())
                        .isEqualTo(200);
                assertCut(publisher, start, "other-node");
                assertThat(harness.status(id)).isEqualTo("offline");
            } finally {
                publisher.destroyForcibly();
            }
        } finally {
            harness.vertx.undeploy(deployment).await(20, TimeUnit.SECONDS);
        }
    }

    private static Process onAir(String id, String url, String name) throws Exception {
        Process publisher = SrtPublisher.publishLooping(ts, url, dir.resolve(name + ".log"));
        harness.awaitStatus(id, "live", Duration.ofSeconds(10));
        return publisher;
    }

    /** The publisher's ffmpeg ends (its connection was shut down) soon after {@code start}. */
    private static void assertCut(Process publisher, long start, String name) throws Exception {
        boolean exited = publisher.waitFor(CUT_WITHIN.toMillis() + 3000, TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(exited)
                .as("the publisher is still on air after %s ms", took.toMillis())
                .isTrue();
        System.out.printf("publisher cut %d ms after the %s request%n", took.toMillis(), name);
        assertThat(took).as(Files.readString(dir.resolve(name + ".log"))).isLessThan(CUT_WITHIN);
    }

    private static void assertRefused(String url, String name) throws Exception {
        Process again = SrtPublisher.publish(ts, url, dir.resolve(name + ".log"));
        assertThat(SrtPublisher.await(again, 10))
                .as("the revoked key is refused")
                .isNotZero();
    }
}
