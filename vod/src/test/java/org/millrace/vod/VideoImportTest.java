package org.millrace.vod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.millrace.vod.VodHarness.call;
import static org.millrace.vod.VodHarness.importBody;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceResponse;

/** The recorder's import: the video it makes, idempotency on the recording, strict validation, playback lookup. */
class VideoImportTest {
    @TempDir
    static Path dir;

    static VodHarness vod;

    @BeforeAll
    static void start() throws Exception {
        vod = VodHarness.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vod != null) {
            vod.close();
        }
    }

    @Test
    void importMakesAVideoOnceAndAnswersTheSameVideoAfterwards() throws Exception {
        JsonObject body = importBody("rec-once", "u-ann", "My first show", "public")
                .put("description", "Long evening")
                .put("tags", new JsonArray().add("Speedrun").add("games"));
        ServiceResponse first = vod.send(call(Addresses.VIDEOS_IMPORT).body(body));
        assertThat(first.status()).isEqualTo(201);
        JsonObject video = (JsonObject) first.body();
        String id = video.getString("id");
        assertThat(id).matches("[A-Za-z0-9_-]{16}");
        assertThat(video.getString("title")).isEqualTo("My first show");
        assertThat(video.getString("description")).isEqualTo("Long evening");
        assertThat(video.getJsonArray("tags")).containsExactly("speedrun", "games");
        assertThat(video.getString("visibility")).isEqualTo("public");
        assertThat(video.getJsonObject("owner"))
                .isEqualTo(new JsonObject().put("id", "u-ann").put("username", "name-u-ann"));
        assertThat(video.getString("streamId")).isEqualTo("st-rec-once");
        assertThat(video.getString("recordingId")).isEqualTo("rec-once");
        assertThat(video.getDouble("durationSeconds")).isEqualTo(30.5);
        assertThat(video.getInteger("width")).isEqualTo(1280);
        assertThat(video.getInteger("height")).isEqualTo(720);
        assertThat(video.getLong("views")).isZero();
        assertThat(video.getLong("likes")).isZero();
        assertThat(video.containsKey("likedByMe")).isFalse();
        assertThat(video.getString("createdAt")).endsWith("Z");
        assertThat(video.getString("hlsUrl")).isEqualTo("/vod/" + id + "/master.m3u8");
        assertThat(video.getString("mp4Url")).isEqualTo("/vod/" + id + "/video.mp4");
        assertThat(video.getString("posterUrl")).isEqualTo("/vod/" + id + "/poster.jpg");
        assertThat(video.getJsonArray("thumbnails"))
                .containsExactly(
                        new JsonObject().put("time", 0.0).put("url", "/vod/" + id + "/thumbs/0.jpg"),
                        new JsonObject().put("time", 10.0).put("url", "/vod/" + id + "/thumbs/1.jpg"));

        // The recorder retrying (after a crash, a lost answer) gets the same video, unchanged, and no second one.
        ServiceResponse again =
                vod.send(call(Addresses.VIDEOS_IMPORT).body(body.copy().put("title", "Changed")));
        assertThat(again.status()).isEqualTo(200);
        assertThat(((JsonObject) again.body()).getString("id")).isEqualTo(id);
        assertThat(((JsonObject) again.body()).getString("title")).isEqualTo("My first show");
        assertThat(vod.count("SELECT count(*) FROM videos WHERE recording_id = $1", "rec-once"))
                .isEqualTo(1);
    }

    @Test
    void concurrentImportsOfOneRecordingMakeOneVideo() throws Exception {
        JsonObject body = importBody("rec-race", "u-ann", "Race", "public");
        var replies = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> vod.vertx
                        .eventBus()
                        .<ServiceResponse>request(
                                Addresses.VIDEOS_IMPORT,
                                new org.millrace.core.bus.ServiceRequest(
                                        "r" + i, java.util.Map.of(), java.util.Map.of(), body, null, null)))
                .toList();
        io.vertx.core.Future.all(replies).await(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(replies.stream().map(r -> r.result().body().status()))
                .containsExactlyInAnyOrder(201, 200, 200, 200, 200, 200, 200, 200);
        assertThat(replies.stream()
                        .map(r -> ((JsonObject) r.result().body().body()).getString("id"))
                        .distinct())
                .hasSize(1);
    }

    @Test
    void malformedBodiesAre400() throws Exception {
        assertThat(rejected(new JsonObject().put("recordingId", "x")).status()).isEqualTo(400);
        assertThat(vod.failure(call(Addresses.VIDEOS_IMPORT).body(new JsonArray()))
                        .status())
                .isEqualTo(400);
        assertRejected(400, "invalid_recording_id", b -> b.put("recordingId", "../etc"));
        assertRejected(400, "invalid_recording_id", b -> b.remove("recordingId"));
        assertRejected(400, "invalid_stream_id", b -> b.put("streamId", 42));
        assertRejected(400, "invalid_owner_id", b -> b.put("ownerId", ""));
        assertRejected(400, "invalid_title", b -> b.put("title", " "));
        assertRejected(400, "invalid_title", b -> b.put("title", "x".repeat(201)));
        assertRejected(400, "invalid_visibility", b -> b.put("visibility", "secret"));
        assertRejected(400, "invalid_tags", b -> b.put("tags", new JsonArray().add("no spaces")));
        assertRejected(400, "invalid_recorded_at", b -> b.put("recordedAt", "yesterday"));
        assertRejected(400, "invalid_duration_seconds", b -> b.put("durationSeconds", "30"));
        assertRejected(400, "invalid_duration_seconds", b -> b.put("durationSeconds", -1));
        assertRejected(400, "invalid_width", b -> b.put("width", 0));
        assertRejected(400, "invalid_height", b -> b.put("height", 12.5));
        assertRejected(400, "invalid_mp4_bytes", b -> b.put("mp4Bytes", -5));
        assertRejected(400, "invalid_thumbnails", b -> b.put("thumbnails", new JsonArray().add("a.jpg")));
        assertRejected(400, "invalid_hls_master", b -> b.put("hlsMaster", "../master.m3u8"));
        assertThat(vod.count("SELECT count(*) FROM videos WHERE recording_id = $1", "rec-bad"))
                .isZero();
    }

    @Test
    void keysOutsideTheRecordingOrSessionAre422() throws Exception {
        assertRejected(422, "invalid_mp4_key", b -> b.put("mp4Key", "recordings/someone-else/video.mp4"));
        assertRejected(422, "invalid_mp4_key", b -> b.put("mp4Key", "recordings/rec-bad/../x/video.mp4"));
        assertRejected(422, "invalid_poster_key", b -> b.put("posterKey", "live/poster.jpg"));
        assertRejected(422, "invalid_thumbnails_prefix", b -> b.put("thumbnailsPrefix", "recordings/"));
        assertRejected(
                422,
                "invalid_thumbnails",
                b -> b.put(
                        "thumbnails",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("time", 1)
                                        .put("key", "recordings/rec-bad/thumbs/deeper/1.jpg"))));
        // Deleting the video deletes by this prefix: it must be exactly the session's folder.
        assertRejected(422, "invalid_hls_prefix", b -> b.put("hlsPrefix", "live/"));
        assertRejected(422, "invalid_hls_prefix", b -> b.put("hlsPrefix", "live/st-rec-bad/other/"));
        assertRejected(422, "invalid_hls_prefix", b -> b.put("hlsPrefix", "recordings/rec-bad/"));
        assertRejected(422, "invalid_hls_prefix", b -> b.put("hlsPrefix", "recordings/someone-else/hls/"));
        assertThat(vod.count("SELECT count(*) FROM videos WHERE recording_id = $1", "rec-bad"))
                .isZero();
    }

    @Test
    void anUploadedVideoKeepsItsHlsInItsOwnRecordingFolder() throws Exception {
        JsonObject video = vod.importVideo(
                importBody("up-hls", "u-cat", "Uploaded", "public").put("hlsPrefix", "recordings/up-hls/hls/"));
        JsonObject playback =
                vod.json(call(Addresses.VIDEOS_PLAYBACK).body(new JsonObject().put("videoId", video.getString("id"))));
        assertThat(playback.getString("hlsPrefix")).isEqualTo("recordings/up-hls/hls/");
    }

    @Test
    void playbackAnswersWhereTheFilesAreAnd404ForUnknownIds() throws Exception {
        JsonObject video = vod.importVideo(importBody("rec-play", "u-bob", "Played", "private"));
        JsonObject playback =
                vod.json(call(Addresses.VIDEOS_PLAYBACK).body(new JsonObject().put("videoId", video.getString("id"))));
        assertThat(playback)
                .isEqualTo(new JsonObject()
                        .put("videoId", video.getString("id"))
                        .put("visibility", "private")
                        .put("ownerId", "u-bob")
                        .put("hlsPrefix", "live/st-rec-play/se-rec-play/")
                        .put("hlsMaster", "vod.m3u8")
                        .put("mp4Key", "recordings/rec-play/video.mp4")
                        .put("posterKey", "recordings/rec-play/poster.jpg")
                        .put("thumbnailsPrefix", "recordings/rec-play/thumbs/"));
        assertThat(vod.failure(call(Addresses.VIDEOS_PLAYBACK)
                                .body(new JsonObject().put("videoId", "AAAAAAAAAAAAAAAA")))
                        .status())
                .isEqualTo(404);
        assertThat(vod.failure(call(Addresses.VIDEOS_PLAYBACK).body(new JsonObject().put("videoId", "../x")))
                        .status())
                .isEqualTo(404);
    }

    private static ServiceException rejected(JsonObject body) throws Exception {
        return vod.failure(call(Addresses.VIDEOS_IMPORT).body(body));
    }

    private static void assertRejected(int status, String code, Consumer<JsonObject> change) throws Exception {
        JsonObject body = importBody("rec-bad", "u-ann", "Bad", "public");
        change.accept(body);
        ServiceException failure = rejected(body);
        assertThat(failure.status())
                .as(failure.code() + ": " + failure.getMessage())
                .isEqualTo(status);
        assertThat(failure.code()).isEqualTo(code);
    }
}
