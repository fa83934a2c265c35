package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.config.ConfigLoader;

/** What the recorder needs from the streams service: a recording visibility per stream and the session lookup. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingSupportTest {
    private static final Duration GRACE = Duration.ofMillis(500);

    private StreamsHarness harness;
    private String owner;
    private String stranger;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = StreamsHarness.start(dir, GRACE);
        owner = harness.token("u-vera", "vera");
        stranger = harness.token("u-walt", "walt");
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void recordingVisibilityDefaultsToPublicIsSettableAndShownOnlyToTheOwner() throws Exception {
        JsonObject created = harness.create(owner, new JsonObject().put("title", "Default"));
        assertThat(created.getString("recordingVisibility")).isEqualTo("public");
        String id = created.getString("id");

        JsonObject privateOne =
                harness.create(owner, new JsonObject().put("title", "Hidden").put("recordingVisibility", "private"));
        assertThat(privateOne.getString("recordingVisibility")).isEqualTo("private");

        HttpResponse<Buffer> patched = harness.call(
                HttpMethod.PATCH, "/api/streams/" + id, owner, new JsonObject().put("recordingVisibility", "unlisted"));
        assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
        assertThat(patched.bodyAsJsonObject().getString("recordingVisibility")).isEqualTo("unlisted");
        // A PATCH without the field keeps it.
        JsonObject retitled = harness.call(
                        HttpMethod.PATCH, "/api/streams/" + id, owner, new JsonObject().put("title", "Renamed"))
                .bodyAsJsonObject();
        assertThat(retitled.getString("recordingVisibility")).isEqualTo("unlisted");
        assertThat(harness.call(HttpMethod.GET, "/api/streams/" + id, owner, null)
                        .bodyAsJsonObject()
                        .getString("recordingVisibility"))
                .isEqualTo("unlisted");

        assertThat(harness.call(HttpMethod.GET, "/api/streams/" + id, stranger, null)
                        .bodyAsJsonObject()
                        .containsKey("recordingVisibility"))
                .isFalse();
        assertThat(harness.call(HttpMethod.GET, "/api/streams/" + id, null, null)
                        .bodyAsJsonObject()
                        .containsKey("recordingVisibility"))
                .isFalse();
    }

    @Test
    void anInvalidVisibilityIs400AndChangesNothing() throws Exception {
        for (Object bad : new Object[] {"secret", "PUBLIC", 1, true, new JsonObject()}) {
            HttpResponse<Buffer> create = harness.call(
                    HttpMethod.POST,
                    "/api/streams",
                    owner,
                    new JsonObject().put("title", "Bad").put("recordingVisibility", bad));
            assertError(create, 400, "invalid_visibility");
        }
        String id = harness.create(owner, new JsonObject().put("title", "Kept")).getString("id");
        HttpResponse<Buffer> patch = harness.call(
                HttpMethod.PATCH,
                "/api/streams/" + id,
                owner,
                new JsonObject().put("title", "Not applied").put("recordingVisibility", "everyone"));
        assertError(patch, 400, "invalid_visibility");
        JsonObject now =
                harness.call(HttpMethod.GET, "/api/streams/" + id, owner, null).bodyAsJsonObject();
        assertThat(now.getString("title")).isEqualTo("Kept");
        assertThat(now.getString("recordingVisibility")).isEqualTo("public");
    }

    @Test
    void sessionLookupFollowsTheSessionFromLiveToEnded() throws Exception {
        JsonObject created = harness.create(
                owner,
                new JsonObject()
                        .put("title", "Talk show")
                        .put("description", "weekly")
                        .put("recordingVisibility", "unlisted"));
        String id = created.getString("id");
        JsonObject started = harness.bus(Addresses.STREAMS_PUBLISH_STARTED, new JsonObject().put("streamId", id));
        String sessionId = started.getString("sessionId");

        JsonObject live = session(id, sessionId);
        assertThat(live.getString("streamId")).isEqualTo(id);
        assertThat(live.getString("title")).isEqualTo("Talk show");
        assertThat(live.getString("description")).isEqualTo("weekly");
        assertThat(live.getString("ownerId")).isEqualTo("u-vera");
        assertThat(live.getString("ownerUsername")).isEqualTo("vera");
        assertThat(live.getString("recordingVisibility")).isEqualTo("unlisted");
        assertThat(live.getString("status")).isEqualTo("live");
        assertThat(live.getString("currentSessionId")).isEqualTo(sessionId);
        JsonObject liveSession = live.getJsonObject("session");
        assertThat(liveSession.getString("id")).isEqualTo(sessionId);
        assertThat(Instant.parse(liveSession.getString("startedAt")))
                .isEqualTo(Instant.parse(started.getString("startedAt")));
        assertThat(liveSession.getValue("endedAt")).isNull();

        harness.bus(Addresses.STREAMS_PUBLISH_STOPPED, new JsonObject().put("streamId", id));
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonObject ended = session(id, sessionId);
        while (ended.getJsonObject("session").getValue("endedAt") == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
            ended = session(id, sessionId);
        }
        assertThat(ended.getString("status")).isEqualTo("offline");
        assertThat(ended.getValue("currentSessionId")).isNull();
        assertThat(Instant.parse(ended.getJsonObject("session").getString("endedAt")))
                .isAfterOrEqualTo(Instant.parse(liveSession.getString("startedAt")));

        ServiceException unknownSession = harness.busFailure(
                Addresses.STREAMS_SESSION, new JsonObject().put("streamId", id).put("sessionId", "no-such-session"));
        assertThat(unknownSession.status()).isEqualTo(404);
        String other =
                harness.create(owner, new JsonObject().put("title", "Other")).getString("id");
        ServiceException wrongStream = harness.busFailure(
                Addresses.STREAMS_SESSION,
                new JsonObject().put("streamId", other).put("sessionId", sessionId));
        assertThat(wrongStream.status()).as("a session belongs to one stream").isEqualTo(404);
        ServiceException missing = harness.busFailure(Addresses.STREAMS_SESSION, new JsonObject().put("streamId", id));
        assertThat(missing.status()).isEqualTo(400);
    }

    @Test
    void theReconnectGraceComesFromTheConfiguration() {
        var config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        "/tmp/unused",
                        "MILLRACE_JWT_SECRET",
                        "x".repeat(40),
                        "MILLRACE_INTERNAL_API_KEY",
                        "y".repeat(40),
                        "MILLRACE_RECONNECT_GRACE_SECONDS",
                        "7"))
                .load();
        assertThat(StreamsSettings.from(config).reconnectGrace()).isEqualTo(Duration.ofSeconds(7));
        var defaults = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        "/tmp/unused",
                        "MILLRACE_JWT_SECRET",
                        "x".repeat(40),
                        "MILLRACE_INTERNAL_API_KEY",
                        "y".repeat(40)))
                .load();
        assertThat(StreamsSettings.from(defaults).reconnectGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    private JsonObject session(String streamId, String sessionId) throws Exception {
        return harness.bus(
                Addresses.STREAMS_SESSION,
                new JsonObject().put("streamId", streamId).put("sessionId", sessionId));
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }
}
