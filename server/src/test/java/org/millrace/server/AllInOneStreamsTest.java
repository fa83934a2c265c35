package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;
import org.millrace.testkit.Commands;

/** The all-in-one server migrates the streams schema, deploys the streams service and routes its API. */
class AllInOneStreamsTest {
    @TempDir
    Path data;

    private static void run(List<String> command) throws Exception {
        Commands.run(command, 60);
    }

    @Test
    void createsAndListsAStream() throws Exception {
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        // the playlists end when the session does (the grace over), not when the publisher leaves
                        "MILLRACE_RECONNECT_GRACE_SECONDS",
                        "2"))
                .load();
        Vertx tokenVertx = Vertx.vertx();
        try (AllInOneServer server = AllInOneServer.start(config)) {
            String token = new AccessTokens(tokenVertx, config.jwtSecret(), Duration.ofMinutes(5))
                    .issue(new Principal("u-1", "erin", List.of("user")));
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.httpPort();
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/streams"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"All in one\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonObject stream = new JsonObject(created.body());
            assertThat(stream.getString("srtUrl")).startsWith("srt://localhost:8890?streamid=publish:");

            // Debian's ffmpeg publishes to the srtUrl exactly as shown: the stream goes live, the ingest is measured.
            Path ts = data.resolve("clip.ts");
            run(List.of(
                    "ffmpeg",
                    "-hide_banner",
                    "-loglevel",
                    "error",
                    "-y",
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=320x180:rate=25",
                    "-t",
                    "3",
                    "-c:v",
                    "libx264",
                    "-preset",
                    "ultrafast",
                    "-f",
                    "mpegts",
                    ts.toString()));
            assertThat(server.srtPort()).isEqualTo(8890);
            Process ffmpeg = new ProcessBuilder(
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
                            stream.getString("srtUrl") + "&linger=5")
                    .redirectErrorStream(true)
                    .redirectOutput(data.resolve("ffmpeg.log").toFile())
                    .start();
            String status = null;
            for (int i = 0; i < 100 && !"live".equals(status); i++) {
                Thread.sleep(50);
                status = new JsonObject(http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(base + "/api/streams/" + stream.getString("id")))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .getString("status");
            }
            assertThat(status).isEqualTo("live");
            assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ffmpeg.exitValue())
                    .as(Files.readString(data.resolve("ffmpeg.log")))
                    .isZero();
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics).contains("millrace_srt_listener_accepted_total 1.0");

            // The transcoder turned the publish into HLS in storage (180p is below every rung: the source copied).
            String playlist = "";
            Path storage = data.resolve("storage");
            for (int i = 0; i < 300 && !playlist.contains("#EXT-X-ENDLIST"); i++) {
                Thread.sleep(100);
                playlist = liveFile(storage, stream.getString("id"), "source/index.m3u8");
            }
            assertThat(playlist).contains("#EXT-X-ENDLIST").contains("#EXTINF:");
            assertThat(liveFile(storage, stream.getString("id"), "master.m3u8")).contains("source/index.m3u8");

            HttpResponse<String> list = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/streams")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(list.body())
                            .getJsonArray("items")
                            .getJsonObject(0)
                            .getString("id"))
                    .isEqualTo(stream.getString("id"));
        } finally {
            tokenVertx.close();
        }
    }

    /** The text of {@code name} under {@code live/<streamId>/<session>/} in local storage, or "" when not there yet. */
    private static String liveFile(Path storage, String streamId, String name) throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            Optional<Path> file = files.filter(
                            f -> f.toString().replace('\\', '/').contains("/live/" + streamId + "/")
                                    && f.toString().endsWith("/" + name))
                    .findFirst();
            return file.isPresent() ? Files.readString(file.get()) : "";
        } catch (UncheckedIOException | NoSuchFileException e) {
            return ""; // a temp file renamed away while walking: look again
        }
    }
}
