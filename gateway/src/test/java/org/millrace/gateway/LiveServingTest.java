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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.millrace.core.bus.Addresses;
import org.millrace.core.bus.ServiceEndpoint;
import org.millrace.core.bus.ServiceException;
import org.millrace.core.bus.ServiceResponse;
import org.millrace.core.config.ConfigLoader;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.S3Storage;
import org.millrace.core.storage.Storage;
import org.millrace.core.testing.S3ProxyServer;

/**
 * {@code /live} over the real gateway, once with LocalStorage in a temporary directory and once with S3Storage on
 * S3Proxy: the same requests must get the same answers. The streams service's {@code STREAMS_GET} is answered by a
 * responder that replies exactly as the service does (its view's {@code status} and {@code sessionId}, 404
 * {@code no such stream}); the end-to-end test with the real service is {@code AllInOneLiveTest} in the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveServingTest {
    private static final String ORIGIN = "https://app.example.com";
    private static final String LIVE = "LiveStream_00001";
    private static final String SESSION = "Session-00000001";
    private static final String RECONNECTING = "Reconnecting0001";
    private static final String RECONNECTING_SESSION = "Session-00000002";
    private static final String OFFLINE = "OfflineStream001";
    private static final String LIVE_WITHOUT_PLAYLIST = "LiveNoPlaylist01";
    /** An earlier session of {@link #LIVE} and the last one of {@link #OFFLINE}: recordings now, maybe private. */
    private static final String PAST_SESSION = "Session-00000000";

    private static final String FAILING = "FailingStream001";
    private static final String SECRET = "TOP-SECRET-OUTSIDE-LIVE";
    private static final String MASTER =
            """
            #EXTM3U
            #EXT-X-VERSION:6
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="audio",DEFAULT=YES,URI="audio/index.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=1400000,RESOLUTION=854x480,AUDIO="aac"
            480p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,AUDIO="aac"
            720p/index.m3u8
            """;
    private static final String MEDIA_PLAYLIST =
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:1
            #EXTINF:2.000,
            seg00001.ts
            """;

    private final byte[] segment = new byte[3 * 1024 * 1024 + 123]; // several pump chunks
    private final byte[] init = "init-bytes".getBytes(StandardCharsets.US_ASCII);
    private final byte[] fragment = "moof-mdat-bytes".getBytes(StandardCharsets.US_ASCII);
    private final byte[] thumb = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};

    private MetricsRegistry metrics;
    private Vertx vertx;
    private WebClient client;
    private S3ProxyServer s3;
    private Path data;
    private Storage local;
    private Storage remote;
    /** Storage methods the gateway called on an event loop: must stay empty. */
    private final java.util.Queue<String> eventLoopCalls = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final java.util.concurrent.atomic.AtomicInteger streamLookups =
            new java.util.concurrent.atomic.AtomicInteger();
    private int localPort;
    private int s3Port;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        this.data = data;
        new Random(7).nextBytes(segment);
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1",
                        "MILLRACE_CORS_ORIGINS",
                        ORIGIN))
                .load();
        metrics = new MetricsRegistry();
        vertx = VertxFactory.create(metrics.registry());
        s3 = S3ProxyServer.start();
        local = new LocalStorage(data.resolve("storage"));
        remote = new S3Storage(s3.settings("media"));
        // Beside the storage root: what a traversal out of LocalStorage would reach.
        Files.writeString(data.resolve("secret.ts"), SECRET);
        for (Storage storage : List.of(local, remote)) {
            String dir = "live/" + LIVE + "/" + SESSION + "/";
            storage.put(dir + "master.m3u8", MASTER.getBytes(StandardCharsets.UTF_8), null);
            storage.put(dir + "480p/index.m3u8", MEDIA_PLAYLIST.getBytes(StandardCharsets.UTF_8), null);
            storage.put(dir + "480p/seg00001.ts", segment, null);
            storage.put(dir + "720p/init.mp4", init, null);
            storage.put(dir + "720p/seg00001.m4s", fragment, null);
            storage.put(dir + "thumb.jpg", thumb, null);
            storage.put(dir + "notes.txt", SECRET.getBytes(StandardCharsets.UTF_8), null);
            storage.put(
                    "live/" + RECONNECTING + "/" + RECONNECTING_SESSION + "/master.m3u8",
                    MASTER.getBytes(StandardCharsets.UTF_8),
                    null);
            for (String past : List.of(
                    "live/" + LIVE + "/" + PAST_SESSION,
                    "live/" + OFFLINE + "/" + PAST_SESSION,
                    "live/" + RECONNECTING + "/" + RECONNECTING_SESSION)) {
                storage.put(past + "/480p/index.m3u8", MEDIA_PLAYLIST.getBytes(StandardCharsets.UTF_8), null);
                storage.put(past + "/480p/seg00001.ts", fragment, null);
            }
            storage.put("recordings/r1/video.mp4", SECRET.getBytes(StandardCharsets.UTF_8), null);
            storage.put("secret.ts", SECRET.getBytes(StandardCharsets.UTF_8), null);
        }
        ServiceEndpoint.bind(vertx.eventBus(), Addresses.STREAMS_GET, request -> {
            streamLookups.incrementAndGet();
            String id = request.pathParam("id");
            if (LIVE.equals(id)) {
                return Future.succeededFuture(ServiceResponse.ok(view(id, "live", SESSION)));
            } else if (RECONNECTING.equals(id)) {
                return Future.succeededFuture(ServiceResponse.ok(view(id, "reconnecting", RECONNECTING_SESSION)));
            } else if (OFFLINE.equals(id)) {
                return Future.succeededFuture(ServiceResponse.ok(view(id, "offline", null)));
            } else if (LIVE_WITHOUT_PLAYLIST.equals(id)) {
                return Future.succeededFuture(ServiceResponse.ok(view(id, "live", "Session-00000003")));
            } else if (FAILING.equals(id)) {
                throw ServiceException.unavailable("the streams database is down");
            }
            throw ServiceException.notFound("no such stream");
        });
        localPort = deploy(config, local);
        s3Port = deploy(config, remote);
        client = WebClient.create(vertx);
    }

    /** The fields of the streams service's public view that the gateway reads. */
    private static JsonObject view(String id, String status, String sessionId) {
        return new JsonObject()
                .put("id", id)
                .put("status", status)
                .put("sessionId", sessionId)
                .put("playbackUrl", "/live/" + id + "/master.m3u8");
    }

    private int deploy(MillraceConfig config, Storage storage) throws Exception {
        GatewayVerticle gateway =
                new GatewayVerticle(config, List.of(), List.of(), metrics, "webroot", watched(storage));
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        return gateway.actualPort();
    }

    /** The storage, noting every call made on an event-loop thread (they are all blocking). */
    private Storage watched(Storage storage) {
        return (Storage) java.lang.reflect.Proxy.newProxyInstance(
                Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                    if (io.vertx.core.Context.isOnEventLoopThread()) {
                        eventLoopCalls.add(method.getName() + " on "
                                + Thread.currentThread().getName());
                    }
                    try {
                        return method.invoke(storage, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void neverOnTheEventLoop() {
        List<String> calls = List.copyOf(eventLoopCalls);
        eventLoopCalls.clear();
        assertThat(calls).as("storage calls on an event loop").isEmpty();
    }

    @AfterAll
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (remote != null) {
            remote.close();
        }
        if (s3 != null) {
            s3.close();
        }
        metrics.close();
    }

    private HttpResponse<Buffer> send(String backend, HttpMethod method, String path, MultiMap headers)
            throws Exception {
        var request = client.request(method, "s3".equals(backend) ? s3Port : localPort, "127.0.0.1", path);
        if (headers != null) {
            request.putHeaders(headers);
        }
        return request.send().await(20, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> get(String backend, String path) throws Exception {
        return send(backend, HttpMethod.GET, path, null);
    }

    private static MultiMap headers(String... nameValues) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(nameValues[i], nameValues[i + 1]);
        }
        return headers;
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("requestId")).isEqualTo(response.getHeader("X-Request-Id"));
    }

    private static String file(String path) {
        return "/live/" + LIVE + "/" + SESSION + "/" + path;
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void masterOfALiveStreamPointsIntoItsSession(String backend) throws Exception {
        HttpResponse<Buffer> master = get(backend, "/live/" + LIVE + "/master.m3u8");
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.getHeader("Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(master.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(master.bodyAsString())
                .isEqualTo(MASTER.replace("URI=\"audio/", "URI=\"" + SESSION + "/audio/")
                        .replace("\n480p/", "\n" + SESSION + "/480p/")
                        .replace("\n720p/", "\n" + SESSION + "/720p/"));
        // What a player asks next, resolved against the master's URL, is served.
        HttpResponse<Buffer> variant = get(backend, "/live/" + LIVE + "/" + SESSION + "/480p/index.m3u8");
        assertThat(variant.statusCode()).isEqualTo(200);
        assertThat(variant.bodyAsString()).isEqualTo(MEDIA_PLAYLIST);

        HttpResponse<Buffer> reconnecting = get(backend, "/live/" + RECONNECTING + "/master.m3u8");
        assertThat(reconnecting.statusCode())
                .as("a short drop keeps the stream playable")
                .isEqualTo(200);
        assertThat(reconnecting.bodyAsString()).contains(RECONNECTING_SESSION + "/480p/index.m3u8");

        HttpResponse<Buffer> head = send(backend, HttpMethod.HEAD, "/live/" + LIVE + "/master.m3u8", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void offlineUnknownAndNotYetWrittenStreamsAre404(String backend) throws Exception {
        assertError(get(backend, "/live/" + OFFLINE + "/master.m3u8"), 404, "stream_offline");
        assertError(get(backend, "/live/NoSuchStream0001/master.m3u8"), 404, "not_found");
        assertError(get(backend, "/live/" + LIVE_WITHOUT_PLAYLIST + "/master.m3u8"), 404, "playlist_not_ready");
        assertError(get(backend, "/live/bad%20id!/master.m3u8"), 404, "not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void filesHaveTheirTypesCacheHeadersAndValidators(String backend) throws Exception {
        record Expected(String path, String type, String cache, byte[] bytes) {}
        // Never rewritten, but not kept for a year either: an ended session's files leave caches within a minute.
        String media = "public, max-age=60";
        for (Expected e : List.of(
                new Expected(
                        "480p/index.m3u8",
                        "application/vnd.apple.mpegurl",
                        "public, max-age=1",
                        MEDIA_PLAYLIST.getBytes(StandardCharsets.UTF_8)),
                new Expected("480p/seg00001.ts", "video/mp2t", media, segment),
                new Expected("720p/init.mp4", "video/mp4", media, init),
                new Expected("720p/seg00001.m4s", "video/mp4", media, fragment),
                new Expected("thumb.jpg", "image/jpeg", "public, max-age=5", thumb))) {
            HttpResponse<Buffer> response = get(backend, file(e.path()));
            assertThat(response.statusCode()).as(e.path()).isEqualTo(200);
            assertThat(response.getHeader("Content-Type")).as(e.path()).isEqualTo(e.type());
            assertThat(response.getHeader("Cache-Control")).as(e.path()).isEqualTo(e.cache());
            assertThat(response.getHeader("Content-Length")).isEqualTo(Integer.toString(e.bytes().length));
            assertThat(response.getHeader("Accept-Ranges")).isEqualTo("bytes");
            assertThat(response.getHeader("ETag")).as(e.path()).matches("\"[^\"]+\"");
            assertThat(response.getHeader("Last-Modified")).as(e.path()).endsWith(" GMT");
            assertThat(response.body().getBytes()).as(e.path()).isEqualTo(e.bytes());

            HttpResponse<Buffer> cached =
                    send(backend, HttpMethod.GET, file(e.path()), headers("If-None-Match", response.getHeader("ETag")));
            assertThat(cached.statusCode()).as(e.path()).isEqualTo(304);
            assertThat(cached.getHeader("ETag")).isEqualTo(response.getHeader("ETag"));
            assertThat(cached.getHeader("Cache-Control")).isEqualTo(e.cache());
        }
        HttpResponse<Buffer> gzipAsked =
                send(backend, HttpMethod.GET, file("480p/seg00001.ts"), headers("Accept-Encoding", "gzip, deflate"));
        assertThat(gzipAsked.getHeader("Content-Encoding"))
                .as("media is not recompressed")
                .isNotIn("gzip", "deflate");
        assertThat(gzipAsked.body().getBytes()).isEqualTo(segment);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void aPlaylistServedFromStorageIsGzippedWhenAsked(String backend) throws Exception {
        HttpResponse<Buffer> gzip =
                send(backend, HttpMethod.GET, file("480p/index.m3u8"), headers("Accept-Encoding", "gzip"));
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzip.getHeader("Vary")).isEqualTo("Accept-Encoding");
        assertThat(VodServingTest.gunzip(gzip)).isEqualTo(MEDIA_PLAYLIST);
        assertThat(gzip.getHeader("ETag")).startsWith("W/\"");
        HttpResponse<Buffer> plain = get(backend, file("480p/index.m3u8"));
        assertThat(plain.getHeader("Vary")).isEqualTo("Accept-Encoding");
        assertThat(plain.getHeader("Content-Encoding")).isIn(null, "identity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void aViewerLeavingMidSegmentReleasesTheStorageBody(String backend) throws Exception {
        int port = "s3".equals(backend) ? s3Port : localPort;
        for (int i = 0; i < 5; i++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.getOutputStream()
                        .write(("GET " + file("480p/seg00001.ts") + " HTTP/1.1\r\nHost: x\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                assertThat(socket.getInputStream().readNBytes(1000)).hasSize(1000);
            } // closed after a few kilobytes of a 3 MB segment
        }
        if ("local".equals(backend)) {
            Path file = data.resolve("storage/live/" + LIVE + "/" + SESSION + "/480p/seg00001.ts")
                    .toRealPath();
            long deadline = System.currentTimeMillis() + 10_000;
            while (openDescriptorsOf(file) > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(openDescriptorsOf(file)).as("file handles left open").isZero();
        }
        HttpResponse<Buffer> after = get(backend, file("480p/seg00001.ts"));
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body().getBytes()).isEqualTo(segment);
    }

    /** How many of this JVM's file descriptors point at {@code file} (Linux /proc). */
    private static long openDescriptorsOf(Path file) throws java.io.IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(file);
                        } catch (java.io.IOException | UnsupportedOperationException gone) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void rangesAre206And416WhenUnsatisfiable(String backend) throws Exception {
        String path = file("480p/seg00001.ts");
        int size = segment.length;
        HttpResponse<Buffer> middle = send(backend, HttpMethod.GET, path, headers("Range", "bytes=10-19"));
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.getHeader("Content-Range")).isEqualTo("bytes 10-19/" + size);
        assertThat(middle.getHeader("Content-Length")).isEqualTo("10");
        assertThat(middle.getHeader("Content-Type")).isEqualTo("video/mp2t");
        assertThat(middle.body().getBytes()).isEqualTo(Arrays.copyOfRange(segment, 10, 20));

        HttpResponse<Buffer> tail = send(backend, HttpMethod.GET, path, headers("Range", "bytes=-100"));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.getHeader("Content-Range")).isEqualTo("bytes " + (size - 100) + "-" + (size - 1) + "/" + size);
        assertThat(tail.body().getBytes()).isEqualTo(Arrays.copyOfRange(segment, size - 100, size));

        HttpResponse<Buffer> open = send(backend, HttpMethod.GET, path, headers("Range", "bytes=1000000-"));
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body().getBytes()).isEqualTo(Arrays.copyOfRange(segment, 1_000_000, size));

        HttpResponse<Buffer> beyond = send(backend, HttpMethod.GET, path, headers("Range", "bytes=" + size + "-"));
        assertError(beyond, 416, "range_not_satisfiable");
        assertThat(beyond.getHeader("Content-Range")).isEqualTo("bytes */" + size);

        HttpResponse<Buffer> stale =
                send(backend, HttpMethod.GET, path, headers("Range", "bytes=0-9", "If-Range", "\"another-version\""));
        assertThat(stale.statusCode())
                .as("If-Range of another version: the whole file")
                .isEqualTo(200);
        assertThat(stale.body().length()).isEqualTo(size);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void headAnswersHeadersWithoutABody(String backend) throws Exception {
        HttpResponse<Buffer> head = send(backend, HttpMethod.HEAD, file("480p/seg00001.ts"), null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.getHeader("Content-Length")).isEqualTo(Integer.toString(segment.length));
        assertThat(head.getHeader("Content-Type")).isEqualTo("video/mp2t");
        assertThat(head.getHeader("ETag")).isNotBlank();
        assertThat(head.body()).isNull();

        HttpResponse<Buffer> ranged =
                send(backend, HttpMethod.HEAD, file("480p/seg00001.ts"), headers("Range", "bytes=0-99"));
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.getHeader("Content-Range")).isEqualTo("bytes 0-99/" + segment.length);

        assertThat(send(backend, HttpMethod.HEAD, file("480p/seg99999.ts"), null)
                        .statusCode())
                .isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void missingFilesAndOtherKindsOfFileAre404(String backend) throws Exception {
        assertError(get(backend, file("480p/seg99999.ts")), 404, "not_found");
        assertError(get(backend, "/live/" + LIVE + "/Session-99999999/480p/index.m3u8"), 404, "not_found");
        assertError(get(backend, file("notes.txt")), 404, "not_found");
        assertError(get(backend, file("480p")), 404, "not_found");
        assertError(get(backend, file("480p/seg99999.ts") + "?x=1"), 404, "not_found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void traversalNeverLeavesTheSessionDirectory(String backend) throws Exception {
        String session = "/live/" + LIVE + "/" + SESSION + "/";
        for (String path : List.of(
                session + "../../../recordings/r1/video.mp4",
                session + "../../../../secret.ts",
                session + "%2e%2e/%2e%2e/%2e%2e/recordings/r1/video.mp4",
                session + "%2E%2E/%2E%2E/%2E%2E/%2E%2E/secret.ts",
                session + "..%2f..%2f..%2frecordings%2fr1%2fvideo.mp4",
                session + "..%2F..%2F..%2F..%2Fsecret.ts",
                session + "480p/..%5c..%5c..%5c..%5csecret.ts",
                session + "/etc/passwd",
                session + "%2fetc%2fpasswd.ts",
                session + ".tmp-0123.ts",
                session + "./480p/seg00001.ts/..",
                "/live/..%2f..%2frecordings/r1/video.mp4",
                "/live/" + LIVE + "/..%2f..%2frecordings/r1/video.mp4",
                "/live/%2e%2e/%2e%2e/secret.ts",
                "/live/" + LIVE + "/" + SESSION + "%00/480p/seg00001.ts")) {
            HttpResponse<Buffer> response = get(backend, path);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(response.getHeader("Content-Type")).as(path).startsWith("application/json");
            assertThat(response.bodyAsString()).as(path).doesNotContain(SECRET);
        }
        assertError(get(backend, session + "..%2f..%2frecordings%2fr1%2fvideo.mp4"), 400, "invalid_path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void corsAnswersTheConfiguredOriginAndExposesRangeHeaders(String backend) throws Exception {
        HttpResponse<Buffer> allowed = send(
                backend, HttpMethod.GET, file("480p/seg00001.ts"), headers("Origin", ORIGIN, "Range", "bytes=0-0"));
        assertThat(allowed.statusCode()).isEqualTo(206);
        assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(allowed.getHeader("Access-Control-Expose-Headers")).contains("Content-Range");

        HttpResponse<Buffer> master =
                send(backend, HttpMethod.GET, "/live/" + LIVE + "/master.m3u8", headers("Origin", ORIGIN));
        assertThat(master.getHeader("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);

        HttpResponse<Buffer> other =
                send(backend, HttpMethod.GET, file("thumb.jpg"), headers("Origin", "https://evil.example"));
        assertThat(other.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void onlyTheCurrentSessionsFilesAreServed(String backend) throws Exception {
        // Still in storage, but no longer on air: such a session may have become a private video.
        assertError(get(backend, "/live/" + LIVE + "/" + PAST_SESSION + "/480p/index.m3u8"), 404, "not_found");
        assertError(get(backend, "/live/" + LIVE + "/" + PAST_SESSION + "/480p/seg00001.ts"), 404, "not_found");
        assertError(get(backend, "/live/" + OFFLINE + "/" + PAST_SESSION + "/480p/seg00001.ts"), 404, "not_found");
        assertError(get(backend, "/live/NoSuchStream0001/" + PAST_SESSION + "/480p/seg00001.ts"), 404, "not_found");
        assertThat(send(backend, HttpMethod.HEAD, "/live/" + LIVE + "/" + PAST_SESSION + "/480p/seg00001.ts", null)
                        .statusCode())
                .isEqualTo(404);
        // A short drop keeps the session on air.
        HttpResponse<Buffer> reconnecting =
                get(backend, "/live/" + RECONNECTING + "/" + RECONNECTING_SESSION + "/480p/seg00001.ts");
        assertThat(reconnecting.statusCode()).isEqualTo(200);
        assertThat(reconnecting.body().getBytes()).isEqualTo(fragment);
        assertError(get(backend, "/live/" + FAILING + "/" + SESSION + "/480p/seg00001.ts"), 503, "service_unavailable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void segmentRequestsRideOnTheMastersAnswer(String backend) throws Exception {
        assertThat(get(backend, "/live/" + LIVE + "/master.m3u8").statusCode()).isEqualTo(200);
        int before = streamLookups.get();
        for (int i = 0; i < 5; i++) {
            assertThat(get(backend, file("480p/index.m3u8")).statusCode()).isEqualTo(200);
            assertThat(get(backend, file("720p/seg00001.m4s")).statusCode()).isEqualTo(200);
        }
        assertThat(streamLookups.get() - before)
                .as("bus hops for ten session files")
                .isZero();
        assertThat(get(backend, "/live/" + LIVE + "/master.m3u8").statusCode()).isEqualTo(200);
        assertThat(streamLookups.get() - before).as("the master always asks").isEqualTo(1);
    }
}
