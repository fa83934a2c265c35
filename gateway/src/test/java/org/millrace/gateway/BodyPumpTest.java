package org.millrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pump reads a storage body only as fast as the viewer takes it. */
class BodyPumpTest {
    private static final long SIZE = 64L * 1024 * 1024;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aViewerThatDoesNotReadStopsTheReading() throws Exception {
        AtomicLong read = new AtomicLong();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> {
                    request.response().putHeader("Content-Length", Long.toString(SIZE));
                    new BodyPump(vertx, new CountingZeros(SIZE, read), request.response()).start();
                })
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.actualPort()));
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(1500);
            assertThat(read.get())
                    .as("bytes read from storage while the viewer read nothing")
                    .isLessThan(16L * 1024 * 1024);

            InputStream in = socket.getInputStream();
            long received = 0;
            byte[] buffer = new byte[256 * 1024];
            for (int n; received < SIZE && (n = in.read(buffer)) > 0; ) {
                received += n;
            }
            assertThat(received).as("headers and the whole body").isGreaterThan(SIZE);
            assertThat(read.get()).isEqualTo(SIZE);
        }
    }

    @Test
    void anAbandonedPumpSettlesOnlyAfterTheReadInFlightReturns() throws Exception {
        // The caller closes the body when the pump settles; an S3 body closed under a running read can go back to
        // the connection pool with unread bytes, which another viewer's request then reads as its answer.
        java.util.concurrent.CountDownLatch readStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        InputStream blocking = new InputStream() {
            @Override
            public int read() {
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                readStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        java.util.concurrent.CompletableFuture<io.vertx.core.Future<Void>> settled =
                new java.util.concurrent.CompletableFuture<>();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> {
                    request.response().setChunked(true);
                    BodyPump pump = new BodyPump(vertx, blocking, request.response());
                    io.vertx.core.Future<Void> outcome = pump.start();
                    settled.complete(outcome);
                    vertx.setTimer(100, t -> pump.abandon()); // the viewer left while the first read is still running
                })
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);

        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            io.vertx.core.Future<Void> outcome = settled.get(10, TimeUnit.SECONDS);
            assertThat(readStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(500);
            assertThat(outcome.isComplete())
                    .as("settled while a worker still reads the body")
                    .isFalse();
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!outcome.isComplete() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(outcome.failed())
                    .as("abandoned: the pump fails once the read is back")
                    .isTrue();
        } finally {
            release.countDown();
        }
    }

    /** {@code size} zero bytes, counting what has been read. */
    private static final class CountingZeros extends InputStream {
        private final long size;
        private final AtomicLong read;

        CountingZeros(long size, AtomicLong read) {
            this.size = size;
            this.read = read;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long left = size - read.get();
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            read.addAndGet(n);
            return n;
        }
    }
}
