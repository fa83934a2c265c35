package org.millrace.srt.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.EncryptionKey;
import org.millrace.srt.packet.PacketPosition;
import org.millrace.srt.packet.SequenceNumbers;
import org.millrace.srt.packet.SequenceRange;

/**
 * The receiving policy on its own, with no socket and a clock the test moves: what it delivers, when, and what it
 * asks for, straight from its {@link LiveReceiver.Output}; undecryptable payloads; closing releases what it holds.
 * (The same policy through a connection's packets: {@code listener/SrtConnectionReceiverTest}.)
 */
class LiveReceiverTest {
    private static final int ISN = 1000;
    private static final int LATENCY_MS = 100;
    private static final long T0 = 5_000_000;

    private final List<Integer> delivered = new ArrayList<>();
    private final List<List<SequenceRange>> naks = new ArrayList<>();
    private final List<LiveReceiver.FullAck> fullAcks = new ArrayList<>();
    private final BufferBudget budget = new BufferBudget(1 << 20, 2048);

    private final LiveReceiver.Output output = new LiveReceiver.Output() {
        @Override
        public void deliver(ByteBuf payload) {
            delivered.add((int) payload.getByte(payload.readerIndex()));
        }

        @Override
        public void lightAck(int ackSequence, long now) {}

        @Override
        public void fullAck(LiveReceiver.FullAck ack, long now) {
            fullAcks.add(ack);
        }

        @Override
        public void nak(List<SequenceRange> ranges, long now) {
            naks.add(ranges);
        }
    };

    private LiveReceiver receiver(LiveReceiver.PayloadDecryptor decryptor) {
        // The caller's clock read 0 at T0: packet k, stamped k * 10 ms, plays at T0 + k * 10 ms + latency.
        return new LiveReceiver(ISN, LATENCY_MS, T0, 1024, decryptor, budget.open(), output);
    }

    private static DataPacket packet(int k, EncryptionKey key) {
        return new DataPacket(
                SequenceNumbers.add(ISN, k),
                PacketPosition.SOLO,
                false,
                key,
                false,
                k + 1,
                k * 10_000,
                7,
                Unpooled.wrappedBuffer(new byte[] {(byte) k}));
    }

    private static long playTime(int k) {
        return T0 + k * 10_000L + LATENCY_MS * 1000L;
    }

    @Test
    void holdsUntilPlayTimeAsksForTheGapAndGivesItUpWhenTheNextPacketIsDue() {
        LiveReceiver r = receiver(null);
        r.push(packet(0, EncryptionKey.NONE), T0);
        r.push(packet(2, EncryptionKey.NONE), T0 + 20_000);
        assertThat(naks).as("the gap is asked for at once").containsExactly(List.of(SequenceRange.of(ISN + 1)));
        assertThat(delivered).as("nothing before its play time").isEmpty();

        r.tick(playTime(0));
        assertThat(delivered).containsExactly(0);
        r.tick(playTime(1));
        assertThat(delivered).as("1 may still come: 2 is not due").containsExactly(0);
        assertThat(fullAcks).isNotEmpty();
        assertThat(fullAcks.get(fullAcks.size() - 1).ackSequence())
                .as("acknowledged up to the gap")
                .isEqualTo(ISN + 1);

        r.tick(playTime(2));
        assertThat(delivered).as("1 given up once 2 must play").containsExactly(0, 2);
        ReceiverStatistics stats = r.statistics();
        assertThat(stats.packetsLost()).isEqualTo(1);
        assertThat(stats.packetsDropped()).isEqualTo(1);
        assertThat(stats.packetsDelivered()).isEqualTo(2);
    }

    @Test
    void aPayloadThatCannotBeDecryptedIsCountedAndNeverDelivered() {
        LiveReceiver r = receiver((sequence, key, payload) -> sequence != SequenceNumbers.add(ISN, 1));
        r.push(packet(0, EncryptionKey.EVEN), T0);
        DataPacket bad = packet(1, EncryptionKey.EVEN);
        r.push(bad, T0 + 10_000);
        assertThat(bad.payload().refCnt()).as("released").isZero();
        r.tick(playTime(1));
        assertThat(delivered).containsExactly(0);
        assertThat(r.statistics().packetsUndecryptable()).isEqualTo(1);
        assertThat(r.statistics().packetsReceived()).isEqualTo(2);
    }

    @Test
    void closingReleasesWhatItHoldsAndItsBudget() {
        LiveReceiver r = receiver(null);
        DataPacket held = packet(0, EncryptionKey.NONE);
        r.push(held, T0);
        assertThat(budget.usedBytes()).isPositive();
        r.close();
        assertThat(held.payload().refCnt()).isZero();
        assertThat(budget.usedBytes()).isZero();
        DataPacket late = packet(1, EncryptionKey.NONE);
        r.push(late, T0 + 10_000);
        r.tick(playTime(1));
        assertThat(late.payload().refCnt())
                .as("a closed receiver releases what it is given")
                .isZero();
        assertThat(delivered).isEmpty();
    }

    @Test
    void aFlushHandsOverWhatIsHeldAtOnceSkippingGaps() {
        LiveReceiver r = receiver(null);
        r.push(packet(0, EncryptionKey.NONE), T0);
        r.push(packet(1, EncryptionKey.NONE), T0);
        r.push(packet(3, EncryptionKey.NONE), T0);
        r.flush();
        assertThat(delivered).containsExactly(0, 1, 3);
        assertThat(r.statistics().packetsDropped()).isEqualTo(1);
    }
}
