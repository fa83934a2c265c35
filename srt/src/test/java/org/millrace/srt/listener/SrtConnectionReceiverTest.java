package org.millrace.srt.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.millrace.srt.packet.AckAckPacket;
import org.millrace.srt.packet.AckPacket;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.DropRequestPacket;
import org.millrace.srt.packet.EncryptionKey;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.HandshakeType;
import org.millrace.srt.packet.HsExtension;
import org.millrace.srt.packet.NakPacket;
import org.millrace.srt.packet.PacketPosition;
import org.millrace.srt.packet.SequenceNumbers;
import org.millrace.srt.packet.SequenceRange;
import org.millrace.srt.packet.SrtFlags;
import org.millrace.srt.packet.SrtPacket;
import org.millrace.srt.receiver.BufferBudget;
import org.millrace.srt.receiver.ReceiverStatistics;
import org.millrace.srt.stream.CloseReason;

/**
 * One connection's receiver ({@code receiver/LiveReceiver} inside {@link SrtConnection}) driven by hand on a fake
 * clock, across the 31-bit sequence wrap: immediate and periodic NAKs, the ACK point, in-order delivery at play time,
 * repair by retransmission, too-late drop and drop requests.
 */
class SrtConnectionReceiverTest {
    private static final int ISN = SequenceNumbers.MAX - 1;
    private static final int PEER_SOCKET = 77;
    private static final long T0 = 1_000_000;
    private static final int LATENCY_MS = 100;

    private final List<SrtPacket> out = new ArrayList<>();
    private final RecordingHandler handler = new RecordingHandler();
    private final SrtConnection connection = connection(5, LATENCY_MS);

    /** A connection of its own socket id and latency, sending into {@link #out}, with no event loop (driven by hand). */
    private SrtConnection connection(int socketId, int latencyMs) {
        return new SrtConnection(
                new ConnectionSetup(
                        socketId,
                        conclusion(),
                        null,
                        new InetSocketAddress("127.0.0.1", 9),
                        latencyMs,
                        1024,
                        5_000_000,
                        handler,
                        null),
                (packet, to) -> out.add(packet),
                null,
                () -> {},
                new BufferBudget(1 << 30, 2048).open(),
                T0);
    }

    private static HandshakePacket conclusion() {
        return new HandshakePacket(
                5,
                0,
                5,
                ISN,
                1500,
                8192,
                HandshakeType.CONCLUSION,
                PEER_SOCKET,
                0,
                null,
                Optional.of(new HsExtension(0x010501, SrtFlags.TSBPD_SND, LATENCY_MS, LATENCY_MS)),
                false,
                Optional.empty(),
                false,
                Optional.of("s"),
                Optional.empty(),
                0,
                0);
    }

    /** The k-th packet after the ISN, stamped k * 10 ms, its payload the byte k. */
    private void receive(int k, boolean retransmitted, long now) {
        connection.onPacket(
                new DataPacket(
                        SequenceNumbers.add(ISN, k),
                        PacketPosition.SOLO,
                        false,
                        EncryptionKey.NONE,
                        retransmitted,
                        k + 1,
                        k * 10_000,
                        5,
                        Unpooled.wrappedBuffer(new byte[] {(byte) k})),
                now);
    }

    /** When the k-th packet is due to play. */
    private static long playTime(int k) {
        return T0 + k * 10_000L + LATENCY_MS * 1000L;
    }

    private <T> List<T> sent(Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (SrtPacket p : out) {
            if (type.isInstance(p)) {
                matching.add(type.cast(p));
            }
        }
        return matching;
    }

    @Test
    void repairsDropsAndDeliversInOrderAcrossTheWrap() {
        receive(0, false, T0);
        connection.tick(T0 + 5_000);
        AckPacket firstAck = sent(AckPacket.class).get(0);
        assertThat(firstAck.kind()).isEqualTo(AckPacket.Kind.FULL);
        assertThat(firstAck.lastAcknowledged()).isEqualTo(SequenceNumbers.MAX);
        assertThat(firstAck.destinationSocketId()).isEqualTo(PEER_SOCKET);
        // The ACKACK gives an RTT of 0.5 ms, so periodic NAKs come every 20 ms (the floor).
        connection.onPacket(new AckAckPacket(firstAck.ackNumber(), 0, 5), T0 + 5_500);

        receive(1, false, T0 + 10_000); // MAX
        receive(3, false, T0 + 30_000); // 1: packet 2 (sequence 0) is missing
        assertThat(sent(NakPacket.class)).hasSize(1);
        assertThat(sent(NakPacket.class).get(0).losses()).containsExactly(SequenceRange.of(0));
        connection.tick(T0 + 40_000);
        assertThat(sent(NakPacket.class)).hasSize(1); // reported 10 ms ago: not yet
        connection.tick(T0 + 50_000);
        assertThat(sent(NakPacket.class)).hasSize(2);
        assertThat(sent(NakPacket.class).get(1).losses()).containsExactly(SequenceRange.of(0));
        connection.tick(T0 + 60_000);
        assertThat(lastFullAck().lastAcknowledged()).isZero(); // stuck at the missing one

        connection.tick(playTime(0));
        assertThat(handler.received()).containsExactly(0);
        receive(2, true, playTime(1) - 1); // the retransmission, just in time
        receive(1, false, playTime(1) - 1); // a duplicate
        connection.tick(playTime(3));
        assertThat(handler.received()).containsExactly(0, 1, 2, 3);
        connection.tick(playTime(3) + 10_000);
        assertThat(lastFullAck().lastAcknowledged()).isEqualTo(2);

        // Packet 4 is lost for good: when packet 5 must play, 4 is given up.
        receive(5, false, playTime(3) + 11_000);
        connection.tick(playTime(5) - 1);
        assertThat(handler.received()).containsExactly(0, 1, 2, 3);
        connection.tick(playTime(5));
        assertThat(handler.received()).containsExactly(0, 1, 2, 3, 5);

        // Packet 6 is dropped by the sender: the drop request ends the wait for it before its time.
        receive(7, false, playTime(5) + 1_000);
        connection.onPacket(
                new DropRequestPacket(7, SequenceNumbers.add(ISN, 6), SequenceNumbers.add(ISN, 6), 0, 5),
                playTime(5) + 2_000);
        connection.tick(playTime(7));
        assertThat(handler.received()).containsExactly(0, 1, 2, 3, 5, 7);

        connection.close(CloseReason.LOCAL_CLOSE, false);
        ReceiverStatistics stats = connection.statistics();
        assertThat(stats.packetsReceived()).isEqualTo(7);
        assertThat(stats.packetsLost()).isEqualTo(3); // 2, 4, 6
        assertThat(stats.packetsRetransmitted()).isEqualTo(1);
        assertThat(stats.packetsDuplicate()).isEqualTo(1);
        assertThat(stats.packetsDropped()).isEqualTo(2); // 4 too late, 6 by request
        assertThat(stats.packetsDelivered()).isEqualTo(6);
        assertThat(stats.rttMillis()).isEqualTo(0.5);
        assertThat(stats.nakPacketsSent()).isEqualTo(sent(NakPacket.class).size());
        assertThat(handler.closed).isCompletedWithValue(CloseReason.LOCAL_CLOSE);
    }

    @Test
    void aShutdownHandsOverWhatIsBufferedAtOnce() {
        receive(0, false, T0);
        receive(1, false, T0 + 10_000);
        receive(3, false, T0 + 30_000);
        connection.onPacket(new org.millrace.srt.packet.ShutdownPacket(0, 5), T0 + 31_000);
        assertThat(handler.received()).containsExactly(0, 1, 3);
        assertThat(handler.closed).isCompletedWithValue(CloseReason.PEER_CLOSED);
        assertThat(connection.statistics().packetsDropped()).isEqualTo(1);
    }

    @Test
    void anIdlePeerTimesOutWithAShutdown() {
        receive(0, false, T0);
        connection.tick(T0 + 5_000_001);
        assertThat(handler.closed).isCompletedWithValue(CloseReason.PEER_IDLE_TIMEOUT);
        assertThat(out.get(out.size() - 1)).isInstanceOf(org.millrace.srt.packet.ShutdownPacket.class);
    }

    /**
     * At 4x RTT of latency a loss must be asked for again several times before it is due, even while the RTT
     * variance is still the first sample's half (a 50 ms RTT would otherwise space NAKs 75 ms apart: one repeat).
     */
    @Test
    void aLossIsAskedForAgainSeveralTimesWithinTheLatency() {
        int latencyMs = 200;
        SrtConnection c = connection(6, latencyMs);
        c.onPacket(data(0), T0);
        c.tick(T0 + 5_000);
        c.onPacket(new AckAckPacket(sent(AckPacket.class).get(0).ackNumber(), 0, 6), T0 + 55_000); // RTT 50 ms
        c.onPacket(data(2), T0 + 60_000); // 1 is missing: NAKed at once
        for (long t = T0 + 65_000; t <= T0 + 60_000 + latencyMs * 1000L; t += 5_000) {
            c.tick(t);
        }
        List<NakPacket> naks = sent(NakPacket.class);
        assertThat(naks).hasSizeGreaterThanOrEqualTo(6);
        assertThat(naks).allSatisfy(n -> assertThat(n.losses()).containsExactly(SequenceRange.of(ISN + 1)));
    }

    private static DataPacket data(int k) {
        return new DataPacket(
                SequenceNumbers.add(ISN, k),
                PacketPosition.SOLO,
                false,
                EncryptionKey.NONE,
                false,
                k + 1,
                k * 10_000,
                6,
                Unpooled.wrappedBuffer(new byte[] {(byte) k}));
    }

    private AckPacket lastFullAck() {
        List<AckPacket> acks = sent(AckPacket.class);
        for (int i = acks.size() - 1; i >= 0; i--) {
            if (acks.get(i).kind() == AckPacket.Kind.FULL) {
                return acks.get(i);
            }
        }
        throw new AssertionError("no full ACK sent");
    }
}
