package org.millrace.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.LiveEvent;
import org.millrace.core.bus.LiveEvents;
import org.millrace.core.storage.StorageLayout;

/**
 * The recorder's workflow against the real streams service, database, bus and an HTTP import endpoint: live
 * events → recording → pending → ready with the video id; retries, permanent failures, nothing captured, a refused
 * key, duplicate events, and recovery after a stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderWorkflowTest {
    private RecorderHarness harness;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = RecorderHarness.start(dir);
    }

    @BeforeEach
    void deploy() throws Exception {
        harness.deployRecorder();
    }

    @AfterEach
    void undeploy() throws Exception {
        harness.undeployRecorder();
    }

    @AfterAll
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aSessionIsRecordedWhileOnAirThenImportedOnceItEnds() throws Exception {
        String owner = harness.token("u-ada", "ada");
        String streamId = harness.createStream(
                owner,
                new JsonObject()
                        .put("title", "Evening show")
                        .put("description", "live from the shed")
                        .put("recordingVisibility", "unlisted"));
        String sessionId = harness.publish(streamId);

        JsonObject onAir = harness.awaitRecording(owner, sessionId, "recording");
        assertThat(onAir.getString("streamId")).isEqualTo(streamId);
        assertThat(onAir.getString("id")).matches("[A-Za-z0-9_-]{16}");
        assertThat(onAir.getValue("videoId")).isNull();
        assertThat(onAir.getValue("sessionEndedAt")).isNull();
        Instant startedAt = Instant.parse(onAir.getString("sessionStartedAt"));
        String expectedTitle = "Evening show — "
                + startedAt
                        .truncatedTo(ChronoUnit.MINUTES)
                        .toString()
                        .replace('T', ' ')
                        .replace(":00Z", "") + " UTC";
        assertThat(onAir.getString("title")).isEqualTo(expectedTitle);
        // A drop within the grace keeps the same recording.
        harness.unpublish(streamId);
        assertThat(harness.publish(streamId)).isEqualTo(sessionId);

        harness.unpublish(streamId);
        JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
        String recordingId = ready.getString("id");
        assertThat(recordingId).isEqualTo(onAir.getString("id"));
        assertThat(ready.getString("videoId")).isEqualTo("v-" + recordingId);
        assertThat(ready.getDouble("durationSeconds")).isEqualTo(12.5);
        assertThat(ready.getInteger("attempts")).isEqualTo(1);
        assertThat(ready.getValue("error")).isNull();
        assertThat(Instant.parse(ready.getString("sessionEndedAt"))).isAfter(startedAt);
        assertThat(ready.fieldNames())
                .containsExactlyInAnyOrder(
                        "id",
                        "streamId",
                        "sessionId",
                        "title",
                        "status",
                        "attempts",
                        "error",
                        "durationSeconds",
                        "videoId",
                        "sessionStartedAt",
                        "sessionEndedAt",
                        "createdAt",
                        "updatedAt");

        List<TestRecordingBuilder.Build> builds = harness.builder.builds(streamId);
        assertThat(builds).hasSize(1);
        assertThat(builds.get(0).sessionId()).isEqualTo(sessionId);
        assertThat(builds.get(0).recordingId()).isEqualTo(recordingId);
        assertThat(builds.get(0).onEventLoop())
                .as("builds run on worker threads")
                .isFalse();

        List<JsonObject> imported = harness.imports.imports(streamId);
        assertThat(imported).hasSize(1);
        JsonObject body = imported.get(0);
        assertThat(body)
                .isEqualTo(new JsonObject()
                        .put("recordingId", recordingId)
                        .put("streamId", streamId)
                        .put("sessionId", sessionId)
                        .put("ownerId", "u-ada")
                        .put("ownerUsername", "ada")
                        .put("title", expectedTitle)
                        .put("description", "live from the shed")
                        .put("visibility", "unlisted")
                        .put("tags", new JsonArray())
                        .put("recordedAt", startedAt.toString())
                        .put("durationSeconds", 12.5)
                        .put("width", 1280)
                        .put("height", 720)
                        .put("mp4Key", "recordings/" + recordingId + "/video.mp4")
                        .put("mp4Bytes", 12)
                        .put("posterKey", "recordings/" + recordingId + "/poster.jpg")
                        .put("thumbnailsPrefix", "recordings/" + recordingId + "/thumbs/")
                        .put(
                                "thumbnails",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("time", 0.0)
                                                .put("key", "recordings/" + recordingId + "/thumbs/0.jpg")))
                        .put("hlsPrefix", "live/" + streamId + "/" + sessionId + "/")
                        .put("hlsMaster", "vod.m3u8"));
        assertThat(harness.storage.stat(StorageLayout.recordingMp4(recordingId)))
                .isPresent();
    }

    @Test
    void theStreamsLatestDetailsGoIntoTheImport() throws Exception {
        String owner = harness.token("u-bea", "bea");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Draft"));
        String sessionId = harness.publish(streamId);
        harness.awaitRecording(owner, sessionId, "recording");
        harness.call(
                io.vertx.core.http.HttpMethod.PATCH,
                "/api/streams/" + streamId,
                owner,
                new JsonObject()
                        .put("title", "Final")
                        .put("description", "edited")
                        .put("recordingVisibility", "private"));
        harness.unpublish(streamId);
        JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
        assertThat(ready.getString("title")).startsWith("Final — ").endsWith(" UTC");
        JsonObject body = harness.imports.imports(streamId).get(0);
        assertThat(body.getString("title")).isEqualTo(ready.getString("title"));
        assertThat(body.getString("description")).isEqualTo("edited");
        assertThat(body.getString("visibility")).isEqualTo("private");
    }

    @Test
    void aFailedBuildAndAnUnavailableLibraryAreRetriedUntilItWorks() throws Exception {
        String owner = harness.token("u-cid", "cid");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Flaky"));
        harness.builder.failFirst(streamId, 1);
        harness.imports.failFirst(streamId, 1, 503);
        String sessionId = harness.publish(streamId);
        harness.unpublish(streamId);

        JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
        assertThat(ready.getInteger("attempts")).isEqualTo(3);
        assertThat(ready.getValue("error")).as("cleared once it worked").isNull();
        assertThat(harness.builder.builds(streamId)).hasSize(3);
        assertThat(harness.imports.imports(streamId)).hasSize(1);
    }

    @Test
    void aBuildThatKeepsFailingEndsFailedWithItsReasonAfterThreeAttempts() throws Exception {
        String owner = harness.token("u-dan", "dan");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Doomed"));
        harness.builder.failFirst(streamId, 100);
        String sessionId = harness.publish(streamId);
        harness.unpublish(streamId);

        JsonObject failed = harness.awaitRecording(owner, sessionId, "failed");
        assertThat(failed.getInteger("attempts")).isEqualTo(3);
        assertThat(failed.getString("error"))
                .as("the reason, never a stack trace")
                .isEqualTo("IllegalStateException: disk on fire");
        assertThat(failed.getValue("videoId")).isNull();
        Thread.sleep(600);
        assertThat(harness.builder.builds(streamId)).as("no fourth attempt").hasSize(3);
        assertThat(harness.imports.imports(streamId)).isEmpty();
    }

    @Test
    void aSessionWithNothingCapturedFailsAfterOneMoreLookWithoutSpendingAnAttempt() throws Exception {
        String owner = harness.token("u-eve", "eve");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Silent"));
        harness.builder.nothingCaptured(streamId);
        String sessionId = harness.publish(streamId);
        harness.unpublish(streamId);

        RecorderHarness.await("a second look", () -> {
            JsonObject recording = harness.recording(owner, sessionId);
            return recording != null && RecorderService.NOTHING_CAPTURED_YET.equals(recording.getString("error"));
        });
        JsonObject failed = harness.awaitRecording(owner, sessionId, "failed");
        assertThat(failed.getString("error")).isEqualTo("nothing was captured");
        assertThat(failed.getInteger("attempts")).isEqualTo(1);
        Thread.sleep(600);
        assertThat(harness.builder.builds(streamId)).hasSize(2);
        assertThat(harness.imports.imports(streamId)).isEmpty();
    }

    @Test
    void aRefusedInternalKeyIsRetriedThenFailsWithAClearErrorThatDoesNotShowTheKey() throws Exception {
        harness.undeployRecorder();
        String wrongKey = "not-the-key-" + "z".repeat(32);
        harness.deployRecorder(wrongKey, RecorderHarness.SETTINGS);
        String owner = harness.token("u-fay", "fay");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Locked out"));
        String sessionId = harness.publish(streamId);
        int before = harness.imports.requests.get();
        harness.unpublish(streamId);

        JsonObject failed = harness.awaitRecording(owner, sessionId, "failed");
        // Retried (keys may be mid-rotation), then failed after the last attempt.
        assertThat(failed.getInteger("attempts")).isEqualTo(RecorderHarness.SETTINGS.maxAttempts());
        assertThat(failed.getString("error"))
                .contains("HTTP 401")
                .contains("internal API key")
                .doesNotContain(wrongKey)
                .doesNotContain(harness.config.internalApiKey());
        assertThat(harness.imports.requests.get() - before).isEqualTo(RecorderHarness.SETTINGS.maxAttempts());
        assertThat(harness.imports.imports(streamId)).isEmpty();
    }

    @Test
    void aFailedRecordingIsRetriedByItsOwnerOnceTheCauseIsFixed() throws Exception {
        harness.undeployRecorder();
        harness.deployRecorder("not-the-key-" + "y".repeat(32), RecorderHarness.SETTINGS);
        String owner = harness.token("u-hal", "hal");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Second go"));
        String sessionId = harness.publish(streamId);
        harness.unpublish(streamId);
        String id = harness.awaitRecording(owner, sessionId, "failed").getString("id");

        // The operator fixes the key; the owner asks again (nobody else can, and a retry of a live one is a 409).
        harness.undeployRecorder();
        harness.deployRecorder();
        String stranger = harness.token("u-ivy", "ivy");
        assertThat(harness.call(HttpMethod.POST, "/api/recordings/" + id + "/retry", stranger, null)
                        .statusCode())
                .isEqualTo(404);
        var retried = harness.call(HttpMethod.POST, "/api/recordings/" + id + "/retry", owner, null);
        assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(200);
        assertThat(retried.bodyAsJsonObject().getString("status")).isIn("pending", "processing");
        assertThat(retried.bodyAsJsonObject().getInteger("attempts")).isZero();
        assertThat(retried.bodyAsJsonObject().getValue("error")).isNull();

        JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
        assertThat(ready.getString("videoId")).isNotNull();
        assertThat(ready.getInteger("attempts")).isEqualTo(1);
        assertThat(harness.imports.imports(streamId)).hasSize(1);
        var again = harness.call(HttpMethod.POST, "/api/recordings/" + id + "/retry", owner, null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("not_failed");
        assertThat(harness.call(HttpMethod.POST, "/api/recordings/nope/retry", owner, null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void anUnansweredSessionLookupIsRetriedNotImportedWithTheVisibilityOfTheStart() throws Exception {
        harness.undeployRecorder();
        harness.deployRecorder(
                harness.config.internalApiKey(),
                RecorderHarness.SETTINGS
                        .withRetryDelays(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                        .withLookupTimeout(Duration.ofMillis(300)));
        String owner = harness.token("u-jon", "jon");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Gone private"));
        String sessionId = harness.publish(streamId);
        // The streamer makes the recordings private while live; then the streams service stops answering lookups.
        assertThat(harness.call(
                                HttpMethod.PATCH,
                                "/api/streams/" + streamId,
                                owner,
                                new JsonObject().put("recordingVisibility", "private"))
                        .statusCode())
                .isEqualTo(200);
        AtomicBoolean silent = new AtomicBoolean(true);
        Handler<DeliveryContext<Object>> dropLookups = delivery -> {
            if (!(silent.get()
                    && Addresses.STREAMS_SESSION.equals(delivery.message().address()))) {
                delivery.next(); // else dropped: the lookup times out
            }
        };
        harness.vertx.eventBus().addOutboundInterceptor(dropLookups);
        try {
            awaitLookupRetried(owner, streamId, sessionId, silent);
        } finally {
            harness.vertx.eventBus().removeOutboundInterceptor(dropLookups);
        }
    }

    private void awaitLookupRetried(String owner, String streamId, String sessionId, AtomicBoolean silent)
            throws Exception {
        harness.unpublish(streamId);

        JsonObject[] seen = new JsonObject[1];
        RecorderHarness.await(
                "an attempt failed on the lookup",
                () -> {
                    seen[0] = harness.recording(owner, sessionId);
                    return seen[0] != null && seen[0].getString("error") != null;
                },
                () -> "last seen: " + seen[0]);
        assertThat(seen[0].getString("error")).contains("the streams service did not answer");
        assertThat(seen[0].getString("status")).isIn("pending", "processing");
        assertThat(harness.imports.imports(streamId))
                .as("nothing imported with the stored visibility")
                .isEmpty();

        silent.set(false);
        JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
        assertThat(ready.getInteger("attempts")).isGreaterThan(1);
        assertThat(harness.imports.imports(streamId))
                .singleElement()
                .satisfies(body -> assertThat(body.getString("visibility")).isEqualTo("private"));
    }

    @Test
    void repeatedEndEventsMakeOneRecordingAndOneImport() throws Exception {
        String owner = harness.token("u-gus", "gus");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Echo"));
        String sessionId = harness.publish(streamId);
        harness.awaitRecording(owner, sessionId, "recording");
        harness.unpublish(streamId);
        harness.awaitSessionEnded(streamId, sessionId);
        for (int i = 0; i < 5; i++) {
            publish(LiveEvents.ENDED, streamId, sessionId);
        }
        JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
        // Late events of every kind after it is ready change nothing.
        publish(LiveEvents.STARTED, streamId, sessionId);
        publish(LiveEvents.INTERRUPTED, streamId, sessionId);
        publish(LiveEvents.ENDED, streamId, sessionId);
        Thread.sleep(500);
        assertThat(harness.rows(sessionId)).isEqualTo(1);
        assertThat(harness.builder.builds(streamId)).hasSize(1);
        assertThat(harness.imports.imports(streamId)).hasSize(1);
        assertThat(harness.recording(owner, sessionId)).isEqualTo(ready);
    }

    @Test
    void anEndedEventForAnUnseenSessionStillRecordsIt() throws Exception {
        String owner = harness.token("u-hal", "hal");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Late joiner"));
        harness.undeployRecorder();
        String sessionId = harness.publish(streamId);
        harness.unpublish(streamId);
        harness.awaitSessionEnded(streamId, sessionId);
        // A recorder that saw nothing of the session hears only its end.
        harness.deployRecorder(harness.config.internalApiKey(), RecorderHarness.SETTINGS);
        publish(LiveEvents.ENDED, streamId, sessionId);
        JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
        assertThat(ready.getString("sessionEndedAt")).isNotNull();
        assertThat(harness.rows(sessionId)).isEqualTo(1);
    }

    @Test
    void aStreamDeletedWhileLiveStillHasItsSessionRecordedForItsOwner() throws Exception {
        String owner = harness.token("u-ned", "ned");
        String streamId = harness.createStream(
                owner, new JsonObject().put("title", "Short lived").put("recordingVisibility", "private"));
        String sessionId = harness.publish(streamId);
        JsonObject onAir = harness.awaitRecording(owner, sessionId, "recording");
        assertThat(harness.call(io.vertx.core.http.HttpMethod.DELETE, "/api/streams/" + streamId, owner, null)
                        .statusCode())
                .isEqualTo(204);

        JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
        assertThat(ready.getString("id")).isEqualTo(onAir.getString("id"));
        JsonObject body = harness.imports.imports(streamId).get(0);
        assertThat(body.getString("title")).isEqualTo(onAir.getString("title"));
        assertThat(body.getString("visibility"))
                .as("what the recorder copied while on air")
                .isEqualTo("private");
        assertThat(body.getString("ownerId")).isEqualTo("u-ned");
    }

    @Test
    void workLeftProcessingByADeadProcessIsDoneAfterTheRestart() throws Exception {
        String owner = harness.token("u-ivy", "ivy");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Crashed mid-build"));
        String sessionId = harness.publish(streamId);
        harness.awaitRecording(owner, sessionId, "recording");
        harness.undeployRecorder();
        harness.unpublish(streamId);
        harness.awaitSessionEnded(streamId, sessionId);
        // What a process killed during the build leaves behind.
        harness.sql("UPDATE recordings SET status = 'processing', attempts = 1 WHERE session_id = $1", sessionId);

        harness.deployRecorder();
        JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
        assertThat(ready.getInteger("attempts")).isEqualTo(2);
        assertThat(harness.imports.imports(streamId)).hasSize(1);
    }

    @Test
    void aSessionThatEndedWhileTheRecorderWasDownIsRecordedAtStartUp() throws Exception {
        String owner = harness.token("u-jon", "jon");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Missed the end"));
        String sessionId = harness.publish(streamId);
        harness.awaitRecording(owner, sessionId, "recording");
        harness.undeployRecorder();
        harness.unpublish(streamId);
        harness.awaitSessionEnded(streamId, sessionId);
        assertThat(harness.status(sessionId)).isEqualTo("recording");

        harness.deployRecorder();
        JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
        assertThat(ready.getString("sessionEndedAt")).isNotNull();
    }

    @Test
    void thePeriodicSweepCatchesAMissedEnd() throws Exception {
        harness.undeployRecorder();
        harness.deployRecorder(
                harness.config.internalApiKey(), RecorderHarness.SETTINGS.withSweepInterval(Duration.ofMillis(300)));
        String owner = harness.token("u-kit", "kit");
        String streamId = harness.createStream(owner, new JsonObject().put("title", "Quiet end"));
        String sessionId = harness.publish(streamId);
        harness.awaitRecording(owner, sessionId, "recording");
        // Stop listening to live events only: the end is then announced to nobody.
        io.vertx.core.Handler<io.vertx.core.eventbus.DeliveryContext<Object>> dropEnd = context -> {
            if (context.message().body() instanceof LiveEvent event
                    && event.is(LiveEvents.ENDED)
                    && sessionId.equals(event.sessionId())) {
                return; // never delivered
            }
            context.next();
        };
        harness.vertx.eventBus().addOutboundInterceptor(dropEnd);
        try {
            harness.unpublish(streamId);
            harness.awaitSessionEnded(streamId, sessionId);
            JsonObject ready = harness.awaitRecording(owner, sessionId, "ready");
            assertThat(ready.getString("videoId")).isNotNull();
        } finally {
            harness.vertx.eventBus().removeOutboundInterceptor(dropEnd);
        }
    }

    private void publish(String type, String streamId, String sessionId) {
        harness.vertx.eventBus().publish(Addresses.EVENTS_LIVE, LiveEvent.of(type, streamId, sessionId));
    }
}
