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
import org.junit.jupiter.params.provider.EnumSource;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.receiver.ReceiverStatistics;
import org.millrace.testkit.Commands;
import org.millrace.testkit.MediaChecks;

/**
 * Real libsrt 1.5.1 callers (Debian's ffmpeg and srt-live-transmit) publishing through a relay that impairs both
 * directions like netem would, with the latency at 4x the round trip: ARQ must repair everything, so the stream
 * arrives byte for byte and no packet is given up. A few seconds of media each.
 */
class SrtImpairedNetworkTest {
    /**
     * Each way: a 100 ms round trip, a long-distance one; shorter ones leave so little absolute time that a loaded
     * 2-core CI machine stalling the relay or the listener for 100 ms decides the outcome, not the protocol.
     */
    private static final int DELAY_MS = 50;

    /** One condition of the network, the same both ways, and the latency (4x its round trip) callers ask for. */
    enum Network {
        LOSS_5(new ImpairedUdpRelay.Impairment(0.05, 1, 0, 0, DELAY_MS, 0), 400),
        LOSS_10(new ImpairedUdpRelay.Impairment(0.10, 1, 0, 0, DELAY_MS, 0), 400),
        BURST_LOSS(new ImpairedUdpRelay.Impairment(0.05, 8, 0, 0, DELAY_MS, 0), 400),
        /** 50-100 ms each way: later datagrams overtake earlier ones; a 150 ms mean round trip. */
        JITTER_50MS(new ImpairedUdpRelay.Impairment(0.01, 1, 0, 0.02, DELAY_MS, 50), 600),
        DUPLICATION(new ImpairedUdpRelay.Impairment(0.02, 1, 0.10, 0, DELAY_MS, 0), 400);

        final ImpairedUdpRelay.Impairment impairment;
        final int latencyMs;

        Network(ImpairedUdpRelay.Impairment impairment, int latencyMs) {
            this.impairment = impairment;
            this.latencyMs = latencyMs;
        }
    }

    @TempDir
    Path dir;

    @RegisterExtension
    final TestListener srt = new TestListener();

    private RecordingHandler listen() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        srt.bind(
                SrtListenerConfig.defaults("127.0.0.1", 0),
                request -> CompletableFuture.completedFuture(AcceptDecision.accept(null, handler)));
        return handler;
    }

    @ParameterizedTest(name = "ffmpeg, {0}")
    @EnumSource(Network.class)
    void ffmpegPublishesThroughAnImpairedNetworkWithoutLosingAPacket(Network network) throws Exception {
        Path ts = TestStreams.makeTransportStream(dir, 4, "2M");
        byte[] sent = TestStreams.remuxed(ts, dir, "reference.ts");
        RecordingHandler handler = listen();
        try (ImpairedUdpRelay relay = relay(network)) {
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
                            "srt://127.0.0.1:" + relay.port() + "?streamid=lossy&latency=" + network.latencyMs * 1000
                                    + "&linger=5"),
                    60);
            TestStreams.awaitBytes(handler, sent.length, Duration.ofSeconds(10));
            handler.closed.get(10, TimeUnit.SECONDS); // SHUTDOWN, or the idle timeout if that was lost
            assertImpaired(relay, network);
        }
        assertDeliveredWhole(handler, sent, network);
    }

    @ParameterizedTest(name = "srt-live-transmit, {0}")
    @EnumSource(Network.class)
    void srtLiveTransmitPublishesThroughAnImpairedNetworkWithoutLosingAPacket(Network network) throws Exception {
        byte[] sent = TestStreams.wholeChunks(Files.readAllBytes(TestStreams.makeTransportStream(dir, 4, "2M")), 1316);
        RecordingHandler handler = listen();
        int udpPort = TestStreams.freeUdpPort();
        try (ImpairedUdpRelay relay = relay(network)) {
            Process caller = new ProcessBuilder(
                            "srt-live-transmit",
                            "-a:no",
                            "-ll:error",
                            "udp://127.0.0.1:" + udpPort,
                            "srt://127.0.0.1:" + relay.port() + "?streamid=lossy&latency=" + network.latencyMs)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("slt.log").toFile())
                    .start();
            try {
                handler.opened.get(10, TimeUnit.SECONDS);
                Thread.sleep(200); // its UDP input is bound once the SRT output is up
                TestStreams.sendUdpPaced(udpPort, sent, 1316, Duration.ofSeconds(4));
                TestStreams.awaitBytes(handler, sent.length, Duration.ofSeconds(5));
            } finally {
                caller.destroy();
            }
            assertImpaired(relay, network);
        }
        assertDeliveredWhole(handler, sent, network);
    }

    private ImpairedUdpRelay relay(Network network) throws Exception {
        return new ImpairedUdpRelay(
                srt.get().localAddress(), network.impairment, network.impairment, 31 + network.ordinal());
    }

    private static void assertImpaired(ImpairedUdpRelay relay, Network network) {
        assertThat(relay.dropped.get()).as("datagrams the relay lost").isPositive();
        if (network.impairment.duplicate() > 0) {
            assertThat(relay.duplicated.get()).isPositive();
        }
    }

    private void assertDeliveredWhole(RecordingHandler handler, byte[] sent, Network network) throws Exception {
        ReceiverStatistics stats = handler.opened.get().statistics();
        assertThat(handler.received().length).as("bytes, %s", stats).isEqualTo(sent.length);
        assertThat(MediaChecks.sha256(handler.received())).isEqualTo(MediaChecks.sha256(sent));
        assertThat(stats.packetsDropped()).as("unrecovered, %s", stats).isZero();
        assertThat(stats.packetsLost()).as("lost, %s", stats).isPositive();
        assertThat(stats.packetsRetransmitted()).as("retransmitted, %s", stats).isPositive();
        if (network.impairment.duplicate() > 0) {
            assertThat(stats.packetsDuplicate()).as("duplicates, %s", stats).isPositive();
        }
        assertThat(handler.opened.get().latencyMillis()).isEqualTo(network.latencyMs);
        assertThat(srt.get().counters().errors()).isZero();
    }
}
