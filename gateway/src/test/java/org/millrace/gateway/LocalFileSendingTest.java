package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
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
 * A segment from local storage is sent from the event loop once opened: a download in progress needs no worker
 * thread, so viewers already being served keep receiving while every worker is busy (slow storage, a burst of
 * opens), and each request costs one worker hop, not one per chunk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalFileSendingTest {
    private static final String LIVE = "LiveStream_00001";
    private static final String SESSION = "Session-00000001";
    private static final int WORKERS = 2;

    private final byte[] segment = new byte[32 * 1024 * 1024 + 7]; // far more than loopback socket buffers hold
    private MetricsRegistry metrics;
    private Vertx vertx;
    private int port;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        new Random(11).nextBytes(segment);
        MillraceConfig config = TestConfigs.local(data);
        metrics = new MetricsRegistry();
        vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(WORKERS));
        BusCodecs.register(vertx.eventBus());
        LocalStorage storage = new LocalStorage(data.resolve("storage"));
        storage.put("live/" + LIVE + "/" + SESSION + "/480p/1.m4s", segment, null);
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
    void aDownloadUnderWayKeepsFlowingWhileEveryWorkerIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream()
                    .write(("GET /live/" + LIVE + "/" + SESSION + "/480p/1.m4s HTTP/1.1\r\n"
                                    + "Host: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = OneLiveStream.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + segment.length);
            byte[] first = in.readNBytes(1024); // the file is open and on its way; the rest waits for this reader

            CountDownLatch busy = new CountDownLatch(WORKERS);
            for (int i = 0; i < WORKERS; i++) {
                vertx.executeBlocking(
                        () -> {
                            busy.countDown();
                            return release.await(60, TimeUnit.SECONDS);
                        },
                        false);
            }
            assertThat(busy.await(10, TimeUnit.SECONDS))
                    .as("every worker taken")
                    .isTrue();

            ByteArrayOutputStream body = new ByteArrayOutputStream(segment.length);
            body.write(first);
            body.write(in.readNBytes(segment.length - first.length)); // times out if a chunk needs a worker
            assertThat(Arrays.equals(body.toByteArray(), segment))
                    .as("the whole segment, intact")
                    .isTrue();
        } finally {
            release.countDown();
        }
    }
}
