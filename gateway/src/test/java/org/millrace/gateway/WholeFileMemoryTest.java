package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.core.bus.BusCodecs;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.metrics.MetricsRegistry;
import org.millrace.core.storage.LocalStorage;
import org.millrace.core.testing.TestConfigs;

/**
 * Files read whole go into pooled memory that the gateway gives back by hand: every way an answer can end (written,
 * 304, the viewer gone before the answer) must give it back, and many viewers at once must each get their own bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WholeFileMemoryTest {
    private static final String LIVE = "LiveStream_00002";
    private static final String SESSION = "Session-00000002";
    private static final int FILES = 90;

    private final List<byte[]> segments = new ArrayList<>();
    private LocalStorage storage;
    private MetricsRegistry metrics;
    private Vertx vertx;
    private int port;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        MillraceConfig config = TestConfigs.local(data, Map.of("MILLRACE_HTTP_EVENT_LOOPS", "2"));
        metrics = new MetricsRegistry();
        vertx = Vertx.vertx();
        BusCodecs.register(vertx.eventBus());
        storage = new LocalStorage(data.resolve("storage"));
        Random random = new Random(21);
        for (int i = 0; i < FILES; i++) {
            byte[] segment = new byte[150_000 + random.nextInt(100_000)];
            random.nextBytes(segment);
            segments.add(segment);
            storage.put(key(i), segment, null);
        }
        OneLiveStream.live(vertx, LIVE, SESSION);
        GatewayVerticle gateway = new GatewayVerticle(config, List.of(), List.of(), metrics, "webroot", storage);
        vertx.deployVerticle(gateway).await(30, TimeUnit.SECONDS);
        port = gateway.actualPort();
    }

    @AfterAll
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        metrics.close();
    }

    @Test
    void everyEndOfAnAnswerGivesItsMemoryBackAndEachViewerGetsItsOwnBytes() throws Exception {
        ExecutorService viewers = Executors.newFixedThreadPool(24);
        try {
            List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                int file = i;
                runs.add(viewers.submit(() -> {
                    switch (file % 3) {
                        case 0 -> assertThat(fetch(file)).as("file " + file).isEqualTo(segments.get(file));
                        case 1 ->
                            assertThat(notModified(file))
                                    .as("304 for file " + file)
                                    .startsWith("HTTP/1.1 304");
                        default -> askAndLeave(file);
                    }
                    return null;
                }));
            }
            for (var run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            viewers.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        double held;
        do {
            held = metrics.registry()
                    .get("millrace.gateway.files.whole.bytes")
                    .gauge()
                    .value();
            if (held == 0) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(held).as("bytes of whole reads still held").isZero();
        // And the memory given back is reused safely: the files read again are still intact.
        for (int i = 0; i < FILES; i += 7) {
            assertThat(fetch(i)).as("file " + i + " again").isEqualTo(segments.get(i));
        }
    }

    private static String key(int i) {
        return "live/" + LIVE + "/" + SESSION + "/480p/" + (i + 1) + ".m4s";
    }

    private static String request(int i, String extraHeaders) {
        return "GET /" + key(i) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
    }

    private byte[] fetch(int i) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request(i, "").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = OneLiveStream.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            return in.readNBytes(segments.get(i).length);
        }
    }

    private String notModified(int i) throws IOException {
        String etag = storage.stat(key(i)).orElseThrow().etag();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream()
                    .write(request(i, "If-None-Match: \"" + etag + "\"\r\n").getBytes(StandardCharsets.US_ASCII));
            return OneLiveStream.readHead(socket.getInputStream());
        }
    }

    /** Asks and hangs up at once (a reset, not a goodbye): the answer finds its viewer gone. */
    private void askAndLeave(int i) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoLinger(true, 0);
            socket.getOutputStream().write(request(i, "").getBytes(StandardCharsets.US_ASCII));
        }
    }
}
