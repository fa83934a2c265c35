package org.millrace.vod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.millrace.vod.VodHarness.admin;
import static org.millrace.vod.VodHarness.call;
import static org.millrace.vod.VodHarness.importBody;
import static org.millrace.vod.VodHarness.user;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.security.PlaybackTokens;
import org.millrace.core.security.Principal;
import org.millrace.core.security.PublicIds;

/** Who sees, edits, deletes, likes and views what. */
class VideoAccessTest {
    private static final Principal OWNER = user("u-owner");
    private static final Principal STRANGER = user("u-stranger");
    private static final Principal ADMIN = admin("u-admin");

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

    private static String importAs(String recordingId, Principal owner, String visibility) throws Exception {
        return vod.importVideo(importBody(recordingId, owner.userId(), "Show " + recordingId, visibility))
                .getString("id");
    }

    private static List<String> listIds(Principal caller, String owner) throws Exception {
        VodHarness.Call list = call(Addresses.VIDEOS_LIST).as(caller).query("limit", "100");
        if (owner != null) {
            list.query("owner", owner);
        }
        return vod.json(list).getJsonArray("items").stream()
                .map(v -> ((JsonObject) v).getString("id"))
                .toList();
    }

    @Test
    void privateVideosAreOnlyForTheirOwnerAndAdmins() throws Exception {
        String privateId = importAs("rec-private", OWNER, "private");
        String unlistedId = importAs("rec-unlisted", OWNER, "unlisted");
        String publicId = importAs("rec-public", OWNER, "public");

        for (Principal outsider : new Principal[] {null, STRANGER}) {
            ServiceException hidden =
                    vod.failure(call(Addresses.VIDEOS_GET).id(privateId).as(outsider));
            ServiceException missing = vod.failure(
                    call(Addresses.VIDEOS_GET).id("AAAAAAAAAAAAAAAA").as(outsider));
            assertThat(hidden.status()).isEqualTo(404);
            // Exactly what a missing video answers, so ids cannot be probed.
            assertThat(hidden.toWire()).isEqualTo(missing.toWire());
            assertThat(vod.json(call(Addresses.VIDEOS_GET).id(unlistedId).as(outsider))
                            .getString("visibility"))
                    .isEqualTo("unlisted");
            assertThat(listIds(outsider, null)).contains(publicId).doesNotContain(privateId, unlistedId);
            assertThat(listIds(outsider, OWNER.userId())).containsExactly(publicId);
            assertThat(vod.failure(call(Addresses.VIDEOS_VIEW).id(privateId).as(outsider))
                            .status())
                    .isEqualTo(404);
        }
        assertThat(vod.failure(call(Addresses.VIDEOS_LIKE).id(privateId).as(STRANGER))
                        .status())
                .isEqualTo(404);

        JsonObject mine = vod.json(call(Addresses.VIDEOS_GET).id(privateId).as(OWNER));
        assertThat(mine.getString("visibility")).isEqualTo("private");
        assertThat(mine.getBoolean("likedByMe")).isFalse();
        // Signed URLs: the gateway lets only token holders fetch a private video's files.
        PlaybackTokens tokens = new PlaybackTokens(vod.config.jwtSecret());
        String token =
                mine.getString("hlsUrl").substring(mine.getString("hlsUrl").indexOf("?token=") + 7);
        assertThat(mine.getString("hlsUrl")).startsWith("/vod/" + privateId + "/master.m3u8?token=");
        assertThat(tokens.verify(privateId, token)).isTrue();
        assertThat(mine.getString("mp4Url")).isEqualTo("/vod/" + privateId + "/video.mp4?token=" + token);
        assertThat(mine.getString("posterUrl")).isEqualTo("/vod/" + privateId + "/poster.jpg?token=" + token);
        assertThat(mine.getJsonArray("thumbnails").getJsonObject(0).getString("url"))
                .isEqualTo("/vod/" + privateId + "/thumbs/0.jpg?token=" + token);
        assertThat(vod.json(call(Addresses.VIDEOS_GET).id(privateId).as(ADMIN)).getString("id"))
                .isEqualTo(privateId);
        assertThat(vod.json(call(Addresses.VIDEOS_GET).id(publicId)).getString("hlsUrl"))
                .doesNotContain("token");

        // The owner's own list holds all three; the public list still only the public one.
        assertThat(listIds(OWNER, OWNER.userId())).containsExactly(publicId, unlistedId, privateId);
        assertThat(listIds(OWNER, null)).contains(publicId).doesNotContain(privateId, unlistedId);
    }

    @Test
    void onlyTheOwnerOrAnAdminEditsAndEveryFieldIsChecked() throws Exception {
        String id = importAs("rec-edit", OWNER, "public");
        JsonObject change = new JsonObject().put("title", "New title");
        assertThat(vod.failure(call(Addresses.VIDEOS_UPDATE).id(id).body(change))
                        .status())
                .isEqualTo(401);
        assertThat(vod.failure(call(Addresses.VIDEOS_UPDATE).id(id).as(STRANGER).body(change))
                        .status())
                .isEqualTo(404);

        JsonObject edited = vod.json(call(Addresses.VIDEOS_UPDATE)
                .id(id)
                .as(OWNER)
                .body(new JsonObject()
                        .put("title", "  New title ")
                        .put("description", "Now with words")
                        .put("tags", new JsonArray().add("Chess").add("chess").add("late-night"))
                        .put("visibility", "unlisted")));
        assertThat(edited.getString("title")).isEqualTo("New title");
        assertThat(edited.getString("description")).isEqualTo("Now with words");
        assertThat(edited.getJsonArray("tags")).containsExactly("chess", "late-night");
        assertThat(edited.getString("visibility")).isEqualTo("unlisted");

        JsonObject byAdmin = vod.json(
                call(Addresses.VIDEOS_UPDATE).id(id).as(ADMIN).body(new JsonObject().put("visibility", "public")));
        assertThat(byAdmin.getString("visibility")).isEqualTo("public");
        assertThat(byAdmin.getString("title")).isEqualTo("New title");

        for (JsonObject bad : List.of(
                new JsonObject().put("title", ""),
                new JsonObject().put("title", "t".repeat(201)),
                new JsonObject().put("description", "d".repeat(5001)),
                new JsonObject().put("tags", new JsonArray().add("ok").add("not ok")),
                new JsonObject().put("tags", new JsonArray().add("x".repeat(41))),
                new JsonObject()
                        .put(
                                "tags",
                                new JsonArray(java.util.stream.IntStream.range(0, 21)
                                        .mapToObj(i -> "t" + i)
                                        .toList())),
                new JsonObject().put("visibility", "hidden"),
                // A valid field next to a bad one changes nothing either.
                new JsonObject().put("title", "Sneaky").put("visibility", 3))) {
            ServiceException failure =
                    vod.failure(call(Addresses.VIDEOS_UPDATE).id(id).as(OWNER).body(bad));
            assertThat(failure.status()).as(bad.encode()).isEqualTo(400);
        }
        JsonObject after = vod.json(call(Addresses.VIDEOS_GET).id(id));
        assertThat(after.getString("title")).isEqualTo("New title");
        assertThat(after.getString("visibility")).isEqualTo("public");
        assertThat(after.getJsonArray("tags")).containsExactly("chess", "late-night");
        assertThat(vod.json(call(Addresses.VIDEOS_UPDATE)
                                .id(id)
                                .as(OWNER)
                                .body(new JsonObject()
                                        .put(
                                                "tags",
                                                new JsonArray(java.util.stream.IntStream.range(0, 20)
                                                        .mapToObj(i -> "t" + i)
                                                        .toList()))
                                        .put("title", "t".repeat(200))
                                        .put("description", "d".repeat(5000))))
                        .getJsonArray("tags"))
                .hasSize(20);
    }

    @Test
    void deletingRemovesTheRowAndItsStoredObjectsOnlyForOwnerOrAdmin() throws Exception {
        String id = importAs("rec-del", OWNER, "public");
        String other = importAs("rec-keep", OWNER, "public");
        List<String> own = List.of(
                "recordings/rec-del/video.mp4",
                "recordings/rec-del/poster.jpg",
                "recordings/rec-del/thumbs/0.jpg",
                "live/st-rec-del/se-rec-del/vod.m3u8",
                "live/st-rec-del/se-rec-del/480p/vod.m3u8",
                "live/st-rec-del/se-rec-del/480p/7.m4s");
        List<String> kept = List.of(
                "recordings/rec-keep/video.mp4",
                "recordings/rec-del2/video.mp4",
                "live/st-rec-keep/se-rec-keep/vod.m3u8",
                "live/st-rec-del/other-session/vod.m3u8");
        for (String key : concat(own, kept)) {
            vod.storage.put(key, key.getBytes(StandardCharsets.UTF_8), null);
        }
        vod.json(call(Addresses.VIDEOS_LIKE).id(id).as(STRANGER));
        vod.json(call(Addresses.VIDEOS_VIEW).id(id).as(STRANGER));

        assertThat(vod.failure(call(Addresses.VIDEOS_DELETE).id(id)).status()).isEqualTo(401);
        assertThat(vod.failure(call(Addresses.VIDEOS_DELETE).id(id).as(STRANGER))
                        .status())
                .isEqualTo(404);
        assertThat(vod.storage.stat(own.get(0))).isPresent();

        assertThat(vod.send(call(Addresses.VIDEOS_DELETE).id(id).as(OWNER)).status())
                .isEqualTo(204);
        assertThat(vod.failure(call(Addresses.VIDEOS_GET).id(id).as(OWNER)).status())
                .isEqualTo(404);
        assertThat(vod.failure(call(Addresses.VIDEOS_PLAYBACK).body(new JsonObject().put("videoId", id)))
                        .status())
                .isEqualTo(404);
        for (String key : own) {
            assertThat(vod.storage.stat(key)).as(key).isEmpty();
        }
        for (String key : kept) {
            assertThat(vod.storage.stat(key)).as(key).isPresent();
        }
        assertThat(vod.count("SELECT count(*) FROM video_likes WHERE video_id = $1", id))
                .isZero();
        assertThat(vod.count("SELECT count(*) FROM video_views WHERE video_id = $1", id))
                .isZero();
        assertThat(vod.failure(call(Addresses.VIDEOS_DELETE).id(id).as(OWNER)).status())
                .isEqualTo(404);

        assertThat(vod.send(call(Addresses.VIDEOS_DELETE).id(other).as(ADMIN)).status())
                .isEqualTo(204);
        assertThat(vod.storage.stat("recordings/rec-keep/video.mp4")).isEmpty();
        // Importing the same recording again after a delete makes a new video.
        assertThat(vod.send(call(Addresses.VIDEOS_IMPORT)
                                .body(importBody("rec-keep", OWNER.userId(), "Back", "public")))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void eachUserLikesOnceAndUnlikingIsIdempotent() throws Exception {
        String id = importAs("rec-like", OWNER, "public");
        assertThat(vod.failure(call(Addresses.VIDEOS_LIKE).id(id)).status()).isEqualTo(401);
        assertThat(vod.json(call(Addresses.VIDEOS_LIKE).id(id).as(STRANGER)))
                .isEqualTo(new JsonObject().put("likes", 1L).put("likedByMe", true));
        assertThat(vod.json(call(Addresses.VIDEOS_LIKE).id(id).as(STRANGER)).getLong("likes"))
                .isEqualTo(1);
        assertThat(vod.json(call(Addresses.VIDEOS_LIKE).id(id).as(OWNER)).getLong("likes"))
                .isEqualTo(2);
        assertThat(vod.json(call(Addresses.VIDEOS_GET).id(id).as(STRANGER)).getBoolean("likedByMe"))
                .isTrue();
        assertThat(vod.json(call(Addresses.VIDEOS_GET).id(id).as(ADMIN)).getBoolean("likedByMe"))
                .isFalse();
        assertThat(vod.json(call(Addresses.VIDEOS_GET).id(id)).getLong("likes")).isEqualTo(2);

        assertThat(vod.json(call(Addresses.VIDEOS_UNLIKE).id(id).as(STRANGER)))
                .isEqualTo(new JsonObject().put("likes", 1L).put("likedByMe", false));
        assertThat(vod.json(call(Addresses.VIDEOS_UNLIKE).id(id).as(STRANGER)).getLong("likes"))
                .isEqualTo(1);
        assertThat(vod.json(call(Addresses.VIDEOS_UNLIKE).id(id).as(ADMIN)).getLong("likes"))
                .isEqualTo(1);
        assertThat(vod.json(call(Addresses.VIDEOS_GET).id(id).as(STRANGER)).getBoolean("likedByMe"))
                .isFalse();

        // Twenty simultaneous likes by one user count once.
        Principal eager = user("u-eager");
        var likes = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> vod.vertx
                        .eventBus()
                        .request(
                                Addresses.VIDEOS_LIKE,
                                new org.millrace.core.bus.ServiceRequest(
                                        "l" + i, java.util.Map.of("id", id), java.util.Map.of(), null, eager, null)))
                .toList();
        io.vertx.core.Future.all(likes).await(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(vod.json(call(Addresses.VIDEOS_GET).id(id)).getLong("likes")).isEqualTo(2);
    }

    @Test
    void aViewerCountsOncePerHalfHour() throws Exception {
        String id = importAs("rec-view", OWNER, "unlisted");
        assertView(call(Addresses.VIDEOS_VIEW).id(id).from("198.51.100.1"), 1, true);
        assertView(call(Addresses.VIDEOS_VIEW).id(id).from("198.51.100.1"), 1, false);
        assertView(call(Addresses.VIDEOS_VIEW).id(id).from("198.51.100.2"), 2, true);
        // Same address, another player (its random viewerId): another viewer.
        assertView(
                call(Addresses.VIDEOS_VIEW)
                        .id(id)
                        .from("198.51.100.1")
                        .body(new JsonObject().put("viewerId", "player-123")),
                3,
                true);
        assertView(
                call(Addresses.VIDEOS_VIEW)
                        .id(id)
                        .from("198.51.100.1")
                        .body(new JsonObject().put("viewerId", "player-123")),
                3,
                false);
        // A signed-in viewer is one viewer whatever the address.
        assertView(call(Addresses.VIDEOS_VIEW).id(id).as(STRANGER).from("198.51.100.3"), 4, true);
        assertView(call(Addresses.VIDEOS_VIEW).id(id).as(STRANGER).from("198.51.100.4"), 4, false);
        assertThat(vod.failure(call(Addresses.VIDEOS_VIEW).id(id).body(new JsonObject().put("viewerId", "a b")))
                        .status())
                .isEqualTo(400);

        vod.clock.advance(Duration.ofMinutes(29));
        assertView(call(Addresses.VIDEOS_VIEW).id(id).from("198.51.100.1"), 4, false);
        vod.clock.advance(Duration.ofMinutes(1));
        assertView(call(Addresses.VIDEOS_VIEW).id(id).from("198.51.100.1"), 5, true);
        assertView(call(Addresses.VIDEOS_VIEW).id(id).as(STRANGER), 6, true);
        assertView(call(Addresses.VIDEOS_VIEW).id(id).from("198.51.100.1"), 6, false);
        assertThat(vod.json(call(Addresses.VIDEOS_GET).id(id)).getLong("views")).isEqualTo(6);
        assertThat(vod.failure(call(Addresses.VIDEOS_VIEW).id("AAAAAAAAAAAAAAAA"))
                        .status())
                .isEqualTo(404);

        // Pruning forgets only views older than the window; a pruned viewer counts again.
        VodService service = new VodService(
                new VideoRepository(vod.sql),
                new PublicIds(new java.security.SecureRandom()),
                new VideoJson(new PlaybackTokens(vod.config.jwtSecret())),
                vod.storage,
                vod.vertx,
                vod.clock);
        assertThat(vod.count("SELECT count(*) FROM video_views WHERE video_id = $1", id))
                .isEqualTo(4);
        service.pruneViews().await(10, java.util.concurrent.TimeUnit.SECONDS);
        // The two counted 30 minutes ago are gone; the two counted now stay.
        assertThat(vod.count("SELECT count(*) FROM video_views WHERE video_id = $1", id))
                .isEqualTo(2);
        vod.clock.advance(Duration.ofMinutes(31));
        service.pruneViews().await(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(vod.count("SELECT count(*) FROM video_views WHERE video_id = $1", id))
                .isZero();
        assertView(call(Addresses.VIDEOS_VIEW).id(id).from("198.51.100.2"), 7, true);
    }

    @Test
    void madeUpPlayerIdsFromOneAddressCountOnlyAFewViews() throws Exception {
        String id = importAs("rec-view-cap", OWNER, "public");
        for (int i = 0; i < VodService.ANONYMOUS_VIEWS_PER_ADDRESS; i++) {
            assertView(
                    call(Addresses.VIDEOS_VIEW)
                            .id(id)
                            .from("203.0.113.50")
                            .body(new JsonObject().put("viewerId", "player-" + i)),
                    i + 1,
                    true);
        }
        long capped = VodService.ANONYMOUS_VIEWS_PER_ADDRESS;
        for (int i = 0; i < 20; i++) { // a script inventing player ids
            assertView(
                    call(Addresses.VIDEOS_VIEW)
                            .id(id)
                            .from("203.0.113.50")
                            .body(new JsonObject().put("viewerId", "bot-" + i)),
                    capped,
                    false);
        }
        // Other addresses and signed-in viewers are not held back by it.
        assertView(
                call(Addresses.VIDEOS_VIEW).id(id).from("203.0.113.51").body(new JsonObject().put("viewerId", "bot-0")),
                capped + 1,
                true);
        assertView(call(Addresses.VIDEOS_VIEW).id(id).as(STRANGER).from("203.0.113.50"), capped + 2, true);
        assertThat(vod.count("SELECT count(*) FROM video_views WHERE video_id = $1 AND client IS NULL", id))
                .isEqualTo(1);
    }

    private static void assertView(VodHarness.Call view, long views, boolean counted) throws Exception {
        assertThat(vod.json(view))
                .isEqualTo(new JsonObject().put("views", views).put("counted", counted));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
