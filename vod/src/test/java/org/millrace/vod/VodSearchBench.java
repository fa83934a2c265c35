package org.millrace.vod;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.BusCodecs;
import org.millrace.core.bus.ServiceRequest;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.DatabaseSettings;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.db.Migrations;
import org.millrace.core.storage.LocalStorage;

/**
 * Benchmark, not a test (bench/vod-search.sh): seeds 100,000 videos into an embedded PostgreSQL in one
 * INSERT ... SELECT, then times {@code GET /api/videos} queries as the gateway sends them, over the event bus to the
 * real VodVerticle, one at a time, and prints p50/p95/p99 per query.
 */
public final class VodSearchBench {
    private static final int VIDEOS = Integer.getInteger("videos", 100_000);
    private static final int WARMUP = 200;
    private static final int CALLS = Integer.getInteger("calls", 1000);

    private VodSearchBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("millrace-vod-bench");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"));
                LocalStorage storage = new LocalStorage(dir.resolve("storage"))) {
            DatabaseSettings settings = db.settings(4);
            Migrations.apply(settings, "vod");
            long seedStart = System.nanoTime();
            seed(settings);
            System.out.printf(
                    "seeded %,d videos in %.1f s (insert, indexes, ANALYZE)%n",
                    VIDEOS, (System.nanoTime() - seedStart) / 1e9);
            if (Boolean.getBoolean("hold")) {
                // For EXPLAIN ANALYZE by hand: psql -h 127.0.0.1 -p <port> -U postgres postgres
                System.out.printf("database on port %d; press Enter to go on%n", db.port());
                System.in.read();
            }

            MillraceConfig config = new ConfigLoader(Map.of("MILLRACE_DATA_DIR", dir.toString())).load();
            Vertx vertx = Vertx.vertx();
            BusCodecs.register(vertx.eventBus());
            vertx.deployVerticle(new VodVerticle(config, settings, storage)).await(30, TimeUnit.SECONDS);

            Map<String, Map<String, String>> queries = new LinkedHashMap<>();
            queries.put("newest, no filter", Map.of());
            queries.put("q=cooking (common word, ~6% of videos)", Map.of("q", "cooking"));
            queries.put("q=live (very common word, ~25%)", Map.of("q", "live"));
            queries.put("q=kw1234 (rare word, 18 videos)", Map.of("q", "kw1234"));
            queries.put("q=nosuchword (in no video)", Map.of("q", "nosuchword"));
            queries.put("q=chess tournament (two words)", Map.of("q", "chess tournament"));
            queries.put("tag=music (~10%)", Map.of("tag", "music"));
            queries.put("q=live&sort=views", Map.of("q", "live", "sort", "views"));
            queries.put("q=cooking&sort=views", Map.of("q", "cooking", "sort", "views"));
            queries.put("q=cooking&tag=food&sort=likes", Map.of("q", "cooking", "tag", "food", "sort", "likes"));
            queries.put("sort=views, page 2 (cursor)", Map.of("sort", "views", "page", "2"));

            System.out.printf(
                    "%n%-44s %8s %8s %8s %8s %7s%n",
                    "query (limit 24)", "p50 ms", "p95 ms", "p99 ms", "max ms", "items");
            for (Map.Entry<String, Map<String, String>> query : queries.entrySet()) {
                measure(vertx, query.getKey(), query.getValue());
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        } finally {
            deleteTree(dir);
        }
    }

    private static void measure(Vertx vertx, String name, Map<String, String> params) throws Exception {
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!k.equals("page")) {
                query.put(k, List.of(v));
            }
        });
        if (params.containsKey("page")) {
            JsonObject first = list(vertx, query);
            query.put("cursor", List.of(first.getString("nextCursor")));
        }
        int items = 0;
        for (int i = 0; i < WARMUP; i++) {
            items = list(vertx, query).getJsonArray("items").size();
        }
        long[] nanos = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            list(vertx, query);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(
                "%-44s %8.2f %8.2f %8.2f %8.2f %7d%n",
                name, ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6, items);
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static JsonObject list(Vertx vertx, Map<String, List<String>> query) throws Exception {
        ServiceResponse response = vertx.eventBus()
                .<ServiceResponse>request(
                        Addresses.VIDEOS_LIST, new ServiceRequest("bench", Map.of(), query, null, null, "127.0.0.1"))
                .map(reply -> reply.body())
                .await(10, TimeUnit.SECONDS);
        return (JsonObject) response.body();
    }

    /**
     * One statement: titles of an adjective, a topic, a "kw" word out of 5,000 (rare) and an episode number;
     * descriptions with "live" in a quarter of them; 1 to 3 of 20 tags; 90% public; views and likes skewed (few
     * videos get most).
     */
    private static void seed(DatabaseSettings db) throws Exception {
        String topics = "ARRAY['speedrun','cooking','chess','guitar','painting','coding','karaoke','fishing',"
                + "'gardening','yoga','poker','drawing','piano','drums','knitting','baking','hiking','cycling',"
                + "'football','tennis','minecraft','retro','physics','history','news','science','travel','makeup',"
                + "'workout','podcast','anime','modding','trivia']";
        String adjectives = "ARRAY['quick','slow','late','early','chill','hard','first','final','grand','tiny',"
                + "'weekly','daily','epic','cozy','wild','silent','loud','blind','ranked','casual']";
        String fillers = "ARRAY['tournament','practice','session','marathon','tutorial','review','stream',"
                + "'challenge','highlights','talk','jam','run','lesson','party','finals']";
        String tags = "ARRAY['games','food','music','art','tech','sports','talk','science','travel','retro',"
                + "'fitness','chill','competitive','beginner','pro','irl','creative','education','news','fun']";
        String sql = "INSERT INTO videos (id, owner_id, owner_username, title, description, tags, visibility, "
                + "stream_id, recording_id, session_id, recorded_at, duration_seconds, width, height, mp4_key, "
                + "mp4_bytes, poster_key, thumbnails, thumbnails_prefix, hls_prefix, hls_master, views, likes, "
                + "created_at) "
                + "SELECT 'b' || lpad(to_hex(g), 15, '0'), 'u-' || (g % 5000), 'user' || (g % 5000), "
                + "initcap(a[1 + h1 % 20]) || ' ' || t[1 + h2 % 33] || ' ' || f[1 + h3 % 15] || ' kw' || (h4 % 5000)"
                + " || ' #' || g, "
                + "CASE WHEN h5 % 4 = 0 THEN 'Recorded live: ' ELSE 'Recorded: ' END || t[1 + h3 % 33] || ' with ' "
                + "|| a[1 + h4 % 20] || ' friends, ' || f[1 + h5 % 15] || ' and more ' || f[1 + h1 % 15], "
                + "(SELECT array_agg(DISTINCT x) FROM unnest((ARRAY[tg[1 + h2 % 20], tg[1 + h4 % 20], tg[1 + h5 % 20]])"
                + "[1:1 + h1 % 3]) x), "
                + "CASE WHEN h3 % 20 = 0 THEN 'private' WHEN h3 % 20 = 1 THEN 'unlisted' ELSE 'public' END, "
                + "'s' || (g % 5000), 'r' || g, 'e' || g, now() - g * interval '1 minute', 60 + h1 % 7200, "
                + "1280, 720, 'recordings/r' || g || '/video.mp4', 1000000 + h2::bigint, 'recordings/r' || g || '/poster.jpg', "
                + "'[]'::jsonb, 'recordings/r' || g || '/thumbs/', 'live/s' || (g % 5000) || '/e' || g || '/', "
                + "'vod.m3u8', floor(power((h4 % 10000) / 10000.0, 4) * 100000)::bigint, "
                + "floor(power((h5 % 10000) / 10000.0, 4) * 5000)::bigint, now() - g * interval '1 minute' "
                + "FROM (SELECT g, (hashint4(g) & 2147483647) AS h1, (hashint4(g + 1000003) & 2147483647) AS h2, "
                + "(hashint4(g + 2000003) & 2147483647) AS h3, (hashint4(g + 3000017) & 2147483647) AS h4, "
                + "(hashint4(g + 4000037) & 2147483647) AS h5 FROM generate_series(1, " + VIDEOS + ") g) s, "
                + "(SELECT " + topics + " AS t, " + adjectives + " AS a, " + fillers + " AS f, " + tags + " AS tg) w";
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
            statement.execute("VACUUM ANALYZE videos");
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        List<Path> paths = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
