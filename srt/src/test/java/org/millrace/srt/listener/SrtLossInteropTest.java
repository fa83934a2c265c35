package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.receiver.ReceiverStatistics;
import org.millrace.testkit.Commands;
import org.millrace.testkit.MediaChecks;

/**
 * Debian ffmpeg (libsrt 1.5.1) publishing through a relay that loses, duplicates and reorders packets: ARQ must
 * repair every loss within the 200 ms latency, so the stream still arrives byte for byte and nothing is dropped.
 */
class SrtLossInteropTest {
    private static final String KEY = "publish:lossy";

    @TempDir
    Path dir;

    @RegisterExtension
    final TestListener srt = new TestListener();

    private SrtListener listener;

    @ParameterizedTest(name = "{0} loss, both directions, passphrase {2}")
    @CsvSource({"0.02, 11,", "0.10, 12,", "0.05, 13, loss-test-passphrase"})
    void arqRepairsLossDuplicationAndReordering(double loss, long seed, String passphrase) throws Exception {
        Path ts = TestStreams.makeTransportStream(dir, 4, "1M");
        byte[] sent = TestStreams.remuxed(ts, dir, "reference.ts");
        RecordingHandler handler = new RecordingHandler();
        listener = srt.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0),
                request -> CompletableFuture.completedFuture(AcceptDecision.accept(passphrase, handler)));
        ImpairedUdpRelay.Impairment impairment = new ImpairedUdpRelay.Impairment(loss, 0.01, 0.02);
        try (ImpairedUdpRelay relay = new ImpairedUdpRelay(listener.localAddress(), impairment, impairment, seed)) {
            Commands.run(
                    List.of(
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
                            "srt://127.0.0.1:" + relay.port() + "?streamid=" + KEY + "&latency=200000&linger=5"
                                    + (passphrase == null ? "" : "&passphrase=" + passphrase)),
                    60);
            TestStreams.awaitBytes(handler, sent.length, Duration.ofSeconds(10));
            // The caller's SHUTDOWN may itself be lost; then the idle timeout closes the connection.
            handler.closed.get(10, TimeUnit.SECONDS);
            assertThat(relay.dropped.get()).isPositive();
            assertThat(relay.duplicated.get()).isPositive();
            assertThat(relay.reordered.get()).isPositive();
        }
        assertThat(handler.received().length).isEqualTo(sent.length);
        assertThat(MediaChecks.sha256(handler.received())).isEqualTo(MediaChecks.sha256(sent));
        ReceiverStatistics stats = handler.opened.get().statistics();
        assertThat(stats.packetsDropped()).as("dropped, %s", stats).isZero();
        assertThat(stats.packetsLost()).as("lost, %s", stats).isPositive();
        assertThat(stats.packetsRetransmitted()).as("retransmitted, %s", stats).isPositive();
        assertThat(stats.packetsDuplicate()).as("duplicates, %s", stats).isPositive();
        assertThat(stats.packetsUndecryptable()).as("undecryptable, %s", stats).isZero();
        assertThat(handler.opened.get().encrypted()).isEqualTo(passphrase != null);
        assertThat(listener.counters().errors()).isZero();
    }

    /**
     * The last packet of a stream is lost: no later packet shows the gap, so no NAK can ask for it. The sender's
     * ACK-timeout retransmission must bring it, which libsrt only does if we do not announce periodic NAKs, and only
     * if our ACKs of the unchanged ACK point leave it its timeout (at a 100 ms round trip, one every 100 ms did not).
     */
    @ParameterizedTest(name = "{0} ms each way")
    @CsvSource({"0", "50"})
    void aLostLastPacketIsRetransmittedAfterTheAckTimeout(int delayMs) throws Exception {
        byte[] sent =
                TestStreams.wholeChunks(Files.readAllBytes(TestStreams.makeTransportStream(dir, 2, "500k")), 1316);
        byte[] last = java.util.Arrays.copyOfRange(sent, sent.length - 1316, sent.length);
        RecordingHandler handler = new RecordingHandler();
        listener = srt.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0),
                request -> CompletableFuture.completedFuture(AcceptDecision.accept(null, handler)));
        // Drops the first transmission (R flag clear) of the data packet carrying the last chunk.
        java.util.function.Predicate<byte[]> firstCopyOfLast = d -> d.length == 16 + 1316
                && (d[0] & 0x80) == 0
                && (d[4] & 0x04) == 0
                && java.util.Arrays.equals(d, 16, d.length, last, 0, last.length);
        int udpPort = TestStreams.freeUdpPort();
        ImpairedUdpRelay.Impairment delay = ImpairedUdpRelay.Impairment.NONE.delayed(delayMs, 0);
        try (ImpairedUdpRelay relay = new ImpairedUdpRelay(listener.localAddress(), delay, delay, 1, firstCopyOfLast)) {
            Process caller = new ProcessBuilder(
                            "srt-live-transmit",
                            "-a:no",
                            "-ll:error",
                            "udp://127.0.0.1:" + udpPort,
                            "srt://127.0.0.1:" + relay.port() + "?streamid=" + KEY + "&latency=" + (200 + 4 * delayMs))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("slt.log").toFile())
                    .start();
            try {
                handler.opened.get(10, TimeUnit.SECONDS);
                Thread.sleep(200); // its UDP input is bound once the SRT output is up
                TestStreams.sendUdpPaced(udpPort, sent, 1316, Duration.ofSeconds(2));
                TestStreams.awaitBytes(handler, sent.length, Duration.ofSeconds(5));
            } finally {
                caller.destroy();
            }
            assertThat(relay.dropped.get()).isEqualTo(1);
        }
        assertThat(handler.received().length).isEqualTo(sent.length);
        assertThat(MediaChecks.sha256(handler.received())).isEqualTo(MediaChecks.sha256(sent));
        assertThat(handler.opened.get().statistics().packetsRetransmitted()).isPositive();
    }
}
