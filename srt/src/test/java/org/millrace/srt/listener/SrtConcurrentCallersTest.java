package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.stream.CloseReason;
import org.millrace.testkit.MediaChecks;

/**
 * Ten libsrt callers (eight ffmpeg, two srt-live-transmit) publishing different streams to one listener port at once,
 * each kept apart by stream id.
 */
class SrtConcurrentCallersTest {
    private static final int CALLERS = 10;
    private static final int RELAYS = 2; // the last callers are srt-live-transmit, fed over UDP

    @TempDir
    Path dir;

    @RegisterExtension
    final TestListener srt = new TestListener();

    private SrtListener listener;

    @Test
    void tenCallersAtOnceEachArriveByteIdentical() throws Exception {
        // Different bitrates make ten different byte streams, so any cross-talk between connections shows.
        List<Path> sources = new ArrayList<>();
        List<byte[]> references = new ArrayList<>();
        Map<String, RecordingHandler> handlers = new ConcurrentHashMap<>();
        for (int i = 0; i < CALLERS; i++) {
            Path ts = TestStreams.makeTransportStream(dir, 3, (400 + 20 * i) + "k");
            sources.add(ts);
            if (i >= CALLERS - RELAYS) {
                // srt-live-transmit sends each 1316-byte datagram as it comes: the file itself must arrive.
                references.add(TestStreams.wholeChunks(Files.readAllBytes(ts), 1316));
            } else {
                references.add(TestStreams.remuxed(ts, dir, "reference-" + i + ".ts"));
            }
            handlers.put("publish:caller-" + i, new RecordingHandler());
        }
        listener = srt.bind(request -> {
            RecordingHandler h = handlers.get(request.streamId());
            return CompletableFuture.completedFuture(
                    h == null ? AcceptDecision.reject(RejectReason.NOT_FOUND) : AcceptDecision.accept(null, h));
        });
        int port = listener.localAddress().getPort();
        List<Process> callers = new ArrayList<>();
        List<Thread> feeders = new ArrayList<>();
        List<Throwable> feedFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < CALLERS; i++) {
                String url = "srt://127.0.0.1:" + port + "?streamid=publish:caller-" + i;
                ProcessBuilder command;
                if (i >= CALLERS - RELAYS) {
                    int udpPort = TestStreams.freeUdpPort();
                    command = new ProcessBuilder(
                            "srt-live-transmit",
                            "-a:no",
                            "-ll:error",
                            "udp://127.0.0.1:" + udpPort,
                            url + "&latency=200");
                    byte[] bytes = references.get(i);
                    RecordingHandler h = handlers.get("publish:caller-" + i);
                    Thread feeder = new Thread(
                            () -> {
                                try {
                                    h.opened.get(10, TimeUnit.SECONDS);
                                    Thread.sleep(200); // its UDP input is bound once the SRT output is up
                                    TestStreams.sendUdpPaced(udpPort, bytes, 1316, java.time.Duration.ofSeconds(3));
                                } catch (Throwable t) {
                                    feedFailures.add(t);
                                }
                            },
                            "feeder-" + i);
                    feeders.add(feeder);
                } else {
                    command = new ProcessBuilder(
                            "ffmpeg",
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-re",
                            "-i",
                            sources.get(i).toString(),
                            "-c",
                            "copy",
                            "-f",
                            "mpegts",
                            url + "&latency=200000&linger=5");
                }
                callers.add(command.redirectErrorStream(true)
                        .redirectOutput(dir.resolve("caller-" + i + ".log").toFile())
                        .start());
            }
            feeders.forEach(Thread::start);
            for (int i = 0; i < CALLERS - RELAYS; i++) {
                assertThat(callers.get(i).waitFor(60, TimeUnit.SECONDS))
                        .as("caller %d finished", i)
                        .isTrue();
                assertThat(callers.get(i).exitValue())
                        .as("caller %d: %s", i, Files.readString(dir.resolve("caller-" + i + ".log")))
                        .isZero();
            }
            for (Thread feeder : feeders) {
                feeder.join(30_000);
            }
            assertThat(feedFailures).isEmpty();
            for (int i = CALLERS - RELAYS; i < CALLERS; i++) {
                TestStreams.awaitBytes(
                        handlers.get("publish:caller-" + i),
                        references.get(i).length,
                        java.time.Duration.ofSeconds(10));
                callers.get(i).destroy();
            }
        } finally {
            callers.forEach(Process::destroyForcibly);
        }
        for (int i = 0; i < CALLERS; i++) {
            RecordingHandler h = handlers.get("publish:caller-" + i);
            if (i < CALLERS - RELAYS) {
                // srt-live-transmit, stopped by a signal, does not always get its SHUTDOWN out: only ffmpeg's count.
                assertThat(h.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER_CLOSED);
            }
            assertThat(h.opened.get().streamId()).isEqualTo("publish:caller-" + i);
            assertThat(h.received().length).as("caller %d length", i).isEqualTo(references.get(i).length);
            assertThat(MediaChecks.sha256(h.received()))
                    .as("caller %d bytes", i)
                    .isEqualTo(MediaChecks.sha256(references.get(i)));
            assertThat(h.opened.get().statistics().packetsDropped()).isZero();
        }
        assertThat(listener.counters().accepted()).isEqualTo(CALLERS);
        assertThat(listener.counters().errors()).isZero();
        assertThat(listener.connectionCount()).isLessThanOrEqualTo(RELAYS);
    }
}
