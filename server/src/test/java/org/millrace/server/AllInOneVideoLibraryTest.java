package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.security.InternalApiKey;

/**
 * Issue 6's library acceptance through the all-in-one gateway: 240 videos imported over the internal-key API (as
 * the recorder does), then search, tags, sort and cursor pagination over HTTP; the import's key checks and its
 * idempotency.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllInOneVideoLibraryTest {
    private static final int VIDEOS = 240;
    private static final String[] TOPICS = {"speedrun", "cooking", "chess", "guitar", "painting", "coding"};
    private static final String[] TAGS = {"games", "food", "music", "art", "tech"};

    @TempDir
    static Path data;

    private AllInOneServer server;
    private ApiClient api;
    private MillraceConfig config;
    private final List<JsonObject> imported = new ArrayList<>();

    @BeforeAll
    void seed() throws Exception {
        config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0"))
                .load();
        server = AllInOneServer.start(config);
        api = new ApiClient(config, server.httpPort());
        for (int i = 0; i < VIDEOS; i++) {
            HttpResponse<String> response = importVideo(body(i), config.internalApiKey());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            imported.add(new JsonObject(response.body()));
        }
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Video i: topic i % 6 in the title, i % 7 == 0 also mentions "marathon" in the description; every 10th is
     *  unlisted and every 10th + 5 private (neither listed publicly); owner u-0 .. u-3. */
    private static JsonObject body(int i) {
        String visibility = i % 10 == 0 ? "unlisted" : i % 10 == 5 ? "private" : "public";
        String recording = "rec" + i;
        return new JsonObject()
                .put("recordingId", recording)
                .put("streamId", "stream" + (i % 4))
                .put("sessionId", "sess" + i)
                .put("ownerId", "u-" + (i % 4))
                .put("ownerUsername", "user" + (i % 4))
                .put("title", "Episode " + i + " of " + TOPICS[i % TOPICS.length])
                .put("description", i % 7 == 0 ? "a marathon session" : "an ordinary evening")
                .put("visibility", visibility)
                .put("tags", new JsonArray().add(TAGS[i % TAGS.length]))
                .put("recordedAt", "2026-11-20T10:00:00Z")
                .put("durationSeconds", 60.0 + i)
                .put("width", 1280)
                .put("height", 720)
                .put("mp4Key", "recordings/" + recording + "/video.mp4")
                .put("mp4Bytes", 1000 + i)
                .put("posterKey", "recordings/" + recording + "/poster.jpg")
                .put("thumbnailsPrefix", "recordings/" + recording + "/thumbs/")
                .put(
                        "thumbnails",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("time", 1.0)
                                        .put("key", "recordings/" + recording + "/thumbs/0.jpg")))
                .put("hlsPrefix", "live/stream" + (i % 4) + "/sess" + i + "/")
                .put("hlsMaster", "vod.m3u8");
    }

    private HttpResponse<String> importVideo(JsonObject body, String key) throws Exception {
        return api.send(
                "POST",
                "/internal/videos/import",
                null,
                body,
                key == null ? Map.of() : Map.of(InternalApiKey.HEADER, key));
    }

    private static boolean listed(int i) {
        return i % 10 != 0 && i % 10 != 5;
    }

    /** Every page of a list until nextCursor is null. */
    private List<JsonObject> all(String query, String token) throws Exception {
        List<JsonObject> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            String path = "/api/videos?limit=25" + query + (cursor == null ? "" : "&cursor=" + cursor);
            JsonObject answer = api.json("GET", path, token, null);
            answer.getJsonArray("items").forEach(v -> items.add((JsonObject) v));
            cursor = answer.getString("nextCursor");
            if (cursor == null) {
                return items;
            }
        }
        throw new AssertionError("more than 100 pages");
    }

    private static List<String> titles(List<JsonObject> videos) {
        return videos.stream().map(v -> v.getString("title")).toList();
    }

    @Test
    void importNeedsTheInternalKeyAndIsIdempotentOnTheRecording() throws Exception {
        assertThat(importVideo(body(1000), null).statusCode()).isEqualTo(401);
        assertThat(importVideo(body(1000), "x".repeat(40)).statusCode()).isEqualTo(401);
        assertThat(importVideo(body(1000), config.internalApiKey().substring(1) + "x")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> again = importVideo(body(3), config.internalApiKey());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(again.body()).getString("id"))
                .isEqualTo(imported.get(3).getString("id"));
        assertThat(titles(all("&q=" + "Episode%203%20of", null)))
                .filteredOn(t -> t.equals("Episode 3 of guitar"))
                .hasSize(1);
        HttpResponse<String> bad = importVideo(new JsonObject().put("recordingId", "x"), config.internalApiKey());
        assertThat(bad.statusCode()).as(bad.body()).isIn(400, 422);
    }

    @Test
    void pagesWalkTheWholePublicLibraryNewestFirstWithoutGapsOrRepeats() throws Exception {
        List<JsonObject> videos = all("", null);
        long expected = java.util.stream.IntStream.range(0, VIDEOS)
                .filter(AllInOneVideoLibraryTest::listed)
                .count();
        assertThat(videos).hasSize((int) expected);
        Set<String> ids = new HashSet<>();
        videos.forEach(v -> ids.add(v.getString("id")));
        assertThat(ids).hasSize(videos.size());
        assertThat(videos).allMatch(v -> "public".equals(v.getString("visibility")));
        // Imported in order, so newest first is the reverse of the import order.
        List<String> newestFirst = new ArrayList<>();
        for (int i = VIDEOS - 1; i >= 0; i--) {
            if (listed(i)) {
                newestFirst.add(imported.get(i).getString("id"));
            }
        }
        assertThat(videos.stream().map(v -> v.getString("id")).toList()).isEqualTo(newestFirst);
    }

    @Test
    void searchFindsWordsInTitlesAndDescriptionsAndTagsFilter() throws Exception {
        List<String> cooking = titles(all("&q=cooking", null));
        assertThat(cooking).isNotEmpty().allMatch(t -> t.endsWith("cooking"));
        long expectedCooking = java.util.stream.IntStream.range(0, VIDEOS)
                .filter(i -> listed(i) && i % TOPICS.length == 1)
                .count();
        assertThat(cooking).hasSize((int) expectedCooking);

        List<JsonObject> marathon = all("&q=marathon", null);
        long expectedMarathon = java.util.stream.IntStream.range(0, VIDEOS)
                .filter(i -> listed(i) && i % 7 == 0)
                .count();
        assertThat(marathon).hasSize((int) expectedMarathon).allMatch(v -> v.getString("description")
                .contains("marathon"));

        List<JsonObject> music = all("&tag=music", null);
        long expectedMusic = java.util.stream.IntStream.range(0, VIDEOS)
                .filter(i -> listed(i) && i % TAGS.length == 2)
                .count();
        assertThat(music).hasSize((int) expectedMusic).allMatch(v -> v.getJsonArray("tags")
                .contains("music"));
        assertThat(all("&q=cooking&tag=music", null))
                .allMatch(v -> v.getString("title").endsWith("cooking")
                        && v.getJsonArray("tags").contains("music"));
        assertThat(all("&q=nosuchwordanywhere", null)).isEmpty();
    }

    @Test
    void sortByLikesAndViewsPutsTheMostWatchedFirst() throws Exception {
        String popular = imported.get(7).getString("id");
        String second = imported.get(8).getString("id");
        for (int u = 0; u < 3; u++) {
            String token = api.token("u-fan" + u, "fan" + u);
            api.json("POST", "/api/videos/" + popular + "/like", token, null);
            if (u < 2) {
                api.json("POST", "/api/videos/" + second + "/like", token, null);
            }
            api.json("POST", "/api/videos/" + popular + "/view", token, new JsonObject());
        }
        // A reload loop by one viewer counts once.
        String reloader = api.token("u-loop", "loop");
        for (int i = 0; i < 5; i++) {
            api.json("POST", "/api/videos/" + second + "/view", reloader, new JsonObject());
        }
        List<JsonObject> byLikes = all("&sort=likes", null);
        assertThat(byLikes.get(0).getString("id")).isEqualTo(popular);
        assertThat(byLikes.get(0).getLong("likes")).isEqualTo(3);
        assertThat(byLikes.get(1).getString("id")).isEqualTo(second);
        List<JsonObject> byViews = all("&sort=views", null);
        assertThat(byViews.get(0).getString("id")).isEqualTo(popular);
        assertThat(byViews.get(0).getLong("views")).isEqualTo(3);
        assertThat(byViews.get(1).getLong("views")).isEqualTo(1);
        assertThat(byViews).hasSize(byLikes.size());
    }
}
