package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.stream.CloseReason;
import org.millrace.srt.stream.SrtConnectionInfo;
import org.millrace.testkit.MediaChecks;

/**
 * A real caller streams while hostile datagrams rain on the same port: the stream must arrive intact, every bad
 * datagram must be dropped and counted, and none may leave state behind in the listener.
 */
class SrtListenerFuzzTest {
    private static final String KEY = "publish:fuzzed";

    @TempDir
    Path dir;

    @RegisterExtension
    final TestListener srt = new TestListener();

    private SrtListener listener;

    @Test
    void garbageBesideALiveStreamIsCountedAndHarmless() throws Exception {
        // Longer than the fuzzing takes on a busy machine, so the stream is still on when it ends.
        Path ts = TestStreams.makeTransportStream(dir, 8, "1M");
        byte[] sent = TestStreams.remuxed(ts, dir, "reference.ts");
        RecordingHandler handler = new RecordingHandler();
        // Only the real key is accepted; the fuzzer's conclusions never get that far (bad cookies).
        listener = srt.bind(request -> CompletableFuture.completedFuture(
                request.streamId().equals(KEY)
                        ? AcceptDecision.accept(null, handler)
                        : AcceptDecision.reject(RejectReason.NOT_FOUND)));
        Process caller = new ProcessBuilder(
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
                        "srt://127.0.0.1:" + listener.localAddress().getPort() + "?streamid=" + KEY
                                + "&latency=200000&linger=5")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("caller.log").toFile())
                .start();
        DatagramFuzzer fuzzer;
        try {
            SrtConnectionInfo live = handler.opened.get(10, TimeUnit.SECONDS);
            fuzzer = new DatagramFuzzer(listener.localAddress(), live.socketId(), 424242L);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread thread = new Thread(
                    () -> {
                        try {
                            fuzzer.run(20_000, 6); // about 3 s of 6 datagrams per millisecond
                        } catch (Throwable t) {
                            failure.set(t);
                        }
                    },
                    "fuzzer");
            thread.start();
            thread.join(30_000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
            // Mid-stream: still exactly one connection, and the floods left nothing behind.
            assertThat(caller.isAlive()).as("the stream outlasts the fuzzing").isTrue();
            assertThat(listener.connectionCount()).isEqualTo(1);
            assertThat(listener.handshakeStateSize()).isEqualTo(2); // the live connection, by id and by peer
            assertThat(caller.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(caller.exitValue())
                    .as(Files.readString(dir.resolve("caller.log")))
                    .isZero();
        } finally {
            caller.destroyForcibly();
        }
        assertThat(handler.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER_CLOSED);
        assertThat(handler.received().length).isEqualTo(sent.length);
        assertThat(MediaChecks.sha256(handler.received())).isEqualTo(MediaChecks.sha256(sent));
        assertThat(handler.opened.get().statistics().packetsDropped()).isZero();

        ListenerCounters c = listener.counters();
        String counts = String.format(
                "datagrams %d, malformed %d, unknownSocket %d, wrongPeer %d, badCookie %d; "
                        + "fuzz sent %d, to the live socket %d, bad-cookie conclusions %d",
                c.datagrams(),
                c.malformed(),
                c.unknownSocket(),
                c.wrongPeer(),
                c.badCookie(),
                fuzzer.sent.get(),
                fuzzer.toLiveSocket.get(),
                fuzzer.badCookieConclusions.get());
        assertThat(c.errors()).as(counts).isZero();
        assertThat(c.accepted()).as(counts).isEqualTo(1);
        assertThat(c.malformed()).as(counts).isPositive();
        assertThat(c.unknownSocket()).as(counts).isPositive();
        // The kernel may drop some of a loopback flood, so "nearly all", not "all", reach the counters.
        assertThat(c.wrongPeer()).as(counts).isGreaterThan(fuzzer.toLiveSocket.get() * 9 / 10);
        assertThat(c.badCookie()).as(counts).isGreaterThan(fuzzer.badCookieConclusions.get() * 9 / 10);
        assertThat(c.malformed() + c.unknownSocket() + c.wrongPeer() + c.badCookie())
                .as("every fuzz datagram but the inductions is counted: %s", counts)
                .isGreaterThan(fuzzer.sent.get() * 7 / 10);
        assertThat(listener.connectionCount()).isZero();
        assertThat(listener.handshakeStateSize()).isZero();
    }
}
