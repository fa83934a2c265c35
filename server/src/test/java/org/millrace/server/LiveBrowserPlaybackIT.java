package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;
import org.millrace.testkit.SrtPublisher;

/**
 * The issue's acceptance test for live playback: a real browser (Debian's chromium driven by e2e/live-playback.mjs)
 * plays a stream published over SRT with hls.js through the all-in-one gateway, and a viewer can drop to the lowest
 * rung. A failsafe IT because it needs Node, chromium and a minute of real time; `mvn test` stays fast.
 */
class LiveBrowserPlaybackIT {
    /** Long enough for start-up, 4 s of playback, a switch and 2 s more, with the browser still on a live edge. */
    private static final int PUBLISH_SECONDS = 50;

    @TempDir
    Path data;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void chromiumPlaysTheLiveStreamAndSwitchesToTheLowestRung() throws Exception {
        Path e2e = BrowserRun.e2eDir();
        Path artifacts = BrowserRun.artifacts();
        Files.deleteIfExists(artifacts.resolve("live-playback.png")); // a previous run's must not count for this one
        assertThat(e2e.resolve("node_modules/playwright-core"))
                .as("npm ci ran in e2e/")
                .isDirectory();
        Path ts = TestMedia.testPattern(
                data.resolve("pattern.ts"), PUBLISH_SECONDS); // before the server: encoding competes for the CPUs

        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0"))
                .load();
        Vertx tokenVertx = Vertx.vertx();
        try (AllInOneServer server = AllInOneServer.start(config)) {
            String base = "http://127.0.0.1:" + server.httpPort();
            String token = new AccessTokens(tokenVertx, config.jwtSecret(), Duration.ofMinutes(5))
                    .issue(new Principal("u-1", "erin", List.of("user")));
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/streams"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Browser\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonObject stream = new JsonObject(created.body());
            String id = stream.getString("id");

            // The srtUrl the API answered, pointed at the port the ingest really bound (configured as 0).
            String srtUrl =
                    stream.getString("srtUrl").replaceFirst("//[^/?]+\\?", "//127.0.0.1:" + server.srtPort() + "?");
            Process ffmpeg = TestMedia.publish(ts, srtUrl, artifacts.resolve("ffmpeg.log"));
            try {
                awaitMasterPlaylist(base + stream.getString("playbackUrl"), ffmpeg);

                JsonObject summary =
                        BrowserRun.run(e2e, "live-playback.mjs", base, id, artifacts.resolve("live-playback.png"));
                assertThat(ffmpeg.isAlive())
                        .as("still publishing: the browser played a live edge")
                        .isTrue();
                assertThat(summary.getBoolean("ok")).isTrue();
                assertThat(summary.getDouble("advancedBeforeSwitch")).isGreaterThanOrEqualTo(4.0);
                JsonArray levels = summary.getJsonArray("levels");
                List<Integer> heights = levels.stream()
                        .map(l -> ((JsonObject) l).getInteger("height"))
                        .toList();
                assertThat(heights).as("the ladder of a 720p source").containsExactlyInAnyOrder(720, 480, 360);
                assertThat(summary.getInteger("switchedToHeight")).isEqualTo(360);
                assertThat(summary.getInteger("heightAfterSwitch"))
                        .as("frames decoded after the switch")
                        .isEqualTo(360);
                assertThat(summary.getDouble("advancedAfterSwitch")).isGreaterThanOrEqualTo(2.0);
                assertThat(artifacts.resolve("live-playback.png")).isNotEmptyFile();
            } finally {
                SrtPublisher.stop(ffmpeg); // before the server stops: the publish ends as when a streamer stops
            }
        } finally {
            tokenVertx.close();
        }
    }

    /** Polls the gateway until the live master playlist answers 200: every rung has its first segment. */
    private void awaitMasterPlaylist(String url, Process ffmpeg) throws Exception {
        int status = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (status != 200 && System.nanoTime() < deadline) {
            assertThat(ffmpeg.isAlive()).as("the publisher is still running").isTrue();
            Thread.sleep(250);
            status = http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
        assertThat(status).as("GET " + url).isEqualTo(200);
    }
}
