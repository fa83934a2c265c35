package org.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;

/**
 * nginx/millrace.conf.template as a caching edge (Debian's nginx, its own prefix and cache dir) in front of the
 * all-in-one server, with Debian's ffmpeg publishing over SRT: a second viewer's segment is a cache hit, N viewers
 * asking at once for a new segment or an LL-HLS delta playlist cost the gateway one request, playlists are never
 * older than their max-age, gzip and plain variants stay apart, a private video's signed files never enter the shared
 * cache, and a video made private stops being served by the edge within its files' max-age (60 s), as do the live
 * files of the session that ended (its recording may be private too; the gateway refuses them at once).
 */
class NginxEdgeIT {
    private static final int SECONDS = 20;
    private static final int VIEWERS = 16;

    @TempDir
    Path data;

    @TempDir
    Path nginxDir;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theEdgeSharesWhatIsPublicCollapsesMissesAndNeverSharesPrivateMedia() throws Exception {
        Path ts = TestMedia.smallPattern(data.resolve("pattern.ts"), SECONDS);
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
                        "3"))
                .load();
        try (AllInOneServer server = AllInOneServer.start(config);
                ApiClient api = new ApiClient(config, server.httpPort())) {
            int port = FreePorts.tcp();
            Process nginx = NginxSite.start(
                    nginxDir,
                    nginxDir,
                    "127.0.0.1:" + server.httpPort(),
                    port,
                    "$request_uri $status $upstream_cache_status $upstream_addr");
            String edge = "http://127.0.0.1:" + port;
            String origin = "http://127.0.0.1:" + server.httpPort();
            try {
                String owner = api.token("u-edna", "edna");
                JsonObject stream = api.json("POST", "/api/streams", owner, new JsonObject().put("title", "Edge show"));
                String streamId = stream.getString("id");
                String srtUrl =
                        stream.getString("srtUrl").replaceFirst("//[^/?]+\\?", "//127.0.0.1:" + server.srtPort() + "?");
                Process ffmpeg = TestMedia.publish(ts, srtUrl, data.resolve("ffmpeg.log"));
                api.awaitStreamStatus(streamId, "live", 30);
                String liveSegment = live(edge, origin, streamId);
                assertThat(ffmpeg.waitFor(SECONDS + 30, TimeUnit.SECONDS)).isTrue();
                api.awaitStreamStatus(streamId, "offline", 30);
                long ended = System.nanoTime();
                // The ended session's file: the gateway refuses it at once, the edge still holds its copy.
                assertThat(bytes(origin + liveSegment, Map.of()).statusCode()).isEqualTo(404);
                assertThat(bytes(edge + liveSegment, Map.of()).headers().firstValue("X-Cache-Status"))
                        .hasValue("HIT");
                JsonObject video = RecordingPlaybackIT.awaitVideo(api, owner, "u-edna");
                vod(api, edge, owner, video.getString("id"), Map.of(liveSegment, ended));
            } finally {
                nginx.destroy();
                nginx.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** @return the path of a live segment the edge now holds */
    private String live(String edge, String origin, String streamId) throws Exception {
        String masterPath = "/live/" + streamId + "/master.m3u8";
        String rendition = awaitRendition(origin + masterPath);
        String playlistPath = "/live/" + streamId + "/" + rendition;
        String dir = playlistPath.substring(0, playlistPath.lastIndexOf('/') + 1);

        // The live master says no-cache: the edge asks the gateway every time, so it is never stale. It bypasses the
        // cache altogether (no X-Cache-Status): through the cache lock, viewers joining at once would be let through
        // one at a time, 500 ms apart.
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> master = text(edge + masterPath, Map.of());
            assertThat(master.statusCode()).isEqualTo(200);
            assertThat(master.headers().firstValue("X-Cache-Status")).isEmpty();
            assertThat(master.body())
                    .isEqualTo(text(origin + masterPath, Map.of()).body());
        }

        // A second viewer's segment is served by the edge, not the gateway.
        String playlist = awaitSegments(origin + playlistPath);
        String segment = playlist.lines()
                .filter(l -> l.matches("\\d+\\.m4s"))
                .reduce((a, b) -> b)
                .orElseThrow();
        HttpResponse<byte[]> first = bytes(edge + dir + segment, Map.of());
        HttpResponse<byte[]> second = bytes(edge + dir + segment, Map.of());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        assertThat(second.headers().firstValue("X-Cache-Status")).hasValue("HIT");
        assertThat(second.body())
                .isEqualTo(first.body())
                .isEqualTo(bytes(origin + dir + segment, Map.of()).body());
        assertThat(upstreamRequests(dir + segment)).isEqualTo(1);

        // N viewers asking at once for a segment that just appeared (nobody fetched it through the edge yet), and
        // for an LL-HLS delta playlist (its own cache entry, query included): one request each reaches the gateway.
        String fresh = awaitNewSegment(origin + playlistPath, segment);
        String newSegment = dir + fresh;
        String delta = playlistPath + "?_HLS_skip=YES";
        List<CompletableFuture<HttpResponse<byte[]>>> asked = new ArrayList<>();
        for (int i = 0; i < VIEWERS; i++) {
            asked.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create(edge + newSegment))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
            asked.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create(edge + delta))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> answer : asked) {
            HttpResponse<byte[]> done = answer.get(30, TimeUnit.SECONDS);
            assertThat(done.statusCode())
                    .as(done.uri() + ": " + new String(done.body()))
                    .isEqualTo(200);
        }
        assertThat(upstreamRequests(newSegment))
                .as("the gateway was asked for the new segment once")
                .isEqualTo(1);
        assertThat(upstreamRequests(delta))
                .as("and for the delta playlist once")
                .isEqualTo(1);
        assertThat(asked.stream()
                        .map(f -> f.join().headers().firstValue("Cache-Control").orElse("")))
                .allSatisfy(cache -> assertThat(cache).startsWith("public"));

        // The media playlist (max-age=1): the edge serves a copy only within its max-age of fetching it, counted in
        // nginx's whole seconds (so under 2 s), then asks the gateway again.
        long lastFill = 0; // when the gateway's answer that filled the edge's copy had arrived
        int hits = 0;
        int fills = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            HttpResponse<String> answer = text(edge + playlistPath, Map.of());
            assertThat(answer.statusCode()).isEqualTo(200);
            String status = answer.headers().firstValue("X-Cache-Status").orElse("");
            if (status.equals("HIT")) {
                hits++;
                assertThat(Duration.ofNanos(sent - lastFill))
                        .as("age of the edge's copy")
                        .isLessThan(Duration.ofMillis(2000));
            } else {
                assertThat(status)
                        .as("asked of the gateway: fetched, or confirmed unchanged")
                        .isIn("MISS", "EXPIRED", "REVALIDATED");
                fills++;
                lastFill = System.nanoTime();
            }
            Thread.sleep(100);
        }
        assertThat(hits).as("the playlist is shared between viewers").isPositive();
        assertThat(fills).as("and refreshed from the gateway").isGreaterThanOrEqualTo(3);
        return dir + segment;
    }

    /** @param leaving more paths the edge must stop serving within 60 s of when (nanoTime) the gateway refused them */
    private void vod(ApiClient api, String edge, String owner, String videoId, Map<String, Long> leaving)
            throws Exception {
        String masterPath = "/vod/" + videoId + "/master.m3u8";
        String rendition = text(edge + masterPath, Map.of())
                .body()
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .findFirst()
                .orElseThrow();
        String playlistPath = "/vod/" + videoId + "/" + rendition;
        String dir = playlistPath.substring(0, playlistPath.lastIndexOf('/') + 1);

        // gzip and plain are two variants, whatever the spelling of Accept-Encoding.
        HttpResponse<byte[]> gzip = bytes(edge + playlistPath, Map.of("Accept-Encoding", "gzip"));
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        HttpResponse<byte[]> plain = bytes(edge + playlistPath, Map.of());
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        HttpResponse<byte[]> spelled = bytes(edge + playlistPath, Map.of("Accept-Encoding", "br, x-gzip;q=0.5"));
        assertThat(spelled.headers().firstValue("X-Cache-Status")).hasValue("HIT");
        assertThat(spelled.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(spelled.body()).isEqualTo(gzip.body());
        HttpResponse<byte[]> refused = bytes(edge + playlistPath, Map.of("Accept-Encoding", "gzip;q=0, br"));
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.body()).isEqualTo(plain.body());

        List<String> segments = new String(plain.body())
                .lines()
                .filter(l -> l.matches("\\d+\\.m4s"))
                .toList();
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        String publicSegment = dir + segments.get(0);
        assertThat(bytes(edge + publicSegment, Map.of()).headers().firstValue("X-Cache-Status"))
                .hasValue("MISS");
        HttpResponse<byte[]> shared = bytes(edge + publicSegment, Map.of());
        assertThat(shared.statusCode()).isEqualTo(200);
        assertThat(shared.headers().firstValue("X-Cache-Status")).hasValue("HIT");

        long madePrivate = System.nanoTime();
        api.json("PATCH", "/api/videos/" + videoId, owner, new JsonObject().put("visibility", "private"));

        // The owner's signed files: private, never stored, never answered from the shared cache.
        String signedMaster =
                api.json("GET", "/api/videos/" + videoId, owner, null).getString("hlsUrl");
        assertThat(signedMaster).contains("token=");
        String signedRendition = text(edge + signedMaster, Map.of())
                .body()
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .findFirst()
                .orElseThrow();
        String signedPlaylist =
                text(edge + "/vod/" + videoId + "/" + signedRendition, Map.of()).body();
        String signedSegment = signedPlaylist
                .lines()
                .filter(l -> l.startsWith(segments.get(1) + "?"))
                .findFirst()
                .orElseThrow();
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> mine = bytes(edge + dir + signedSegment, Map.of());
            assertThat(mine.statusCode()).isEqualTo(200);
            assertThat(mine.headers().firstValue("X-Cache-Status")).hasValue("BYPASS");
            assertThat(mine.headers().firstValue("Cache-Control"))
                    .get()
                    .asString()
                    .startsWith("private");
        }
        // Another user (no token, a forged one, another spelling of the query) gets nothing from that.
        String unsigned = dir + segments.get(1);
        for (String path : List.of(unsigned, unsigned + "?token=forged", unsigned + "?x=1")) {
            HttpResponse<byte[]> stranger = bytes(edge + path, Map.of());
            assertThat(stranger.statusCode()).as(path).isEqualTo(404);
            assertThat(stranger.headers().firstValue("X-Cache-Status"))
                    .as(path)
                    .isNotEqualTo(java.util.Optional.of("HIT"));
        }

        // The copies the edge keeps of the formerly public segment and of the ended session's live segment go within
        // their max-age (60 s, whole seconds), watched together to keep the test short.
        Map<String, Long> going = new java.util.HashMap<>(leaving);
        going.put(publicSegment, madePrivate);
        while (!going.isEmpty()) {
            for (var path : List.copyOf(going.entrySet())) {
                if (bytes(edge + path.getKey(), Map.of()).statusCode() == 200) {
                    assertThat(Duration.ofNanos(System.nanoTime() - path.getValue()))
                            .as(path.getKey() + " still served by the edge")
                            .isLessThan(Duration.ofSeconds(62));
                } else {
                    going.remove(path.getKey());
                }
            }
            Thread.sleep(500);
        }
        for (String path : leaving.keySet()) {
            assertThat(bytes(edge + path, Map.of()).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(bytes(edge + publicSegment, Map.of()).statusCode()).isEqualTo(404);
        assertThat(bytes(edge + masterPath, Map.of()).statusCode()).isEqualTo(404);
    }

    /** The first variant the live master lists, once the transcoder wrote it. */
    private String awaitRendition(String masterUrl) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> master = text(masterUrl, Map.of());
            if (master.statusCode() == 200) {
                return master.body()
                        .lines()
                        .filter(l -> !l.isBlank() && !l.startsWith("#"))
                        .findFirst()
                        .orElseThrow();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no live master");
    }

    /** The rendition's playlist once it lists two segments. */
    private String awaitSegments(String playlistUrl) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> playlist = text(playlistUrl, Map.of());
            body = playlist.body();
            if (playlist.statusCode() == 200 && segments(body).size() >= 2) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no playlist with segments: " + body);
    }

    /** The segment after {@code known}, as soon as the gateway lists it. */
    private String awaitNewSegment(String playlistUrl, String known) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<String> listed = segments(text(playlistUrl, Map.of()).body());
            if (!listed.isEmpty() && !listed.get(listed.size() - 1).equals(known)) {
                return listed.get(listed.size() - 1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no new segment after " + known);
    }

    private static List<String> segments(String playlist) {
        return playlist.lines().filter(l -> l.matches("\\d+\\.m4s")).toList();
    }

    /** How many requests for exactly this URI nginx passed to the gateway (its access log names the upstream). */
    private long upstreamRequests(String uri) throws IOException {
        return Files.readAllLines(nginxDir.resolve("access.log")).stream()
                .map(line -> line.split(" "))
                .filter(f -> f.length == 4 && f[0].equals(uri) && !f[3].equals("-"))
                .count();
    }

    private HttpResponse<String> text(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> bytes(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
