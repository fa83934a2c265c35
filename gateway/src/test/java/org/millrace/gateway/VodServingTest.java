package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.PlaybackQuery;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.bus.VideoPlayback;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.security.PlaybackTokens;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.Storage;

/**
 * {@code /vod} over the real gateway and LocalStorage in a temporary directory holding a recording's files as the
 * recorder leaves them. The vod service's {@code VIDEOS_PLAYBACK} is answered by a responder in the test that
 * replies as the contract says, for a public, an unlisted and a private video.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VodServingTest {
    private static final String PUBLIC = "PublicVideo0001";
    private static final String UNLISTED = "UnlistedVideo01";
    private static final String PRIVATE = "PrivateVideo001";
    private static final String CHANGING = "ChangingVideo01";
    private static final String FAILING = "FailingVideo001";
    private static final String SECRET = "TOP-SECRET-OUTSIDE-VOD";
    private static final String MASTER =
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",DEFAULT=YES,URI="audio/vod.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,AUDIO="aac"
            720p/vod.m3u8
            """;
    private static final String MEDIA =
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:2
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-MAP:URI="init-0.mp4"
            #EXTINF:2.000,
            1.m4s
            #EXTINF:2.000,
            2.m4s
            #EXT-X-ENDLIST
            """;
    /** Every path a player or the web app asks for, as the shared contract lists them. */
    private static final List<String> PATHS = List.of(
            "master.m3u8",
            "720p/vod.m3u8",
            "audio/vod.m3u8",
            "720p/init-0.mp4",
            "720p/1.m4s",
            "audio/1.m4s",
            "video.mp4",
            "poster.jpg",
            "thumbs/0.jpg");

    private final byte[] mp4 = new byte[700_000];
    private final byte[] segment = new byte[50_000];
    private final byte[] init = "ftyp-moov".getBytes(StandardCharsets.US_ASCII);
    private final byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 9, 8, 7};
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicReference<String> changingVisibility = new AtomicReference<>("public");

    private MetricsRegistry metrics;
    private Vertx vertx;
    private WebClient client;
    private PlaybackTokens tokens;
    private MillraceConfig config;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        new Random(11).nextBytes(mp4);
        new Random(12).nextBytes(segment);
        config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1"))
                .load();
        tokens = new PlaybackTokens(config.jwtSecret());
        metrics = new MetricsRegistry();
        vertx = VertxFactory.create(metrics.registry());
        Storage storage = new LocalStorage(data.resolve("storage"));
        Files.writeString(data.resolve("secret.mp4"), SECRET); // beside the storage root
        for (String n : List.of("1", "2")) {
            String hls = "live/Stream" + n + "/Session" + n + "/";
            storage.put(hls + "vod.m3u8", MASTER.getBytes(StandardCharsets.UTF_8), null);
            for (String rendition : List.of("720p", "audio")) {
                storage.put(hls + rendition + "/vod.m3u8", MEDIA.getBytes(StandardCharsets.UTF_8), null);
                storage.put(hls + rendition + "/init-0.mp4", init, null);
                storage.put(hls + rendition + "/1.m4s", segment, null);
            }
            storage.put(hls + "master.m3u8", SECRET.getBytes(StandardCharsets.UTF_8), null);
            storage.put("recordings/r" + n + "/video.mp4", mp4, null);
            storage.put("recordings/r" + n + "/poster.jpg", jpeg, null);
            storage.put("recordings/r" + n + "/thumbs/0.jpg", jpeg, null);
        }
        storage.put("secret.mp4", SECRET.getBytes(StandardCharsets.UTF_8), null);
        ServiceEndpoint.bind(vertx.eventBus(), Addresses.VIDEOS_PLAYBACK, request -> {
            lookups.incrementAndGet();
            String id = PlaybackQuery.fromJson(request.bodyObject()).videoId();
            return switch (id) {
                case PUBLIC -> Future.succeededFuture(ServiceResponse.ok(playback(id, "public", "1")));
                case UNLISTED -> Future.succeededFuture(ServiceResponse.ok(playback(id, "unlisted", "1")));
                case PRIVATE -> Future.succeededFuture(ServiceResponse.ok(playback(id, "private", "2")));
                case CHANGING ->
                    Future.succeededFuture(ServiceResponse.ok(playback(id, changingVisibility.get(), "2")));
                case FAILING -> throw ServiceException.unavailable("the database is down");
                default -> throw ServiceException.notFound("no such video");
            };
        });
        GatewayVerticle gateway = new GatewayVerticle(config, List.of(), List.of(), metrics, "webroot", storage);
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        client = WebClient.create(
                vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.actualPort()));
    }

    /** The {@code VIDEOS_PLAYBACK} answer for a video whose files are the set numbered {@code n}. */
    private static JsonObject playback(String id, String visibility, String n) {
        return new VideoPlayback(
                        id,
                        visibility,
                        "u-" + n,
                        "live/Stream" + n + "/Session" + n + "/",
                        "vod.m3u8",
                        "recordings/r" + n + "/video.mp4",
                        "recordings/r" + n + "/poster.jpg",
                        "recordings/r" + n + "/thumbs/")
                .toJson();
    }

    @AfterAll
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private HttpResponse<Buffer> send(HttpMethod method, String uri, String... headerPairs) throws Exception {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        return client.request(method, uri).putHeaders(headers).send().await(20, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> get(String uri, String... headers) throws Exception {
        return send(HttpMethod.GET, uri, headers);
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo(code);
    }

    /** An error body without its request id: what a caller can compare between two answers. */
    private static JsonObject errorOf(HttpResponse<Buffer> response) {
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error").copy();
        error.remove("requestId");
        return error.put("status", response.statusCode());
    }

    @Test
    void playlistsAreGzippedWhenAskedAndMediaNever() throws Exception {
        String base = "/vod/" + PUBLIC + "/";
        HttpResponse<Buffer> plain = get(base + "720p/vod.m3u8");
        HttpResponse<Buffer> gzip = get(base + "720p/vod.m3u8", "Accept-Encoding", "gzip");
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzip.getHeader("Vary")).isEqualTo("Accept-Encoding");
        assertThat(gunzip(gzip)).isEqualTo(MEDIA).isEqualTo(plain.bodyAsString());
        assertThat(plain.getHeader("Content-Encoding")).isIn(null, "identity");
        // The gzip answer's validator is the weak form of the plain one's, and still answers a revalidation.
        assertThat(gzip.getHeader("ETag")).isEqualTo("W/" + plain.getHeader("ETag"));
        assertThat(get(base + "720p/vod.m3u8", "Accept-Encoding", "gzip", "If-None-Match", gzip.getHeader("ETag"))
                        .statusCode())
                .isEqualTo(304);
        String token = tokens.issue(PRIVATE);
        String signed = "/vod/" + PRIVATE + "/720p/vod.m3u8?token=" + token;
        HttpResponse<Buffer> privateGzip = get(signed, "Accept-Encoding", "gzip");
        assertThat(privateGzip.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(privateGzip)).isEqualTo(get(signed).bodyAsString()).contains("1.m4s?token=" + token);
        HttpResponse<Buffer> segment = get(base + "720p/1.m4s", "Accept-Encoding", "gzip");
        assertThat(segment.getHeader("Content-Encoding")).isIn(null, "identity");
        assertThat(segment.body().getBytes())
                .isEqualTo(get(base + "720p/1.m4s").body().getBytes());
    }

    static String gunzip(HttpResponse<Buffer> response) throws java.io.IOException {
        return new String(
                new java.util.zip.GZIPInputStream(
                                new java.io.ByteArrayInputStream(response.body().getBytes()))
                        .readAllBytes(),
                StandardCharsets.UTF_8);
    }

    @Test
    void publicAndUnlistedVideosServeEveryFileTypedAndCached() throws Exception {
        record Expected(String path, String type, String cache, byte[] bytes) {}
        String media = "public, max-age=60";
        for (String video : List.of(PUBLIC, UNLISTED)) {
            for (Expected e : List.of(
                    new Expected(
                            "master.m3u8",
                            "application/vnd.apple.mpegurl",
                            "public, max-age=60",
                            MASTER.getBytes(StandardCharsets.UTF_8)),
                    new Expected(
                            "720p/vod.m3u8",
                            "application/vnd.apple.mpegurl",
                            "public, max-age=60",
                            MEDIA.getBytes(StandardCharsets.UTF_8)),
                    new Expected(
                            "audio/vod.m3u8",
                            "application/vnd.apple.mpegurl",
                            "public, max-age=60",
                            MEDIA.getBytes(StandardCharsets.UTF_8)),
                    new Expected("720p/init-0.mp4", "video/mp4", media, init),
                    new Expected("720p/1.m4s", "video/mp4", media, segment),
                    new Expected("video.mp4", "video/mp4", media, mp4),
                    new Expected("poster.jpg", "image/jpeg", "public, max-age=60", jpeg),
                    new Expected("thumbs/0.jpg", "image/jpeg", "public, max-age=60", jpeg))) {
                String uri = "/vod/" + video + "/" + e.path();
                HttpResponse<Buffer> response = get(uri);
                assertThat(response.statusCode()).as(uri).isEqualTo(200);
                assertThat(response.getHeader("Content-Type")).as(uri).isEqualTo(e.type());
                assertThat(response.getHeader("Cache-Control")).as(uri).isEqualTo(e.cache());
                assertThat(response.getHeader("ETag")).as(uri).isNotBlank();
                assertThat(response.body().getBytes()).as(uri).isEqualTo(e.bytes());
            }
        }
        HttpResponse<Buffer> head = send(HttpMethod.HEAD, "/vod/" + PUBLIC + "/video.mp4");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.getHeader("Content-Length")).isEqualTo(Integer.toString(mp4.length));
        assertThat(head.body()).isNull();
        HttpResponse<Buffer> cached = get(
                "/vod/" + PUBLIC + "/poster.jpg",
                "If-None-Match",
                get("/vod/" + PUBLIC + "/poster.jpg").getHeader("ETag"));
        assertThat(cached.statusCode()).isEqualTo(304);
    }

    @Test
    void theMp4IsServedInRanges() throws Exception {
        String uri = "/vod/" + PUBLIC + "/video.mp4";
        HttpResponse<Buffer> middle = get(uri, "Range", "bytes=100-199");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.getHeader("Content-Range")).isEqualTo("bytes 100-199/" + mp4.length);
        assertThat(middle.getHeader("Accept-Ranges")).isEqualTo("bytes");
        assertThat(middle.body().getBytes()).isEqualTo(Arrays.copyOfRange(mp4, 100, 200));

        HttpResponse<Buffer> tail = get(uri, "Range", "bytes=-1000");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body().getBytes()).isEqualTo(Arrays.copyOfRange(mp4, mp4.length - 1000, mp4.length));

        HttpResponse<Buffer> open = get(uri, "Range", "bytes=600000-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body().getBytes()).isEqualTo(Arrays.copyOfRange(mp4, 600_000, mp4.length));

        HttpResponse<Buffer> beyond = get(uri, "Range", "bytes=" + mp4.length + "-");
        assertError(beyond, 416, "range_not_satisfiable");
        assertThat(beyond.getHeader("Content-Range")).isEqualTo("bytes */" + mp4.length);

        HttpResponse<Buffer> headRange = send(HttpMethod.HEAD, uri, "Range", "bytes=0-9");
        assertThat(headRange.statusCode()).isEqualTo(206);
        assertThat(headRange.getHeader("Content-Range")).isEqualTo("bytes 0-9/" + mp4.length);

        String signed = "/vod/" + PRIVATE + "/video.mp4?token=" + tokens.issue(PRIVATE);
        HttpResponse<Buffer> privateRange = get(signed, "Range", "bytes=5-14");
        assertThat(privateRange.statusCode()).isEqualTo(206);
        assertThat(privateRange.body().getBytes()).isEqualTo(Arrays.copyOfRange(mp4, 5, 15));
        assertThat(privateRange.getHeader("Cache-Control")).matches("private, max-age=\\d+");
    }

    @Test
    void aPrivateVideoIsExactlyAsMissingAsNoVideoForAStranger() throws Exception {
        JsonObject missing = errorOf(get("/vod/NoSuchVideo0001/master.m3u8"));
        assertThat(missing.getInteger("status")).isEqualTo(404);
        assertThat(missing.getString("code")).isEqualTo("not_found");
        String otherVideos = tokens.issue(PUBLIC);
        String valid = tokens.issue(PRIVATE);
        String expired = new PlaybackTokens(
                        config.jwtSecret(),
                        Duration.ofHours(4),
                        Clock.fixed(Instant.now().minus(Duration.ofHours(6)), ZoneOffset.UTC))
                .issue(PRIVATE);
        String otherSecret = new PlaybackTokens(
                        "another-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8))
                .issue(PRIVATE);
        String forged = valid.substring(0, valid.indexOf('.') + 1) + "A".repeat(32);
        String extended =
                (Long.parseLong(valid.substring(0, valid.indexOf('.'))) + 86_400) + valid.substring(valid.indexOf('.'));
        for (String path : PATHS) {
            assertThat(errorOf(get("/vod/NoSuchVideo0001/" + path))).as(path).isEqualTo(missing);
            for (String query : List.of(
                    "",
                    "?token=",
                    "?token=" + otherVideos,
                    "?token=" + expired,
                    "?token=" + otherSecret,
                    "?token=" + forged,
                    "?token=" + extended,
                    "?token=garbage",
                    "?tok=" + valid)) {
                String uri = "/vod/" + PRIVATE + "/" + path + query;
                HttpResponse<Buffer> response = get(uri);
                assertThat(errorOf(response)).as(uri).isEqualTo(missing);
                assertThat(response.getHeader("Cache-Control")).as(uri).isEqualTo("no-store");
                assertThat(send(HttpMethod.HEAD, uri).statusCode())
                        .as("HEAD " + uri)
                        .isEqualTo(404);
            }
            // A query Vert.x cannot decode is refused before any route runs, video or not.
            assertThat(errorOf(get("/vod/" + PRIVATE + "/" + path + "?token=%%%")))
                    .isEqualTo(errorOf(get("/vod/NoSuchVideo0001/" + path + "?token=%%%")));
            HttpResponse<Buffer> owner = get("/vod/" + PRIVATE + "/" + path + "?token=" + valid);
            assertThat(owner.statusCode()).as(path).isEqualTo(200);
            long maxAge = Long.parseLong(owner.getHeader("Cache-Control").replace("private, max-age=", ""));
            assertThat(maxAge).as(path).isBetween(1L, 3600L);
        }
    }

    @Test
    void aPrivateVideosPlaylistsCarryTheTokenIntoEveryUri() throws Exception {
        String token = tokens.issue(PRIVATE);
        String base = "/vod/" + PRIVATE + "/";
        HttpResponse<Buffer> master = get(base + "master.m3u8?token=" + token);
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.getHeader("Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(master.bodyAsString())
                .isEqualTo(MASTER.replace("audio/vod.m3u8", "audio/vod.m3u8?token=" + token)
                        .replace("720p/vod.m3u8", "720p/vod.m3u8?token=" + token));

        // What a player asks next, resolved against the master's URL, plays on.
        String variant = master.bodyAsString()
                .lines()
                .filter(l -> l.startsWith("720p/"))
                .findFirst()
                .orElseThrow();
        HttpResponse<Buffer> media = get(base + variant);
        assertThat(media.statusCode()).isEqualTo(200);
        assertThat(media.bodyAsString())
                .isEqualTo(MEDIA.replace("init-0.mp4", "init-0.mp4?token=" + token)
                        .replace("1.m4s", "1.m4s?token=" + token)
                        .replace("2.m4s", "2.m4s?token=" + token));
        String first = media.bodyAsString()
                .lines()
                .filter(l -> l.contains(".m4s"))
                .findFirst()
                .orElseThrow();
        HttpResponse<Buffer> fragment = get(base + "720p/" + first);
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body().getBytes()).isEqualTo(segment);

        HttpResponse<Buffer> head = send(HttpMethod.HEAD, base + "master.m3u8?token=" + token);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isNull();
        // A public video's playlists are served as stored, a token or not.
        assertThat(get("/vod/" + PUBLIC + "/master.m3u8?token=" + token).bodyAsString())
                .isEqualTo(MASTER);
    }

    @Test
    void mediaRequestsRideOnARecentAnswerButPlaylistsAlwaysAsk() throws Exception {
        changingVisibility.set("public");
        String base = "/vod/" + CHANGING + "/";
        int before = lookups.get();
        assertThat(get(base + "master.m3u8").statusCode()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(get(base + "720p/1.m4s").statusCode()).isEqualTo(200);
            assertThat(get(base + "video.mp4", "Range", "bytes=0-99").statusCode())
                    .isEqualTo(206);
        }
        assertThat(lookups.get() - before)
                .as("bus hops for one playlist and ten media requests")
                .isEqualTo(1);

        // Made private: the next playlist request asks again and refuses; media follow the fresh answer.
        changingVisibility.set("private");
        assertError(get(base + "master.m3u8"), 404, "not_found");
        assertError(get(base + "720p/1.m4s"), 404, "not_found");
        assertThat(get(base + "720p/1.m4s?token=" + tokens.issue(CHANGING)).statusCode())
                .isEqualTo(200);
        assertThat(lookups.get() - before).isEqualTo(2);
    }

    @Test
    void unknownFilesServiceFailuresAndTraversalNeverLeakAFile() throws Exception {
        for (String path : List.of(
                "index.m3u8",
                "720p/index.m3u8",
                "master.m3u8x",
                "thumb.jpg",
                "720p/3.m4s",
                "audio/init-9.mp4",
                "thumbs/1.jpg",
                "notes.txt",
                "720p")) {
            assertError(get("/vod/" + PUBLIC + "/" + path), 404, "not_found");
        }
        assertError(get("/vod/" + FAILING + "/720p/1.m4s"), 503, "service_unavailable");
        String base = "/vod/" + PUBLIC + "/";
        for (String uri : List.of(
                base + "../../recordings/r2/video.mp4",
                base + "../../../secret.mp4",
                base + "%2e%2e/%2e%2e/recordings/r2/video.mp4",
                base + "..%2f..%2frecordings%2fr2%2fvideo.mp4",
                base + "..%2F..%2F..%2Fsecret.mp4",
                base + "720p/..%5c..%5c..%5c..%5csecret.mp4",
                base + "/etc/passwd",
                base + "%2fsecret.mp4",
                base + ".tmp-0123.m4s",
                base + "720p/../../../../secret.mp4",
                "/vod/..%2f..%2frecordings/r2/video.mp4/x",
                "/vod/%2e%2e/%2e%2e/secret.mp4",
                "/vod/" + PUBLIC + "%00/video.mp4",
                "/vod/" + PRIVATE + "/..%2f..%2f..%2frecordings%2fr2%2fvideo.mp4")) {
            HttpResponse<Buffer> response = get(uri);
            assertThat(response.statusCode()).as(uri).isIn(400, 404);
            assertThat(response.getHeader("Content-Type")).as(uri).startsWith("application/json");
            assertThat(response.bodyAsString()).as(uri).doesNotContain(SECRET);
        }
        assertError(get(base + "..%2f..%2frecordings%2fr2%2fvideo.mp4"), 400, "invalid_path");
    }
}
