package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.HandshakeType;
import org.millrace.srt.peer.RawSrtCaller;

/**
 * One source address may hold only its share of connections and of pending handshakes: real libsrt callers
 * (srt-live-transmit) past the share are refused at once with OVERLOAD, while callers from other addresses still
 * get in.
 */
class SrtSourceLimitsTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final TestListener srt = new TestListener();

    @Test
    void connectionsPastTheSourcesShareAreRefusedWithOverload() throws Exception {
        Map<String, RecordingHandler> handlers = new ConcurrentHashMap<>();
        SrtListener listener = srt.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0)
                        .withLimits(SrtListenerLimits.defaults().withPerSource(2, 8, 10)),
                request -> {
                    RecordingHandler h = new RecordingHandler();
                    handlers.put(request.streamId(), h);
                    return CompletableFuture.completedFuture(AcceptDecision.accept(null, h));
                });
        List<Process> callers = new ArrayList<>();
        try {
            callers.add(caller("publish:one", "127.0.0.1"));
            callers.add(caller("publish:two", "127.0.0.1"));
            awaitOpened(handlers, "publish:one");
            awaitOpened(handlers, "publish:two");

            // The third from the same address: Debian's ffmpeg, which says when it is refused (srt-live-transmit
            // exits 0 either way).
            Path ts = TestStreams.makeTransportStream(dir, 1, "500k");
            long t0 = System.nanoTime();
            Process third = new ProcessBuilder(
                            "ffmpeg",
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-re",
                            "-i",
                            ts.toString(),
                            "-c",
                            "copy",
                            "-f",
                            "mpegts",
                            srt.url("streamid=publish:three&latency=200000"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("three.log").toFile())
                    .start();
            callers.add(third);
            assertThat(third.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String thirdLog = Files.readString(dir.resolve("three.log"));
            assertThat(third.exitValue()).as(thirdLog).isNotZero();
            assertThat(System.nanoTime() - t0)
                    .as("refused at once, not timed out")
                    .isLessThan(2_500_000_000L);
            assertThat(thirdLog).contains("REJECT");
            assertThat(handlers).doesNotContainKey("publish:three");
            assertThat(listener.counters().sourceLimited()).isEqualTo(1);

            // What the refused caller is told: OVERLOAD (SRT_REJX_OVERLOAD, 1402).
            try (RawSrtCaller raw = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.1"))) {
                HandshakePacket answer = raw.connect(77, "publish:four", Optional.empty(), 2000);
                assertThat(answer.handshakeType()).isEqualTo(HandshakeType.FAILURE_BASE + RejectReason.OVERLOAD.code());
            }

            // Another address is not affected.
            callers.add(caller("publish:elsewhere", "127.0.0.2"));
            awaitOpened(handlers, "publish:elsewhere");
            assertThat(handlers.get("publish:elsewhere")
                            .opened
                            .get()
                            .peer()
                            .getAddress()
                            .getHostAddress())
                    .isEqualTo("127.0.0.2");

            // A connection that ends gives its place back.
            callers.get(0).destroy();
            handlers.get("publish:one").closed.get(10, TimeUnit.SECONDS);
            callers.add(caller("publish:five", "127.0.0.1"));
            awaitOpened(handlers, "publish:five");
            assertThat(listener.counters().errors()).isZero();
        } finally {
            callers.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aTrustedFrontsAddressIsNotLimitedAndOthersStillAre() throws Exception {
        // Behind nginx's UDP front every caller arrives from the front's address: its share would be everyone's.
        Map<String, RecordingHandler> handlers = new ConcurrentHashMap<>();
        SrtListener listener = srt.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0)
                        .withLimits(SrtListenerLimits.defaults()
                                .withPerSource(1, 8, 10)
                                .withUnlimitedSources(
                                        address -> address.getHostAddress().equals("127.0.0.1"))),
                request -> {
                    RecordingHandler h = new RecordingHandler();
                    handlers.put(request.streamId(), h);
                    return CompletableFuture.completedFuture(AcceptDecision.accept(null, h));
                });
        List<Process> callers = new ArrayList<>();
        try {
            for (String id : List.of("publish:front-1", "publish:front-2", "publish:front-3")) {
                callers.add(caller(id, "127.0.0.1"));
                awaitOpened(handlers, id);
            }
            callers.add(caller("publish:direct-1", "127.0.0.2"));
            awaitOpened(handlers, "publish:direct-1");
            try (RawSrtCaller raw = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.2"))) {
                HandshakePacket answer = raw.connect(78, "publish:direct-2", Optional.empty(), 2000);
                assertThat(answer.handshakeType()).isEqualTo(HandshakeType.FAILURE_BASE + RejectReason.OVERLOAD.code());
            }
            assertThat(listener.counters().sourceLimited()).isEqualTo(1);
        } finally {
            callers.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void handshakesPendingPastTheSourcesShareGetBacklog() throws Exception {
        List<CompletableFuture<AcceptDecision>> undecided = new CopyOnWriteArrayList<>();
        RecordingHandler handler = new RecordingHandler();
        AtomicBoolean decideAtOnce = new AtomicBoolean();
        SrtListener listener = srt.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0)
                        .withLimits(SrtListenerLimits.defaults().withPerSource(16, 3, 10)),
                request -> {
                    if (decideAtOnce.get()) {
                        return CompletableFuture.completedFuture(AcceptDecision.accept(null, handler));
                    }
                    CompletableFuture<AcceptDecision> decision = new CompletableFuture<>();
                    undecided.add(decision);
                    return decision; // a slow accept decision (a database lookup)
                });
        try (RawSrtCaller busy = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.1"));
                RawSrtCaller other = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.2"))) {
            int cookie = busy.induce(1, 2000);
            for (int i = 0; i < 3; i++) {
                busy.send(RawSrtCaller.conclusion(100 + i, cookie, "publish:slow", Optional.empty()));
            }
            awaitSize(undecided, 3);
            HandshakePacket fourth = busy.conclude(200, cookie, "publish:slow", Optional.empty(), 2000);
            assertThat(fourth.handshakeType()).isEqualTo(HandshakeType.FAILURE_BASE + RejectReason.BACKLOG.code());
            assertThat(listener.counters().sourceLimited()).isEqualTo(1);

            int otherCookie = other.induce(1, 2000);
            other.send(RawSrtCaller.conclusion(300, otherCookie, "publish:slow", Optional.empty()));
            awaitSize(undecided, 4); // asked about: the other source has its own share

            decideAtOnce.set(true);
            undecided.forEach(d -> d.complete(AcceptDecision.accept(null, handler)));
            HandshakePacket accepted = other.awaitHandshake(300, 2000);
            assertThat(RawSrtCaller.isRejection(accepted)).isFalse();
            // Decided handshakes free the share: the busy source may try again.
            HandshakePacket retry = busy.conclude(201, cookie, "publish:slow", Optional.empty(), 2000);
            assertThat(retry.handshakeType()).isNotEqualTo(HandshakeType.FAILURE_BASE + RejectReason.BACKLOG.code());
        }
    }

    @Test
    void newHandshakesFasterThanTheSourcesPaceGetBacklog() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        SrtListener listener = srt.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0)
                        .withLimits(SrtListenerLimits.defaults().withPerSource(16, 8, 5)),
                request -> {
                    asked.incrementAndGet();
                    return CompletableFuture.completedFuture(AcceptDecision.reject(RejectReason.NOT_FOUND));
                });
        int notFound = 0;
        int backlog = 0;
        try (RawSrtCaller fast = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.1"));
                RawSrtCaller other = new RawSrtCaller(listener.localAddress(), InetAddress.getByName("127.0.0.2"))) {
            int cookie = fast.induce(1, 2000);
            long t0 = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                int type = fast.conclude(100 + i, cookie, "publish:guess-" + i, Optional.empty(), 2000)
                        .handshakeType();
                if (type == HandshakeType.FAILURE_BASE + RejectReason.NOT_FOUND.code()) {
                    notFound++;
                } else if (type == HandshakeType.FAILURE_BASE + RejectReason.BACKLOG.code()) {
                    backlog++;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // A burst of 10, then 5 a second: the rest were refused without asking the accept decision.
            assertThat(notFound).as("%.2f s", seconds).isBetween(10, 10 + (int) Math.ceil(seconds * 5) + 1);
            assertThat(backlog).isEqualTo(40 - notFound);
            assertThat(asked.get()).isEqualTo(notFound);
            // Another source keeps its own pace.
            HandshakePacket answer = other.connect(5, "publish:guess", Optional.empty(), 2000);
            assertThat(answer.handshakeType()).isEqualTo(HandshakeType.FAILURE_BASE + RejectReason.NOT_FOUND.code());
        }
    }

    private Process caller(String streamId, String source) throws Exception {
        int udpIn = TestStreams.freeUdpPort();
        return new ProcessBuilder(
                        "srt-live-transmit",
                        "-a:no",
                        "-ll:error",
                        "udp://127.0.0.1:" + udpIn,
                        srt.url("streamid=" + streamId + "&latency=200&mode=caller&adapter=" + source))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(streamId + ".log").toFile())
                .start();
    }

    private static void awaitOpened(Map<String, RecordingHandler> handlers, String streamId) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!handlers.containsKey(streamId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(handlers).containsKey(streamId);
        handlers.get(streamId).opened.get(10, TimeUnit.SECONDS);
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(list).hasSize(size);
    }
}
