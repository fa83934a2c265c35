package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.security.AccessTokens;
import org.millrace.core.security.Principal;
import org.millrace.core.storage.LocalStorage;
import org.millrace.testkit.Commands;

/**
 * Live playback end to end in the all-in-one server: a stream made live by a real SRT publisher (Debian's ffmpeg),
 * its session resolved by the real streams service over the bus, and the session's files served from the server's
 * own storage directory.
 */
class AllInOneLiveTest {
    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static void run(List<String> command) throws Exception {
        Commands.run(command, 60);
    }

    @Test
    void aLiveStreamsSessionIsServedFromStorage() throws Exception {
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
            base = "http://127.0.0.1:" + server.httpPort();
            String token = new AccessTokens(tokenVertx, config.jwtSecret(), Duration.ofMinutes(5))
                    .issue(new Principal("u-1", "erin", List.of("user")));
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/streams"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Live\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonObject stream = new JsonObject(created.body());
            String id = stream.getString("id");
            String master = stream.getString("playbackUrl");
            assertThat(master).isEqualTo("/live/" + id + "/master.m3u8");

            HttpResponse<byte[]> offline = get(master);
            assertThat(offline.statusCode()).isEqualTo(404);
            assertThat(new JsonObject(text(offline)).getJsonObject("error").getString("code"))
                    .isEqualTo("stream_offline");
            assertThat(get("/live/NoSuchStream0001/master.m3u8").statusCode()).isEqualTo(404);

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
            // The URL the API answered, pointed at the port the ingest really bound (configured as 0).
            String srtUrl = stream.getString("srtUrl").replaceFirst(":0\\?", ":" + server.srtPort() + "?");
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
                            srtUrl + "&linger=5")
                    .redirectErrorStream(true)
                    .redirectOutput(data.resolve("ffmpeg.log").toFile())
                    .start();
            JsonObject live = new JsonObject();
            for (int i = 0; i < 100 && !"live".equals(live.getString("status")); i++) {
                Thread.sleep(50);
                live = new JsonObject(text(get("/api/streams/" + id)));
            }
            assertThat(live.getString("status")).isEqualTo("live");
            String session = live.getString("sessionId");

            // What the transcoder writes, in the server's own storage directory (unless it already wrote it).
            byte[] segment = new byte[200_000];
            new java.util.Random(3).nextBytes(segment);
            String dir = "live/" + id + "/" + session + "/";
            LocalStorage storage = new LocalStorage(config.storageRoot().resolve(config.storageBucket()));
            if (storage.stat(dir + "master.m3u8").isEmpty()) {
                storage.put(dir + "480p/seg00001.ts", segment, null);
                storage.put(
                        dir + "480p/index.m3u8",
                        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg00001.ts\n")
                                .getBytes(StandardCharsets.UTF_8),
                        null);
                storage.put(
                        dir + "master.m3u8",
                        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=854x480\n" + "480p/index.m3u8\n")
                                .getBytes(StandardCharsets.UTF_8),
                        null);
            }

            HttpResponse<byte[]> playlist = get(master);
            assertThat(playlist.statusCode()).as(text(playlist)).isEqualTo(200);
            assertThat(playlist.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
            assertThat(playlist.headers().firstValue("Cache-Control")).hasValue("no-cache");
            List<String> variants = text(playlist)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
            assertThat(variants).isNotEmpty().allSatisfy(uri -> assertThat(uri).startsWith(session + "/"));

            // A player resolves the variant against the master's URL, then a segment against the variant's.
            String variant = "/live/" + id + "/" + variants.get(0);
            HttpResponse<byte[]> media = get(variant);
            assertThat(media.statusCode()).isEqualTo(200);
            assertThat(media.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
            String firstSegment = text(media)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .findFirst()
                    .orElseThrow();
            String segmentPath = variant.substring(0, variant.lastIndexOf('/') + 1) + firstSegment;
            HttpResponse<byte[]> whole = get(segmentPath);
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
            HttpResponse<byte[]> part = get(segmentPath, "Range", "bytes=100-199");
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 100, 200));

            assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ffmpeg.exitValue())
                    .as(Files.readString(data.resolve("ffmpeg.log")))
                    .isZero();
            String status = "live";
            for (int i = 0; i < 100 && "live".equals(status); i++) {
                Thread.sleep(50);
                status = new JsonObject(text(get("/api/streams/" + id))).getString("status");
            }
            assertThat(status).isEqualTo("reconnecting");
            assertThat(get(master).statusCode())
                    .as("playable through a short drop")
                    .isEqualTo(200);
        } finally {
            tokenVertx.close();
        }
    }
}
