package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.metrics.VertxFactory;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.storage.S3Storage;
import org.millrace.core.storage.Storage;
import org.millrace.core.testing.S3ProxyServer;
import org.millrace.core.testing.TestConfigs;

/**
 * The gateway answers the viewers who ask for a live segment, part or init file after the first from memory
 * ({@link RecentLiveFiles}), over the real HTTP server, with LocalStorage and with S3Storage on S3Proxy: storage is read once, the answer is byte for byte and header
 * for header what storage gave, files rewritten under their name (thumbnail, playlists) are read each time, and an
 * ended session's kept files are 404 like the rest of it.
 */
class LiveFilesFromMemoryTest {
    private static final String STREAM = "LiveStream_00001";
    private static final String SESSION = "Session-00000001";
    private static final String DIR = "live/" + STREAM + "/" + SESSION + "/";

    private final byte[] segment = new byte[300 * 1024];
    private final AtomicReference<String> status = new AtomicReference<>("live");
    /** Storage reads the gateway made, by key. */
    private final Map<String, AtomicInteger> reads = new java.util.concurrent.ConcurrentHashMap<>();

    private MetricsRegistry metrics;
    private Vertx vertx;
    private WebClient client;
    private Storage storage;
    private int port;
    private S3ProxyServer s3;

    @TempDir
    Path data;

    @BeforeEach
    void start() {
        new Random(3).nextBytes(segment);
        metrics = new MetricsRegistry();
        vertx = VertxFactory.create(metrics.registry());
    }

    /** A gateway on LocalStorage in a temporary directory or S3Storage on S3Proxy, with the session's files. */
    private void deploy(String backend) throws Exception {
        MillraceConfig config = TestConfigs.local(data);
        if ("s3".equals(backend)) {
            s3 = S3ProxyServer.start();
            storage = new S3Storage(s3.settings("media"));
        } else {
            storage = new LocalStorage(data.resolve("storage"));
        }
        storage.put(DIR + "720p/seg00001.m4s", segment, null);
        storage.put(DIR + "720p/init-1.mp4", "init".getBytes(StandardCharsets.US_ASCII), null);
        storage.put(DIR + "thumb.jpg", new byte[] {1}, null);
        storage.put(DIR + "720p/index.m3u8", "#EXTM3U\n".getBytes(StandardCharsets.US_ASCII), null);
        OneLiveStream.answer(vertx, STREAM, SESSION, status::get);
        GatewayVerticle gateway =
                new GatewayVerticle(config, List.of(), List.of(), metrics, "webroot", counted(storage));
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        port = gateway.actualPort();
        client = WebClient.create(vertx);
    }

    /** The storage, counting its reads of each key. */
    private Storage counted(Storage inner) {
        return (Storage) java.lang.reflect.Proxy.newProxyInstance(
                Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get") || method.getName().equals("stat")) {
                        reads.computeIfAbsent((String) args[0], k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        if (storage instanceof S3Storage remote) {
            remote.close();
        }
        if (s3 != null) {
            s3.close();
        }
        metrics.close();
    }

    private HttpResponse<Buffer> get(String path, String... headers) throws Exception {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            map.add(headers[i], headers[i + 1]);
        }
        return client.request(HttpMethod.GET, port, "127.0.0.1", "/live/" + STREAM + "/" + SESSION + "/" + path)
                .putHeaders(map)
                .send()
                .await(20, TimeUnit.SECONDS);
    }

    private int readsOf(String path) {
        return reads.getOrDefault(DIR + path, new AtomicInteger()).get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void theViewersAfterTheFirstAreAnsweredFromMemoryWithTheSameBytesAndHeaders(String backend) throws Exception {
        deploy(backend);
        HttpResponse<Buffer> first = get("720p/seg00001.m4s");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body().getBytes()).isEqualTo(segment);
        for (int i = 0; i < 20; i++) {
            HttpResponse<Buffer> next = get("720p/seg00001.m4s");
            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(next.body().getBytes()).isEqualTo(segment);
            for (String header : List.of(
                    "Content-Type", "Cache-Control", "ETag", "Last-Modified", "Content-Length", "Accept-Ranges")) {
                assertThat(next.getHeader(header)).as(header).isEqualTo(first.getHeader(header));
            }
        }
        assertThat(readsOf("720p/seg00001.m4s"))
                .as("storage reads for 21 viewers")
                .isEqualTo(1);
        HttpResponse<Buffer> revalidated = get("720p/seg00001.m4s", "If-None-Match", first.getHeader("ETag"));
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.getHeader("Cache-Control")).isEqualTo(first.getHeader("Cache-Control"));
        // A range still reads storage (it is rare: players ask for whole segments).
        HttpResponse<Buffer> range = get("720p/seg00001.m4s", "Range", "bytes=0-9");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body().getBytes()).isEqualTo(java.util.Arrays.copyOf(segment, 10));
        assertThat(get("720p/init-1.mp4").bodyAsString()).isEqualTo("init");
        assertThat(get("720p/init-1.mp4").bodyAsString()).isEqualTo("init");
        assertThat(readsOf("720p/init-1.mp4")).isEqualTo(1);
        assertThat(metrics.registry()
                        .get("millrace.gateway.live.memory.hits")
                        .functionCounter()
                        .count())
                .isGreaterThanOrEqualTo(21);
    }

    @Test
    void filesRewrittenUnderTheirNameAreReadEachTime() throws Exception {
        deploy("local");
        assertThat(get("thumb.jpg").body().getBytes()).containsExactly(1);
        storage.put(DIR + "thumb.jpg", new byte[] {2}, null);
        assertThat(get("thumb.jpg").body().getBytes()).containsExactly(2);
        assertThat(get("720p/index.m3u8").bodyAsString()).isEqualTo("#EXTM3U\n");
        storage.put(DIR + "720p/index.m3u8", "#EXTM3U\n#2\n".getBytes(StandardCharsets.US_ASCII), null);
        assertThat(get("720p/index.m3u8").bodyAsString()).isEqualTo("#EXTM3U\n#2\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void anEndedSessionsKeptFilesAre404LikeTheRestOfIt(String backend) throws Exception {
        deploy(backend);
        assertThat(get("720p/seg00001.m4s").statusCode()).isEqualTo(200);
        status.set("offline");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int code;
        do {
            Thread.sleep(100);
            code = get("720p/seg00001.m4s").statusCode();
        } while (code == 200 && System.nanoTime() < deadline);
        assertThat(code)
                .as("once the gateway hears the session ended (its answer is remembered 2 s)")
                .isEqualTo(404);
        assertThat(readsOf("720p/seg00001.m4s")).isEqualTo(1);
    }
}
