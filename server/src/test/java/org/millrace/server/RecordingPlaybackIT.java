package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.testkit.MediaChecks;

/**
 * Issue 6's acceptance for recording, end to end through the all-in-one server: 30 s published over SRT with
 * Debian's ffmpeg become, once the reconnect grace closes, a listed video whose MP4 starts with {@code moov}, decodes
 * and lasts 30 s, whose poster is a real picture of the stream, and whose HLS plays (and seeks) in hls.js in headless
 * Chromium. Made private, it is a 404 for strangers on every path and plays for its owner through signed URLs.
 */
class RecordingPlaybackIT {
    private static final int SECONDS = 30;
    private static final int GRACE_SECONDS = 3;
    /** The issue's bound: listed within 10 s of the grace window closing. */
    private static final Duration LISTED_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path data;

    @Test
    void aPublishedSessionBecomesAPlayableVideo() throws Exception {
        Path e2e = BrowserRun.e2eDir();
        Path artifacts = BrowserRun.artifacts();
        Files.deleteIfExists(artifacts.resolve("vod-playback.png"));
        Path ts = TestMedia.testPattern(data.resolve("pattern.ts"), SECONDS);

        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_SRT_PORT",
                        "0",
                        "MILLRACE_RECONNECT_GRACE_SECONDS",
                        Integer.toString(GRACE_SECONDS)))
                .load();
        try (AllInOneServer server = AllInOneServer.start(config);
                ApiClient api = new ApiClient(config, server.httpPort())) {
            String owner = api.token("u-rita", "rita");
            JsonObject stream = api.json("POST", "/api/streams", owner, new JsonObject().put("title", "Recorded show"));
            String streamId = stream.getString("id");
            String srtUrl =
                    stream.getString("srtUrl").replaceFirst("//[^/?]+\\?", "//127.0.0.1:" + server.srtPort() + "?");

            Process ffmpeg = TestMedia.publish(ts, srtUrl, artifacts.resolve("recording-ffmpeg.log"));
            assertThat(ffmpeg.waitFor(SECONDS + 30, TimeUnit.SECONDS))
                    .as("ffmpeg published the whole file")
                    .isTrue();
            assertThat(ffmpeg.exitValue())
                    .as(Files.readString(artifacts.resolve("recording-ffmpeg.log")))
                    .isZero();

            long offlineAt = awaitOffline(api, streamId);
            JsonObject video = awaitVideo(api, owner, "u-rita");
            long listedAfter = System.nanoTime() - offlineAt;
            assertThat(Duration.ofNanos(listedAfter))
                    .as("listed after the grace closed")
                    .isLessThan(LISTED_WITHIN);
            String id = video.getString("id");
            assertThat(video.getString("title")).startsWith("Recorded show");
            assertThat(video.getString("streamId")).isEqualTo(streamId);
            assertThat(video.getString("visibility")).isEqualTo("public");
            assertThat(video.getDouble("durationSeconds")).isCloseTo(SECONDS, within(0.5));
            assertThat(video.getInteger("width")).isEqualTo(1280);
            assertThat(video.getInteger("height")).isEqualTo(720);

            JsonObject recordings = api.json("GET", "/api/recordings", owner, null);
            JsonObject recording = recordings.getJsonArray("items").getJsonObject(0);
            assertThat(recording.getString("status")).isEqualTo("ready");
            assertThat(recording.getString("videoId")).isEqualTo(id);

            // The MP4: fast start, whole, decodable, and served with ranges.
            HttpResponse<byte[]> mp4 = api.bytes(video.getString("mp4Url"), Map.of());
            assertThat(mp4.statusCode()).isEqualTo(200);
            List<String> boxes = MediaChecks.topLevelBoxes(mp4.body());
            assertThat(boxes).contains("moov", "mdat");
            assertThat(boxes.indexOf("moov")).as("moov before mdat: " + boxes).isLessThan(boxes.indexOf("mdat"));
            Path file = Files.write(data.resolve("video.mp4"), mp4.body());
            assertThat(MediaChecks.duration(file)).isCloseTo(SECONDS, within(0.5));
            assertThat(MediaChecks.decodeErrors(file))
                    .as("ffmpeg decode errors")
                    .isEmpty();
            HttpResponse<byte[]> range = api.bytes(video.getString("mp4Url"), Map.of("Range", "bytes=100-199"));
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).hasSize(100);

            // The poster: a JPEG of the test pattern (colourful, so far from one flat colour).
            HttpResponse<byte[]> poster = api.bytes(video.getString("posterUrl"), Map.of());
            assertThat(poster.statusCode()).isEqualTo(200);
            assertThat(poster.headers().firstValue("content-type")).hasValue("image/jpeg");
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(poster.body()));
            assertThat(picture).isNotNull();
            assertThat(picture.getWidth() * 9).isEqualTo(picture.getHeight() * 16);
            assertThat(distinctColours(picture))
                    .as("a picture, not a flat frame")
                    .isGreaterThan(50);

            JsonObject played = BrowserRun.run(
                    e2e,
                    "vod-playback.mjs",
                    api.base,
                    video.getString("hlsUrl"),
                    artifacts.resolve("vod-playback.png"));
            assertThat(played.getBoolean("ok")).isTrue();
            assertThat(played.getDouble("duration")).isCloseTo(SECONDS, within(1.0));
            assertThat(played.getDouble("afterSeek")).isGreaterThanOrEqualTo(22.0);

            privateVideoIsHiddenFromStrangers(api, owner, video, streamId, recording.getString("sessionId"));
        }
    }

    private void privateVideoIsHiddenFromStrangers(
            ApiClient api, String owner, JsonObject video, String streamId, String sessionId) throws Exception {
        String id = video.getString("id");
        String master = api.get(video.getString("hlsUrl"), null).body();
        String rendition = master.lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .findFirst()
                .orElseThrow();
        String media = api.get("/vod/" + id + "/" + rendition, null).body();
        String segment =
                media.lines().filter(l -> l.endsWith(".m4s")).findFirst().orElseThrow();
        String renditionDir = rendition.substring(0, rendition.lastIndexOf('/') + 1);
        List<String> paths = List.of(
                "/vod/" + id + "/master.m3u8",
                "/vod/" + id + "/" + rendition,
                "/vod/" + id + "/" + renditionDir + segment,
                "/vod/" + id + "/video.mp4",
                "/vod/" + id + "/poster.jpg",
                "/live/" + streamId + "/" + sessionId + "/" + renditionDir + segment);
        for (String path : paths) {
            assertThat(api.get(path, null).statusCode())
                    .as("public video: " + path)
                    .isEqualTo(path.startsWith("/live/") ? 404 : 200);
        }

        api.json("PATCH", "/api/videos/" + id, owner, new JsonObject().put("visibility", "private"));
        String stranger = api.token("u-sam", "sam");
        for (String token : new String[] {null, stranger}) {
            assertThat(api.get("/api/videos/" + id, token).statusCode()).isEqualTo(404);
            for (String path : paths) {
                assertThat(api.get(path, token).statusCode())
                        .as("private video, stranger: " + path)
                        .isEqualTo(404);
            }
            JsonArray listed = api.json("GET", "/api/videos", token, null).getJsonArray("items");
            assertThat(listed.stream().map(v -> ((JsonObject) v).getString("id")))
                    .doesNotContain(id);
        }

        // The owner gets signed URLs; every URI inside the playlists carries the token too.
        JsonObject mine = api.json("GET", "/api/videos/" + id, owner, null);
        String hlsUrl = mine.getString("hlsUrl");
        assertThat(hlsUrl).contains("token=");
        HttpResponse<String> signedMaster = api.get(hlsUrl, null);
        assertThat(signedMaster.statusCode()).isEqualTo(200);
        String signedRendition = signedMaster
                .body()
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .findFirst()
                .orElseThrow();
        assertThat(signedRendition).contains("token=");
        HttpResponse<String> signedMedia = api.get("/vod/" + id + "/" + signedRendition, null);
        assertThat(signedMedia.statusCode()).isEqualTo(200);
        String signedSegment = signedMedia
                .body()
                .lines()
                .filter(l -> l.contains(".m4s"))
                .findFirst()
                .orElseThrow();
        assertThat(signedSegment).contains("token=");
        String dir = signedRendition.substring(0, signedRendition.lastIndexOf('/') + 1);
        assertThat(api.bytes("/vod/" + id + "/" + dir + signedSegment, Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(api.bytes(mine.getString("mp4Url"), Map.of()).statusCode()).isEqualTo(200);
        assertThat(api.bytes(mine.getString("posterUrl"), Map.of()).statusCode())
                .isEqualTo(200);
    }

    /** Waits for the stream to go offline (the grace closed) and answers when it was seen so. */
    private static long awaitOffline(ApiClient api, String streamId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS + 30);
        while (System.nanoTime() < deadline) {
            if ("offline"
                    .equals(api.json("GET", "/api/streams/" + streamId, null, null)
                            .getString("status"))) {
                return System.nanoTime();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the stream did not go offline after the publisher left");
    }

    /** Waits for the owner's first video to be listed. */
    static JsonObject awaitVideo(ApiClient api, String token, String ownerId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonArray items =
                    api.json("GET", "/api/videos?owner=" + ownerId, token, null).getJsonArray("items");
            if (!items.isEmpty()) {
                return items.getJsonObject(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no video listed; recordings: "
                + api.get("/api/recordings", token).body());
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y) & 0xF0F0F0);
            }
        }
        return colours.size();
    }
}
