package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
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
import org.millrace.core.testing.LocalStorageOutage;
import org.millrace.core.testing.S3ProxyServer;

/**
 * {@code /live} over the real gateway while its storage is down — a local tree made unreadable, S3Proxy stopped (the
 * real S3 client refused): playlists served before answer their last good copy, marked stale; what was never
 * served, segments and HEAD answer 503; once storage is back, fresh playlists again. The all-in-one counterpart
 * with a real publisher is {@code LivePlaylistsThroughStorageOutageTest} in the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveStorageOutageTest {
    private static final String STREAM = "OutageStream0001";
    private static final String SESSION = "Session-00000009";
    private static final String MASTER = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1400000\n480p/index.m3u8\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=2800000\n720p/index.m3u8\n";
    private static final String PLAYLIST = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\n0.m4s\n";
    private static final String LONGER = PLAYLIST + "#EXTINF:2.000,\n1.m4s\n";
    private static final String STALE_HEADER = "Millrace-Stale";

    private MetricsRegistry metrics;
    private Vertx vertx;
    private WebClient client;
    private S3ProxyServer s3;
    private Path localRoot;
    private Storage local;
    private Storage remote;
    private int localPort;
    private int s3Port;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        MillraceConfig config = new ConfigLoader(Map.of(
                        "MILLRACE_DATA_DIR",
                        data.toString(),
                        "MILLRACE_HTTP_PORT",
                        "0",
                        "MILLRACE_HTTP_HOST",
                        "127.0.0.1"))
                .load();
        metrics = new MetricsRegistry();
        vertx = VertxFactory.create(metrics.registry());
        s3 = S3ProxyServer.start();
        localRoot = data.resolve("storage");
        local = new LocalStorage(localRoot);
        remote = new S3Storage(s3.settings("media"));
        ServiceEndpoint.bind(vertx.eventBus(), Addresses.STREAMS_GET, request -> {
            if (STREAM.equals(request.pathParam("id"))) {
                return Future.succeededFuture(ServiceResponse.ok(
                        new JsonObject().put("id", STREAM).put("status", "live").put("sessionId", SESSION)));
            }
            throw ServiceException.notFound("no such stream");
        });
        localPort = deploy(config, local);
        s3Port = deploy(config, remote);
        client = WebClient.create(vertx);
    }

    private int deploy(MillraceConfig config, Storage storage) throws Exception {
        GatewayVerticle gateway = new GatewayVerticle(config, List.of(), List.of(), metrics, "webroot", storage);
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        return gateway.actualPort();
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

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void playlistsServedBeforeAnOutageAreAnsweredStaleDuringIt(String backend) throws Exception {
        Storage storage = "s3".equals(backend) ? remote : local;
        String dir = "live/" + STREAM + "/" + SESSION + "/";
        storage.put(dir + "master.m3u8", bytes(MASTER), null);
        storage.put(dir + "480p/index.m3u8", bytes(PLAYLIST), null);
        storage.put(dir + "720p/index.m3u8", bytes(PLAYLIST), null);
        storage.put(dir + "480p/0.m4s", bytes("moof-mdat"), null);
        String master = "/live/" + STREAM + "/master.m3u8";
        String media = "/live/" + STREAM + "/" + SESSION + "/480p/index.m3u8";
        String servedMaster = fresh(get(backend, HttpMethod.GET, master));
        assertThat(fresh(get(backend, HttpMethod.GET, media))).isEqualTo(PLAYLIST);
        double staleBefore = staleAnswers();

        try (LocalStorageOutage outage = new LocalStorageOutage(localRoot.resolve("live"))) {
            if ("s3".equals(backend)) {
                s3.stop();
            } else {
                outage.begin();
            }
            try {
                assertStale(get(backend, HttpMethod.GET, master), servedMaster);
                assertStale(get(backend, HttpMethod.GET, media), PLAYLIST);
                assertStale(get(backend, HttpMethod.GET, media), PLAYLIST);
                // Never served before: nothing to fall back on. Segments are not kept, nor answered by HEAD.
                assertUnavailable(get(backend, HttpMethod.GET, "/live/" + STREAM + "/" + SESSION + "/720p/index.m3u8"));
                assertUnavailable(get(backend, HttpMethod.GET, "/live/" + STREAM + "/" + SESSION + "/480p/0.m4s"));
                assertThat(get(backend, HttpMethod.HEAD, media).statusCode()).isEqualTo(503);
                assertThat(staleAnswers() - staleBefore).isEqualTo(3);
            } finally {
                if ("s3".equals(backend)) {
                    s3.restart();
                }
            }
        }
        storage.put(dir + "480p/index.m3u8", bytes(LONGER), null);
        assertThat(fresh(get(backend, HttpMethod.GET, media)))
                .as("moves on once storage is back")
                .isEqualTo(LONGER);
        assertThat(fresh(get(backend, HttpMethod.GET, master))).isEqualTo(servedMaster);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void aMissingPlaylistIsStill404NotAStaleCopy(String backend) throws Exception {
        Storage storage = "s3".equals(backend) ? remote : local;
        String key = "live/" + STREAM + "/" + SESSION + "/360p/index.m3u8";
        String path = "/live/" + STREAM + "/" + SESSION + "/360p/index.m3u8";
        storage.put(key, bytes(PLAYLIST), null);
        fresh(get(backend, HttpMethod.GET, path));
        storage.delete(key);
        HttpResponse<Buffer> gone = get(backend, HttpMethod.GET, path);
        assertThat(gone.statusCode()).as(gone.bodyAsString()).isEqualTo(404);
    }

    private double staleAnswers() {
        return metrics.registry()
                .get("millrace.gateway.stale.playlists")
                .counter()
                .count();
    }

    private HttpResponse<Buffer> get(String backend, HttpMethod method, String path) throws Exception {
        return client.request(method, "s3".equals(backend) ? s3Port : localPort, "127.0.0.1", path)
                .send()
                .await(20, TimeUnit.SECONDS);
    }

    private static String fresh(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.getHeader(STALE_HEADER)).isNull();
        return response.bodyAsString();
    }

    private static void assertStale(HttpResponse<Buffer> response, String expected) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo(expected);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(response.getHeader(STALE_HEADER)).isEqualTo("storage-unavailable");
    }

    private static void assertUnavailable(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("storage_unavailable");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
