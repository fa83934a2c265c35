package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.db.EmbeddedDatabase;
import org.millrace.testkit.SrtPublisher;

/**
 * Issue 12, database down: PostgreSQL is stopped 6 s into an SRT publish (Debian's ffmpeg) and started again on the
 * same port 15 s later. Meanwhile the publisher stays on air and segments keep reaching storage, the API answers
 * 503 {@code unavailable} at once, and /health names the database. The publisher leaves during the outage: once
 * the database is back, with no restart, the API answers again, the stop is written (the stream goes offline) and
 * the session is recorded whole.
 */
class AllInOneDatabaseOutageTest {
    private static final int SECONDS = 18;
    private static final int OUTAGE_AT = 6;
    private static final int OUTAGE_SECONDS = 15;

    @TempDir
    Path data;

    @Test
    void publishersStayOnAirAndTheApiAnswers503UntilTheDatabaseIsBack() throws Exception {
        Path ts = TestMedia.testPattern(data.resolve("pattern.ts"), SECONDS);
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
            String owner = api.token("u-ana", "ana");
            JsonObject stream = api.json("POST", "/api/streams", owner, new JsonObject().put("title", "Outage"));
            String id = stream.getString("id");
            String srtUrl = stream.getString("srtUrl").replaceFirst(":0\\?", ":" + server.srtPort() + "?");
            Process ffmpeg = TestMedia.publish(ts, srtUrl, data.resolve("ffmpeg.log"));
            try {
                long liveAt = api.awaitStreamStatus(id, "live", 20);
                String sessionId =
                        api.json("GET", "/api/streams/" + id, null, null).getString("sessionId");
                Path source = config.storageRoot()
                        .resolve(config.storageBucket())
                        .resolve("live/" + id + "/" + sessionId + "/source");
                ApiClient.sleepUntil(liveAt, OUTAGE_AT);
                database.close();
                long down = System.nanoTime();
                long segmentsAtStop = segments(source);
                List<Long> latencies = new ArrayList<>();
                boolean onAirSeen = false;
                while (System.nanoTime() - down < TimeUnit.SECONDS.toNanos(OUTAGE_SECONDS)) {
                    long t = System.nanoTime();
                    HttpResponse<String> answer = api.get("/api/streams/" + id, null);
                    latencies.add((System.nanoTime() - t) / 1_000_000);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                    assertThat(new JsonObject(answer.body())
                                    .getJsonObject("error")
                                    .getString("code"))
                            .isEqualTo("unavailable");
                    if (System.nanoTime() - down > TimeUnit.SECONDS.toNanos(8) && !onAirSeen) {
                        // Still sending and still transcoded, 8 s into the outage.
                        assertThat(ffmpeg.isAlive()).as("publisher on air").isTrue();
                        assertThat(segments(source))
                                .as("segments stored during the outage")
                                .isGreaterThanOrEqualTo(segmentsAtStop + 3);
                        HttpResponse<String> health = api.get("/health", null);
                        assertThat(health.statusCode()).isEqualTo(503);
                        JsonObject checks = new JsonObject(health.body()).getJsonObject("checks");
                        assertThat(checks.getJsonObject("database").getString("status"))
                                .isEqualTo("down");
                        assertThat(checks.getJsonObject("storage").getString("status"))
                                .isEqualTo("up");
                        onAirSeen = true;
                    }
                    Thread.sleep(250);
                }
                assertThat(onAirSeen).isTrue();
                latencies.sort(null);
                System.out.printf(
                        "database outage of %d s: %d API requests, all 503; latency median %d ms, max %d ms%n",
                        OUTAGE_SECONDS,
                        latencies.size(),
                        latencies.get(latencies.size() / 2),
                        latencies.get(latencies.size() - 1));
                assertThat(latencies.get(latencies.size() - 1))
                        .as("slowest 503, ms")
                        .isLessThan(3000);

                database = EmbeddedDatabase.start(pg, port);
                long up = System.nanoTime();
                // The publisher left during the outage: its stop is written once the database is back.
                api.awaitStreamStatus(id, "offline", 30);
                System.out.printf("database back: the stop written %.1f s later%n", (System.nanoTime() - up) / 1e9);
                assertThat(api.get("/health", null).statusCode()).isEqualTo(200);
                assertThat(ffmpeg.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                SrtPublisher.stop(ffmpeg);
            }
            JsonObject video = RecordingPlaybackIT.awaitVideo(api, owner, "u-ana");
            assertThat(video.getString("streamId")).isEqualTo(id);
            assertThat(video.getDouble("durationSeconds"))
                    .as("recorded seconds")
                    .isBetween(SECONDS - 2.5, SECONDS + 1.0);
        } finally {
            database.close();
        }
    }

    private static long segments(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".m4s"))
                    .count();
        }
    }
}
