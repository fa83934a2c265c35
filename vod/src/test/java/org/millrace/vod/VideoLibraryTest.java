package org.millrace.vod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.millrace.vod.VodHarness.call;
import static org.millrace.vod.VodHarness.importBody;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.security.Principal;

/**
 * Search, tags, sorts and cursor pagination over a seeded library of 230 videos: every page walk is compared with
 * the order computed here from the seed.
 */
class VideoLibraryTest {
    private static final int VIDEOS = 230;
    private static final String[] TOPICS = {"speedrun", "cooking", "chess", "guitar", "painting", "coding", "karaoke"};
    private static final String[] TAGS = {"games", "food", "music", "art", "tech"};

    @TempDir
    static Path dir;

    static VodHarness vod;
    /** The seeded videos in import order (seq order). */
    static final List<Seeded> seeded = new ArrayList<>();

    record Seeded(
            int index,
            String id,
            String visibility,
            String topic,
            String tag,
            boolean marathon,
            long views,
            long likes) {
        boolean listed() {
            return visibility.equals("public");
        }
    }

    @BeforeAll
    static void seed() throws Exception {
        vod = VodHarness.start(dir);
        for (int i = 0; i < VIDEOS; i++) {
            String visibility = i % 10 == 0 ? "unlisted" : i % 10 == 5 ? "private" : "public";
            String topic = TOPICS[i % TOPICS.length];
            String tag = TAGS[i % TAGS.length];
            boolean marathon = i % 6 == 0;
            JsonObject body = importBody("lib" + i, "u-" + (i % 3), "Episode " + i + " of " + topic, visibility)
                    .put("description", marathon ? "A marathon session, all night" : "An ordinary evening")
                    .put("tags", new JsonArray().add(tag).add("ep" + i));
            String id = vod.importVideo(body).getString("id");
            // Counts with many ties, so the seq tie-break matters.
            long views = (i * 7L) % 13;
            long likes = i % 4;
            vod.execute("UPDATE videos SET views = $2, likes = $3 WHERE id = $1", id, views, likes);
            seeded.add(new Seeded(i, id, visibility, topic, tag, marathon, views, likes));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (vod != null) {
            vod.close();
        }
    }

    /** Every page until nextCursor is null, checking page sizes on the way. */
    private static List<JsonObject> walk(VodHarness.Call first, int limit) throws Exception {
        List<JsonObject> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1000; page++) {
            VodHarness.Call call = first.query("limit", String.valueOf(limit));
            if (cursor != null) {
                call.query("cursor", cursor);
            }
            JsonObject answer = vod.json(call);
            JsonArray pageItems = answer.getJsonArray("items");
            cursor = answer.getString("nextCursor");
            if (cursor != null) {
                assertThat(pageItems).hasSize(limit);
            } else {
                assertThat(pageItems.size()).isLessThanOrEqualTo(limit);
            }
            pageItems.forEach(item -> items.add((JsonObject) item));
            if (cursor == null) {
                return items;
            }
        }
        throw new AssertionError("more than 1000 pages");
    }

    private static List<String> ids(List<JsonObject> videos) {
        return videos.stream().map(v -> v.getString("id")).toList();
    }

    private static List<String> expected(Predicate<Seeded> filter, Comparator<Seeded> order) {
        return seeded.stream()
                .filter(Seeded::listed)
                .filter(filter)
                .sorted(order)
                .map(Seeded::id)
                .toList();
    }

    private static final Comparator<Seeded> NEWEST =
            Comparator.comparingInt(Seeded::index).reversed();
    private static final Comparator<Seeded> MOST_VIEWED =
            Comparator.comparingLong(Seeded::views).reversed().thenComparing(NEWEST);
    private static final Comparator<Seeded> MOST_LIKED =
            Comparator.comparingLong(Seeded::likes).reversed().thenComparing(NEWEST);

    private static void assertWalk(VodHarness.Call call, int limit, List<String> expected) throws Exception {
        List<String> walked = ids(walk(call, limit));
        assertThat(new HashSet<>(walked)).as("no duplicates").hasSize(walked.size());
        assertThat(walked).isEqualTo(expected);
    }

    @Test
    void everySortWalksThePublicLibraryWithoutGapsOrRepeats() throws Exception {
        assertThat(expected(v -> true, NEWEST)).hasSize(184);
        assertWalk(call(Addresses.VIDEOS_LIST), 17, expected(v -> true, NEWEST));
        assertWalk(call(Addresses.VIDEOS_LIST).query("sort", "new"), 100, expected(v -> true, NEWEST));
        assertWalk(call(Addresses.VIDEOS_LIST).query("sort", "views"), 13, expected(v -> true, MOST_VIEWED));
        assertWalk(call(Addresses.VIDEOS_LIST).query("sort", "likes"), 7, expected(v -> true, MOST_LIKED));
        // Without a limit: pages of 24.
        JsonObject page = vod.json(call(Addresses.VIDEOS_LIST));
        assertThat(page.getJsonArray("items")).hasSize(24);
        assertThat(page.getString("nextCursor")).isNotNull();
    }

    @Test
    void searchFindsWordsInTitlesDescriptionsAndTags() throws Exception {
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("q", "cooking"),
                10,
                expected(v -> v.topic().equals("cooking"), NEWEST));
        assertWalk(call(Addresses.VIDEOS_LIST).query("q", "Marathon"), 10, expected(Seeded::marathon, NEWEST));
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("q", "cooking marathon"),
                5,
                expected(v -> v.topic().equals("cooking") && v.marathon(), NEWEST));
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("q", "chess or guitar"),
                10,
                expected(v -> v.topic().equals("chess") || v.topic().equals("guitar"), NEWEST));
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("q", "guitar -marathon"),
                10,
                expected(v -> v.topic().equals("guitar") && !v.marathon(), NEWEST));
        // A tag is searchable as a word too.
        assertWalk(call(Addresses.VIDEOS_LIST).query("q", "ep42"), 10, expected(v -> v.index() == 42, NEWEST));
        // The sort is honoured with a search.
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("q", "evening").query("sort", "views"),
                9,
                expected(v -> !v.marathon(), MOST_VIEWED));
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("q", "night").query("sort", "likes"),
                4,
                expected(Seeded::marathon, MOST_LIKED));
        assertThat(vod.json(call(Addresses.VIDEOS_LIST).query("q", "nosuchwordanywhere")))
                .isEqualTo(new JsonObject().put("items", new JsonArray()).putNull("nextCursor"));
        // Operators that make no sense are just words, never an error.
        assertThat(vod.json(call(Addresses.VIDEOS_LIST).query("q", "\"chess & | ! ("))
                        .getJsonArray("items"))
                .isNotNull();
    }

    @Test
    void tagsFilterAloneAndWithASearch() throws Exception {
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("tag", "music"),
                11,
                expected(v -> v.tag().equals("music"), NEWEST));
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("tag", "MUSIC").query("sort", "likes"),
                11,
                expected(v -> v.tag().equals("music"), MOST_LIKED));
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("tag", "food").query("q", "marathon"),
                3,
                expected(v -> v.tag().equals("food") && v.marathon(), NEWEST));
        assertThat(vod.json(call(Addresses.VIDEOS_LIST).query("tag", "ep10")).getJsonArray("items"))
                .as("video 10 is unlisted")
                .isEmpty();
    }

    @Test
    void anOwnersListShowsTheirHiddenVideosOnlyToThem() throws Exception {
        Principal owner = VodHarness.user("u-1");
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("owner", "u-1").as(owner),
                20,
                seeded.stream()
                        .filter(v -> v.index() % 3 == 1)
                        .sorted(NEWEST)
                        .map(Seeded::id)
                        .toList());
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("owner", "u-1").as(VodHarness.user("u-2")),
                20,
                expected(v -> v.index() % 3 == 1, NEWEST));
        assertWalk(
                call(Addresses.VIDEOS_LIST).query("owner", "u-1").query("sort", "views"),
                20,
                expected(v -> v.index() % 3 == 1, MOST_VIEWED));
    }

    @Test
    void newVideosArrivingDuringAWalkNeitherRepeatNorShiftItems() throws Exception {
        List<String> before = expected(v -> v.topic().equals("karaoke"), NEWEST);
        List<String> walked = new ArrayList<>();
        try {
            String cursor = null;
            int page = 0;
            do {
                VodHarness.Call call =
                        call(Addresses.VIDEOS_LIST).query("q", "karaoke").query("limit", "5");
                if (cursor != null) {
                    call.query("cursor", cursor);
                }
                JsonObject answer = vod.json(call);
                answer.getJsonArray("items").forEach(item -> walked.add(((JsonObject) item).getString("id")));
                cursor = answer.getString("nextCursor");
                if (page++ == 1) {
                    for (int i = 0; i < 6; i++) {
                        vod.importVideo(importBody("late" + i, "u-9", "Late karaoke " + i, "public"));
                    }
                }
            } while (cursor != null);
        } finally {
            // The other tests compare with the seed alone.
            vod.execute("DELETE FROM videos WHERE owner_id = $1", "u-9");
        }
        assertThat(walked).isEqualTo(before);
    }

    @Test
    void badParametersAre400() throws Exception {
        String newCursor =
                vod.json(call(Addresses.VIDEOS_LIST).query("limit", "2")).getString("nextCursor");
        assertThat(vod.failure(call(Addresses.VIDEOS_LIST)
                                .query("sort", "views")
                                .query("cursor", newCursor))
                        .code())
                .isEqualTo("invalid_cursor");
        assertThat(vod.failure(call(Addresses.VIDEOS_LIST).query("cursor", "bm9wZQ"))
                        .code())
                .isEqualTo("invalid_cursor");
        assertThat(vod.failure(call(Addresses.VIDEOS_LIST).query("cursor", "%%%"))
                        .code())
                .isEqualTo("invalid_cursor");
        assertThat(vod.failure(call(Addresses.VIDEOS_LIST).query("sort", "best"))
                        .code())
                .isEqualTo("invalid_sort");
        assertThat(vod.failure(call(Addresses.VIDEOS_LIST).query("limit", "101"))
                        .code())
                .isEqualTo("invalid_limit");
        assertThat(vod.failure(call(Addresses.VIDEOS_LIST).query("limit", "0")).code())
                .isEqualTo("invalid_limit");
        assertThat(vod.failure(call(Addresses.VIDEOS_LIST).query("tag", "a b")).code())
                .isEqualTo("invalid_tag");
        assertThat(vod.failure(call(Addresses.VIDEOS_LIST).query("q", "x".repeat(201)))
                        .code())
                .isEqualTo("invalid_q");
        assertThat(IntStream.of(vod.failure(call(Addresses.VIDEOS_LIST).query("limit", "ten"))
                        .status()))
                .containsExactly(400);
    }
}
