package org.millrace.server;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.core.testing.LocalStorageOutage;

/**
 * Benchmark (issue 12, dependencies down), not a test: the all-in-one server with Debian's ffmpeg publishing a
 * 720p30 pattern over SRT; local storage fails every write for {@code storageSeconds} (the live directory replaced
 * by a file) 10 s in, then, on a second stream, PostgreSQL is stopped for {@code dbSeconds} and started again on its
 * port. Prints segments spooled (files in the transcoder's work directory), the time to catch up, the recording's
 * duration against the published one, and the API's answers during the database outage next to the same request
 * with the database up (the reference, same run).
 * Usage: OutageBench <work dir> <storage outage s> <database outage s>
 */
public final class OutageBench {
    private static final int OUTAGE_AT = 10;
    private static final int AFTER = 20;

    private OutageBench() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int storageSeconds = Integer.parseInt(args[1]);
        int dbSeconds = Integer.parseInt(args[2]);
        Path pg = data.resolve("pg");
        EmbeddedDatabase database = EmbeddedDatabase.start(pg);
        int port = database.port();
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_DATABASE_URL",
                        "postgresql://postgres@127.0.0.1:" + port + "/postgres",
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0",
                        "MILLRACE_RECONNECT_GRACE_SECONDS",
                        "2"))
                .load();
        try (AllInOneServer server = AllInOneServer.start(config);
                ApiClient api = new ApiClient(config, server.httpPort())) {
            String owner = api.token("u-bench", "bench");
            storage(config, server, api, owner, storageSeconds);
            database = databaseOutage(config, server, api, owner, database, pg, port, dbSeconds);
        } finally {
            database.close();
        }
        System.exit(0);
    }

    private static void storage(MillraceConfig config, AllInOneServer server, ApiClient api, String owner, int outage)
            throws Exception {
        int seconds = OUTAGE_AT + outage + AFTER;
        Path ts = TestMedia.testPattern(config.dataDir().resolve("storage-pattern.ts"), seconds);
        JsonObject stream = api.json("POST", "/api/streams", owner, new JsonObject().put("title", "Storage"));
        String id = stream.getString("id");
        Process ffmpeg = publish(server, stream, ts, config.dataDir().resolve("ffmpeg-storage.log"));
        Path bucket = config.storageRoot().resolve(config.storageBucket());
        Path work = config.dataDir().resolve("transcoder");
        try (LocalStorageOutage broken = new LocalStorageOutage(bucket.resolve("live"))) {
            long liveAt = api.awaitStreamStatus(id, "live", 20);
            ApiClient.sleepUntil(liveAt, OUTAGE_AT);
            broken.begin();
            long peakFiles = 0;
            long peakBytes = 0;
            long down = System.nanoTime();
            while (System.nanoTime() - down < TimeUnit.SECONDS.toNanos(outage)) {
                long[] spool = spooled(work);
                peakFiles = Math.max(peakFiles, spool[0]);
                peakBytes = Math.max(peakBytes, spool[1]);
                Thread.sleep(200);
            }
            broken.restore();
            long back = System.nanoTime();
            while (spooled(work)[0] > 4 && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(120)) {
                Thread.sleep(20);
            }
            double catchUp = (System.nanoTime() - back) / 1e9;
            System.out.printf(
                    "storage outage %d s: %d segments spooled at the peak (%.1f MiB on local disk), "
                            + "caught up %.2f s after storage came back%n",
                    outage, peakFiles, peakBytes / 1048576.0, catchUp);
        }
        ffmpeg.waitFor(seconds + 30, TimeUnit.SECONDS);
        String session = api.json("GET", "/api/streams/" + id, null, null).getString("sessionId");
        JsonObject video = awaitVideo(api, owner, id);
        String playlist = Files.readString(bucket.resolve("live/" + id + "/"
                + (session != null ? session : video.getString("sessionId", "")) + "/source/index.m3u8"));
        System.out.printf(
                "storage outage %d s: published %d s, recorded %.2f s; source playlist %d segments, " + "%d gaps%n",
                outage,
                seconds,
                video.getDouble("durationSeconds"),
                playlist.lines().filter(l -> l.endsWith(".m4s")).count(),
                playlist.lines().filter(l -> l.equals("#EXT-X-GAP")).count());
    }

    private static EmbeddedDatabase databaseOutage(
            MillraceConfig config,
            AllInOneServer server,
            ApiClient api,
            String owner,
            EmbeddedDatabase database,
            Path pg,
            int port,
            int outage)
            throws Exception {
        int seconds = OUTAGE_AT + outage + AFTER;
        Path ts = TestMedia.testPattern(config.dataDir().resolve("db-pattern.ts"), seconds);
        JsonObject stream = api.json("POST", "/api/streams", owner, new JsonObject().put("title", "Database"));
        String id = stream.getString("id");
        Process ffmpeg = publish(server, stream, ts, config.dataDir().resolve("ffmpeg-db.log"));
        long liveAt = api.awaitStreamStatus(id, "live", 20);
        List<Long> up = sample(api, id, 50, 200);
        ApiClient.sleepUntil(liveAt, OUTAGE_AT);
        database.close();
        long down = System.nanoTime();
        List<Long> during = new ArrayList<>();
        int not503 = 0;
        while (System.nanoTime() - down < TimeUnit.SECONDS.toNanos(outage)) {
            long t = System.nanoTime();
            HttpResponse<String> answer = api.get("/api/streams/" + id, null);
            during.add((System.nanoTime() - t) / 1000);
            if (answer.statusCode() != 503) {
                not503++;
            }
            Thread.sleep(100);
        }
        boolean onAir = ffmpeg.isAlive();
        EmbeddedDatabase again = EmbeddedDatabase.start(pg, port);
        long back = System.nanoTime();
        while (api.get("/api/streams/" + id, null).statusCode() != 200) {
            Thread.sleep(20);
        }
        double recovered = (System.nanoTime() - back) / 1e9;
        System.out.printf(
                "database outage %d s: %d requests, %d not 503; latency median %.1f ms, p99 %.1f ms, max "
                        + "%.1f ms (database up, same request: median %.1f ms, p99 %.1f ms); publisher on air: %s; API "
                        + "answering 200 again %.2f s after PostgreSQL was started%n",
                outage,
                during.size(),
                not503,
                pct(during, 50),
                pct(during, 99),
                pct(during, 100),
                pct(up, 50),
                pct(up, 99),
                onAir,
                recovered);
        ffmpeg.waitFor(seconds + 30, TimeUnit.SECONDS);
        JsonObject video = awaitVideo(api, owner, id);
        System.out.printf(
                "database outage %d s: published %d s, recorded %.2f s%n",
                outage, seconds, video.getDouble("durationSeconds"));
        return again;
    }

    private static Process publish(AllInOneServer server, JsonObject stream, Path ts, Path log) throws Exception {
        String srtUrl = stream.getString("srtUrl").replaceFirst(":0\\?", ":" + server.srtPort() + "?");
        return TestMedia.publish(ts, srtUrl, log);
    }

    private static List<Long> sample(ApiClient api, String id, int n, long pauseMillis) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            api.get("/api/streams/" + id, null);
            micros.add((System.nanoTime() - t) / 1000);
            Thread.sleep(pauseMillis / 10);
        }
        return micros;
    }

    private static double pct(List<Long> micros, int p) {
        List<Long> sorted = new ArrayList<>(micros);
        sorted.sort(null);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1000.0;
    }

    /** Segment files waiting in the transcoder's work directories, and their bytes. */
    private static long[] spooled(Path work) throws Exception {
        long[] out = new long[2];
        if (!Files.isDirectory(work)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.filter(f -> f.getFileName().toString().endsWith(".m4s")).forEach(f -> {
                out[0]++;
                out[1] += f.toFile().length();
            });
        }
        return out;
    }

    private static JsonObject awaitVideo(ApiClient api, String owner, String streamId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            for (Object o :
                    api.json("GET", "/api/videos?owner=u-bench", owner, null).getJsonArray("items")) {
                JsonObject v = (JsonObject) o;
                if (streamId.equals(v.getString("streamId"))) {
                    return v;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no recording of " + streamId);
    }
}
