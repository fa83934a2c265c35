package org.millrace.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.media.RenditionInfo;

/** What the SRT ingest will do over the bus, observed through the public API: authorize, go live, drop, return. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishLifecycleTest {
    private static final Duration GRACE = Duration.ofMillis(600);

    private StreamsHarness harness;
    private String owner;
    private final List<LiveEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = StreamsHarness.start(dir, GRACE);
        owner = harness.token("u-carol", "carol");
        harness.vertx.eventBus().<LiveEvent>consumer(Addresses.EVENTS_LIVE, message -> events.add(message.body()));
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private JsonObject authorize(JsonObject request) throws Exception {
        return harness.bus(Addresses.STREAMS_AUTHORIZE_PUBLISH, request);
    }

    private JsonObject authorize(String key) throws Exception {
        return authorize(new JsonObject().put("streamKey", key));
    }

    private JsonObject get(String id) throws Exception {
        return harness.call(HttpMethod.GET, "/api/streams/" + id, null, null).bodyAsJsonObject();
    }

    private JsonArray liveIds() throws Exception {
        JsonArray ids = new JsonArray();
        harness.call(HttpMethod.GET, "/api/streams?live=true&limit=100", null, null)
                .bodyAsJsonObject()
                .getJsonArray("items")
                .forEach(item -> ids.add(((JsonObject) item).getString("id")));
        return ids;
    }

    private JsonObject started(String id) throws Exception {
        return harness.bus(
                Addresses.STREAMS_PUBLISH_STARTED,
                new JsonObject().put("streamId", id).put("publisher", "203.0.113.7:5000"));
    }

    private JsonObject stopped(String id) throws Exception {
        return harness.bus(Addresses.STREAMS_PUBLISH_STOPPED, new JsonObject().put("streamId", id));
    }

    @Test
    void renditionsAnnouncedForTheCurrentSessionShowUntilANewSessionStarts() throws Exception {
        String id =
                harness.create(owner, new JsonObject().put("title", "Ladder")).getString("id");
        String session = started(id).getString("sessionId");
        JsonArray ladder = new JsonArray()
                .add(new JsonObject()
                        .put("name", "source")
                        .put("width", 1280)
                        .put("height", 720)
                        .put("bandwidth", 3_300_000)
                        .put("frameRate", 30.0))
                .add(new JsonObject()
                        .put("name", "360p")
                        .put("width", 640)
                        .put("height", 360)
                        .put("bandwidth", 1_000_000)
                        .put("frameRate", 30.0));
        assertThat(get(id).getJsonArray("renditions")).isEmpty();

        // A late announcement for another session of the stream changes nothing.
        List<RenditionInfo> renditions =
                ladder.stream().map(r -> RenditionInfo.fromJson((JsonObject) r)).toList();
        harness.vertx.eventBus().publish(Addresses.EVENTS_LIVE, LiveEvent.renditions(id, "an-old-session", renditions));
        harness.vertx.eventBus().publish(Addresses.EVENTS_LIVE, LiveEvent.renditions(id, session, renditions));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (get(id).getJsonArray("renditions").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(get(id).getJsonArray("renditions")).isEqualTo(ladder);

        stopped(id);
        assertThat(get(id).getJsonArray("renditions"))
                .as("kept while reconnecting")
                .isEqualTo(ladder);
        Thread.sleep(GRACE.toMillis() + 400);
        assertThat(get(id).getString("status")).isEqualTo("offline");
        assertThat(get(id).getJsonArray("renditions")).as("none while offline").isEmpty();
        String next = started(id).getString("sessionId");
        assertThat(next).isNotEqualTo(session);
        assertThat(get(id).getJsonArray("renditions"))
                .as("a new session starts without any")
                .isEmpty();
    }

    @Test
    void rotationRefusesTheOldKeyAtOnceAndTheNewOneWorks() throws Exception {
        JsonObject created = harness.create(owner, new JsonObject().put("title", "Rotating"));
        String id = created.getString("id");
        String oldKey = created.getString("streamKey");
        assertThat(authorize(oldKey).getString("streamId")).isEqualTo(id);

        JsonObject rotated = harness.call(
                        HttpMethod.POST,
                        "/api/streams/" + id + "/key",
                        owner,
                        new JsonObject().put("passphrase", "new-shared-secret"))
                .bodyAsJsonObject();
        String newKey = rotated.getString("streamKey");
        assertThat(rotated.getString("srtUrl"))
                .contains("streamid=publish:" + newKey)
                .contains("passphrase=new-shared-secret")
                .endsWith("&pbkeylen=16");

        assertThat(authorize(oldKey))
                .isEqualTo(new JsonObject().put("allowed", false).put("reason", "unknown_key"));
        JsonObject now = authorize(newKey);
        assertThat(now.getBoolean("allowed")).isTrue();
        assertThat(now.getString("streamId")).isEqualTo(id);
        assertThat(now.getString("passphrase")).isEqualTo("new-shared-secret");

        assertThat(authorize("never-issued-key-0123456789").getString("reason")).isEqualTo("unknown_key");
        assertThat(authorize("bad key!").getString("reason")).isEqualTo("unknown_key");
        assertThat(authorize(new JsonObject()).getString("reason")).isEqualTo("unknown_key");
    }

    @Test
    void passphraseMustMatchWhenPresentedAndEncryptionIsRequiredWhenSet() throws Exception {
        JsonObject secret =
                harness.create(owner, new JsonObject().put("title", "Encrypted").put("passphrase", "0123456789abcdef"));
        String key = secret.getString("streamKey");
        assertThat(authorize(new JsonObject().put("streamKey", key).put("passphrase", "0123456789abcdef"))
                        .getBoolean("allowed"))
                .isTrue();
        assertThat(authorize(new JsonObject().put("streamKey", key).put("passphrase", "0123456789abcdeX"))
                        .getString("reason"))
                .isEqualTo("bad_passphrase");
        assertThat(authorize(new JsonObject().put("streamKey", key).put("encrypted", false))
                        .getString("reason"))
                .isEqualTo("passphrase_required");
        JsonObject unknownYet = authorize(key);
        assertThat(unknownYet.getBoolean("allowed"))
                .as("the SRT handshake enforces what we answer")
                .isTrue();
        assertThat(unknownYet.getString("passphrase")).isEqualTo("0123456789abcdef");

        JsonObject open = harness.create(owner, new JsonObject().put("title", "Open"));
        JsonObject openDecision = authorize(open.getString("streamKey"));
        assertThat(openDecision.getBoolean("allowed")).isTrue();
        assertThat(openDecision.getString("passphrase")).isNull();
        assertThat(authorize(new JsonObject()
                                .put("streamKey", open.getString("streamKey"))
                                .put("passphrase", "0123456789abcdef"))
                        .getString("reason"))
                .isEqualTo("bad_passphrase");
        assertThat(authorize(new JsonObject()
                                .put("streamKey", open.getString("streamKey"))
                                .put("encrypted", false))
                        .getBoolean("allowed"))
                .isTrue();
    }

    @Test
    void disabledStreamsAreRefused() throws Exception {
        JsonObject created = harness.create(owner, new JsonObject().put("title", "To be disabled"));
        String admin = harness.token("u-admin", "admin", "user", "admin");
        assertThat(harness.call(
                                HttpMethod.PATCH,
                                "/api/streams/" + created.getString("id"),
                                admin,
                                new JsonObject().put("disabled", true))
                        .statusCode())
                .isEqualTo(200);
        assertThat(authorize(created.getString("streamKey")).getString("reason"))
                .isEqualTo("disabled");
    }

    @Test
    void goesLiveDropsToReconnectingThenOfflineAfterTheGrace() throws Exception {
        JsonObject created = harness.create(owner, new JsonObject().put("title", "Live show"));
        String id = created.getString("id");
        String key = created.getString("streamKey");

        JsonObject session = started(id);
        assertThat(session.getBoolean("resumed")).isFalse();
        String sessionId = session.getString("sessionId");
        JsonObject live = get(id);
        assertThat(live.getString("status")).isEqualTo("live");
        assertThat(live.getString("sessionId")).isEqualTo(sessionId);
        assertThat(live.getString("startedAt")).isEqualTo(session.getString("startedAt"));
        assertThat(live.getString("thumbnailUrl")).isEqualTo("/live/" + id + "/" + sessionId + "/thumb.jpg");
        assertThat(live.getJsonArray("renditions")).isEmpty();
        assertThat(liveIds()).contains(id);

        assertThat(authorize(key).getString("reason")).isEqualTo("already_live");
        ServiceException second =
                harness.busFailure(Addresses.STREAMS_PUBLISH_STARTED, new JsonObject().put("streamId", id));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("already_live");

        assertThat(stopped(id).getString("status")).isEqualTo("reconnecting");
        assertThat(get(id).getString("status")).isEqualTo("reconnecting");
        assertThat(liveIds()).as("a short drop keeps the stream listed").contains(id);
        assertThat(authorize(key).getBoolean("allowed"))
                .as("the publisher may come back")
                .isTrue();

        awaitStatus(id, "offline");
        JsonObject offline = get(id);
        assertThat(offline.getValue("startedAt")).isNull();
        assertThat(offline.getValue("sessionId")).isNull();
        assertThat(offline.getValue("thumbnailUrl")).isNull();
        assertThat(liveIds()).doesNotContain(id);
        assertThat(stopped(id).getString("status"))
                .as("a repeated stop is harmless")
                .isEqualTo("offline");

        JsonObject next = started(id);
        assertThat(next.getString("sessionId"))
                .as("after the grace a new session begins")
                .isNotEqualTo(sessionId);
        assertThat(next.getBoolean("resumed")).isFalse();
        assertThat(events)
                .extracting(e -> e.type() + ":" + e.streamId())
                .contains("stream.started:" + id, "stream.interrupted:" + id, "stream.ended:" + id);
    }

    @Test
    void aPublisherReturningWithinTheGraceKeepsTheSession() throws Exception {
        String id = harness.create(owner, new JsonObject().put("title", "Flaky uplink"))
                .getString("id");
        String sessionId = started(id).getString("sessionId");
        stopped(id);
        JsonObject back = started(id);
        assertThat(back.getBoolean("resumed")).isTrue();
        assertThat(back.getString("sessionId")).isEqualTo(sessionId);
        Thread.sleep(GRACE.toMillis() * 2);
        assertThat(get(id).getString("status"))
                .as("the cancelled grace timer does not fire")
                .isEqualTo("live");
        assertThat(get(id).getString("sessionId")).isEqualTo(sessionId);

        JsonObject stats = harness.call(HttpMethod.GET, "/api/streams/" + id + "/stats", owner, null)
                .bodyAsJsonObject();
        assertThat(stats.getString("status")).isEqualTo("live");
        assertThat(stats.getString("sessionId")).isEqualTo(sessionId);
        assertThat(stats.getLong("uptimeSeconds")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aRestartedServiceStillEndsTheGraceOfAStreamLeftReconnecting() throws Exception {
        String id = harness.create(owner, new JsonObject().put("title", "Survives restarts"))
                .getString("id");
        started(id);
        stopped(id);
        harness.restartStreams();
        assertThat(get(id).getString("status")).isEqualTo("reconnecting");
        awaitStatus(id, "offline");
    }

    @Test
    void heartbeatsCountDistinctViewersOfALiveStream() throws Exception {
        String id =
                harness.create(owner, new JsonObject().put("title", "Watched")).getString("id");
        String path = "/api/streams/" + id + "/viewers/heartbeat";
        JsonObject offline = harness.call(
                        HttpMethod.POST, path, null, new JsonObject().put("viewerId", "viewer-aaaaaaaaaaaa"))
                .bodyAsJsonObject();
        assertThat(offline.getInteger("viewers"))
                .as("an offline stream has no viewers")
                .isZero();

        started(id);
        for (String viewer : List.of("viewer-aaaaaaaaaaaa", "viewer-bbbbbbbbbbbb", "viewer-aaaaaaaaaaaa")) {
            assertThat(harness.call(HttpMethod.POST, path, null, new JsonObject().put("viewerId", viewer))
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(get(id).getInteger("viewers")).isEqualTo(2);
        assertThat(harness.call(
                                HttpMethod.POST,
                                "/api/streams/nosuchstream0000/viewers/heartbeat",
                                null,
                                new JsonObject().put("viewerId", "viewer-aaaaaaaaaaaa"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void internalOperationsValidateTheirInput() throws Exception {
        assertThat(harness.busFailure(Addresses.STREAMS_PUBLISH_STARTED, new JsonObject())
                        .code())
                .isEqualTo("invalid_stream_id");
        assertThat(harness.busFailure(
                                Addresses.STREAMS_PUBLISH_STARTED, new JsonObject().put("streamId", "nosuchstream0000"))
                        .status())
                .isEqualTo(404);
        assertThat(harness.busFailure(Addresses.STREAMS_AUTHORIZE_PUBLISH, new JsonObject().put("streamKey", 42))
                        .code())
                .isEqualTo("invalid_stream_key");
        assertThat(harness.busFailure(
                                Addresses.STREAMS_AUTHORIZE_PUBLISH,
                                new JsonObject().put("streamKey", "k").put("encrypted", "no"))
                        .code())
                .isEqualTo("invalid_encrypted");
    }

    private void awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!get(id).getString("status").equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stream " + id + " never became " + status + ": " + get(id));
            }
            Thread.sleep(50);
        }
    }
}
