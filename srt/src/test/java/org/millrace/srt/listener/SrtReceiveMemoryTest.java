package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.srt.handshake.AcceptDecision;

/**
 * What one connection may hold is bounded by the latency it is granted (capped) and by the listener's buffer budget,
 * with real srt-live-transmit callers: one asking for a 60 s latency, one whose stream has a hole that is never
 * repaired (every copy of one packet lost) while another publisher streams beside it.
 */
class SrtReceiveMemoryTest {
    private static final int CHUNK = 1316;

    @TempDir
    Path dir;

    @RegisterExtension
    final TestListener srt = new TestListener();

    private final Map<String, RecordingHandler> handlers = new ConcurrentHashMap<>();

    private SrtListener listen(SrtListenerConfig config) throws InterruptedException {
        return srt.bind(config, request -> {
            RecordingHandler handler = new RecordingHandler();
            handlers.put(request.streamId(), handler);
            return CompletableFuture.completedFuture(AcceptDecision.accept(null, handler));
        });
    }

    private Process caller(int udpPort, int srtPort, String streamId, int latencyMs) throws Exception {
        return new ProcessBuilder(
                        "srt-live-transmit",
                        "-a:no",
                        "-ll:error",
                        "udp://127.0.0.1:" + udpPort,
                        "srt://127.0.0.1:" + srtPort + "?streamid=" + streamId + "&latency=" + latencyMs)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(streamId + ".log").toFile())
                .start();
    }

    private RecordingHandler opened(String streamId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!handlers.containsKey(streamId) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        RecordingHandler handler = handlers.get(streamId);
        handler.opened.get(10, TimeUnit.SECONDS);
        Thread.sleep(200); // its UDP input is bound once the SRT output is up
        return handler;
    }

    private static byte[] randomStream(int bytes, long seed) {
        byte[] data = new byte[bytes / CHUNK * CHUNK];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void aCallerAskingForAMinuteOfLatencyGetsTheCapAndStillStreams() throws Exception {
        SrtListener listener = listen(SrtListenerConfig.defaults("127.0.0.1", 0));
        byte[] sent = randomStream(200 * CHUNK, 1);
        int udpPort = TestStreams.freeUdpPort();
        Process caller = caller(udpPort, listener.localAddress().getPort(), "greedy", 60_000);
        try {
            RecordingHandler handler = opened("greedy");
            assertThat(handler.opened.get().latencyMillis()).isEqualTo(5000);
            TestStreams.sendUdpPaced(udpPort, sent, CHUNK, Duration.ofSeconds(1));
            // Data plays 5 s after it was sent (the caller agreed to the capped latency; it would be 60 s otherwise).
            TestStreams.awaitBytes(handler, sent.length, Duration.ofSeconds(9));
            assertThat(handler.received()).isEqualTo(sent);
        } finally {
            caller.destroy();
        }
    }

    @Test
    void aPublisherHoldingAnUnrepairableHoleCannotTakeTheBufferMemoryOfAnother() throws Exception {
        long budget = 2L << 20; // 1,024 packets of 2 KiB
        SrtListener listener = listen(SrtListenerConfig.defaults("127.0.0.1", 0)
                .withBufferLimits(Duration.ofSeconds(2), 100_000_000L, budget));
        // "hog" streams 8 Mbit/s (760 packets/s) through a relay that loses every copy of its 300th packet: it would
        // hold 2 s of packets (1,500, 3 MiB) behind that hole. "other" streams 1 Mbit/s beside it, unimpaired.
        AtomicInteger first = new AtomicInteger(-1);
        Predicate<byte[]> hole = d -> {
            if ((d[0] & 0x80) != 0) {
                return false; // control packet
            }
            int seq = ((d[0] & 0x7F) << 24) | ((d[1] & 0xFF) << 16) | ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
            first.compareAndSet(-1, seq);
            return seq == first.get() + 300;
        };
        byte[] hogBytes = randomStream(8_000_000 / 8 * 4, 2);
        byte[] otherBytes = randomStream(1_000_000 / 8 * 4, 3);
        int hogUdp = TestStreams.freeUdpPort();
        int otherUdp = TestStreams.freeUdpPort();
        long maxBufferedBytes = 0;
        try (ImpairedUdpRelay relay = new ImpairedUdpRelay(
                listener.localAddress(), ImpairedUdpRelay.Impairment.NONE, ImpairedUdpRelay.Impairment.NONE, 1, hole)) {
            Process hog = caller(hogUdp, relay.port(), "hog", 2000);
            Process other = caller(otherUdp, listener.localAddress().getPort(), "other", 200);
            try {
                RecordingHandler hogHandler = opened("hog");
                RecordingHandler otherHandler = opened("other");
                CompletableFuture<Void> hogSent = CompletableFuture.runAsync(() -> send(hogUdp, hogBytes));
                CompletableFuture<Void> otherSent = CompletableFuture.runAsync(() -> send(otherUdp, otherBytes));
                while (!hogSent.isDone() || !otherSent.isDone()) {
                    Thread.sleep(50);
                    long buffered = hogHandler.opened.get().statistics().bufferedPackets()
                            + otherHandler.opened.get().statistics().bufferedPackets();
                    maxBufferedBytes = Math.max(maxBufferedBytes, buffered * ReceiveWindow.BYTES_PER_PACKET);
                }
                TestStreams.awaitBytes(otherHandler, otherBytes.length, Duration.ofSeconds(5));
                assertThat(otherHandler.received()).isEqualTo(otherBytes);
                assertThat(otherHandler.opened.get().statistics().packetsDropped())
                        .isZero();
            } finally {
                hog.destroy();
                other.destroy();
            }
            assertThat(relay.dropped.get()).as("copies of the hole lost").isPositive();
        }
        assertThat(maxBufferedBytes).as("held in receive buffers at most").isLessThanOrEqualTo(budget);
        assertThat(listener.bufferBudget().peakBytes()).isLessThanOrEqualTo(budget);
        assertThat(listener.bufferBudget().refusedPackets())
                .as("hog packets refused")
                .isPositive();
    }

    private static void send(int port, byte[] bytes) {
        try {
            TestStreams.sendUdpPaced(port, bytes, CHUNK, Duration.ofSeconds(4));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
