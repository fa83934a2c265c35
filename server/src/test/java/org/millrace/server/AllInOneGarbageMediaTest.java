package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
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
import org.millrace.testkit.Commands;

/**
 * End to end (issue 12): Debian's ffmpeg publishes an MPEG-TS without video over SRT to the all-in-one server; the
 * owner's stats answer says why nothing plays while the encoder is still connected.
 */
class AllInOneGarbageMediaTest {
    @TempDir
    Path data;

    @Test
    void anAudioOnlyPublishShowsNoVideoInTheOwnersStats() throws Exception {
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
        Process ffmpeg = null;
        try (AllInOneServer server = AllInOneServer.start(config)) {
            String token = new AccessTokens(tokenVertx, config.jwtSecret(), Duration.ofMinutes(5))
                    .issue(new Principal("u-1", "erin", List.of("user")));
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.httpPort();
            JsonObject stream = new JsonObject(http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/streams"))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Radio\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            Path ts = data.resolve("audio.ts");
            Commands.run(
                    List.of(
                            "ffmpeg",
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-y",
                            "-f",
                            "lavfi",
                            "-i",
                            "sine=frequency=440:sample_rate=48000",
                            "-t",
                            "20",
                            "-c:a",
                            "aac",
                            "-f",
                            "mpegts",
                            ts.toString()),
                    60);
            String url = stream.getString("srtUrl").replaceFirst(":0\\?", ":" + server.srtPort() + "?");
            ffmpeg = new ProcessBuilder(
                            "ffmpeg",
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-nostdin",
                            "-re",
                            "-i",
                            ts.toString(),
                            "-c",
                            "copy",
                            "-f",
                            "mpegts",
                            url)
                    .redirectErrorStream(true)
                    .redirectOutput(data.resolve("ffmpeg.log").toFile())
                    .start();

            JsonObject stats = new JsonObject();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (stats.getJsonObject("mediaError") == null && System.nanoTime() < deadline) {
                Thread.sleep(200);
                stats = new JsonObject(http.send(
                                HttpRequest.newBuilder(
                                                URI.create(base + "/api/streams/" + stream.getString("id") + "/stats"))
                                        .header("Authorization", "Bearer " + token)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
            }
            assertThat(stats.getBoolean("publisherConnected"))
                    .as(stats.encode())
                    .isTrue();
            JsonObject error = stats.getJsonObject("mediaError");
            assertThat(error)
                    .as(stats.encode() + " / " + Files.readString(data.resolve("ffmpeg.log")))
                    .isNotNull();
            assertThat(error.getString("reason")).isEqualTo("no_video");
            assertThat(error.getString("detail")).contains("audio aac");
            assertThat(error.getBoolean("restarted")).isFalse();
            assertThat(error.getString("at")).isNotBlank();
        } finally {
            if (ffmpeg != null) {
                ffmpeg.destroy();
                ffmpeg.waitFor(10, TimeUnit.SECONDS);
            }
            tokenVertx.close();
        }
    }
}
