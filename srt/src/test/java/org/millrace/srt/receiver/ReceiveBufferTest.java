package org.millrace.srt.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.EncryptionKey;
import org.millrace.srt.packet.PacketPosition;

/** The receive ring: where offered packets land, how the head moves, how it grows and what it charges. */
class ReceiveBufferTest {
    private final BufferBudget budget = new BufferBudget(1L << 30, 2048);

    private static DataPacket packet(long seq) {
        return new DataPacket(
                (int) seq,
                PacketPosition.SOLO,
                false,
                EncryptionKey.NONE,
                false,
                1,
                0,
                1,
                Unpooled.wrappedBuffer(new byte[] {(byte) seq}));
    }

    private ReceiveBuffer buffer(int window, long head) {
        return new ReceiveBuffer(window, 1, head, budget.open());
    }

    @Test
    void offersAreStoredDuplicateTooOldOrTooFarAhead() {
        ReceiveBuffer b = buffer(8, 100);
        assertThat(b.offer(100, packet(100))).isEqualTo(ReceiveBuffer.Offer.STORED);
        assertThat(b.offer(100, packet(100))).isEqualTo(ReceiveBuffer.Offer.DUPLICATE);
        assertThat(b.offer(99, packet(99))).isEqualTo(ReceiveBuffer.Offer.TOO_OLD);
        assertThat(b.offer(107, packet(107))).isEqualTo(ReceiveBuffer.Offer.STORED);
        assertThat(b.offer(108, packet(108))).isEqualTo(ReceiveBuffer.Offer.TOO_FAR_AHEAD);
        assertThat(b.count()).isEqualTo(2);
        assertThat(b.window()).isEqualTo(8);
        assertThatThrownBy(() -> buffer(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headMovesOverGapsAndTheRingReusesSlots() {
        ReceiveBuffer b = buffer(64, 0);
        b.offer(0, packet(0));
        b.offer(2, packet(2));
        assertThat(b.peekHead().sequenceNumber()).isZero();
        assertThat(b.nextStored(1, 64)).isEqualTo(2);
        assertThat(b.nextStored(3, 64)).isEqualTo(-1);
        assertThat(b.pollHead().sequenceNumber()).isZero();
        assertThat(b.peekHead()).isNull();
        assertThat(b.pollHead()).isNull(); // the gap at 1
        assertThat(b.head()).isEqualTo(2);
        assertThat(b.get(2).sequenceNumber()).isEqualTo(2);
        assertThat(b.get(1)).isNull();
        assertThat(b.get(66)).isNull(); // beyond the window, although its slot holds 2
        // 64 and 65 share slots with 0 and 1, which are free again.
        assertThat(b.offer(65, packet(65))).isEqualTo(ReceiveBuffer.Offer.STORED);
        assertThat(b.offer(66, packet(66))).isEqualTo(ReceiveBuffer.Offer.TOO_FAR_AHEAD);
        assertThat(b.count()).isEqualTo(2);
        assertThat(b.nextStored(3, 100)).isEqualTo(65); // found across the ring's wrap
        assertThat(b.nextStored(3, 65)).isEqualTo(-1);
    }

    @Test
    void theRingStartsSmallAndGrowsUpToTheWindowKeepingWhatItHolds() {
        ReceiveBuffer b = buffer(5000, 10);
        assertThat(b.capacity()).isEqualTo(64);
        b.offer(12, packet(12));
        b.offer(70, packet(70));
        assertThat(b.capacity()).isEqualTo(64);
        b.pollHead();
        b.offer(75, packet(75)); // beyond head + 64: doubles
        assertThat(b.capacity()).isEqualTo(128);
        b.offer(4010, packet(4010)); // far ahead: straight to the size needed
        assertThat(b.capacity()).isEqualTo(4096);
        assertThat(b.offer(5011, packet(5011))).isEqualTo(ReceiveBuffer.Offer.TOO_FAR_AHEAD);
        assertThat(b.capacity()).isLessThanOrEqualTo(8192);
        assertThat(b.get(12).sequenceNumber()).isEqualTo(12);
        assertThat(b.get(70).sequenceNumber()).isEqualTo(70);
        assertThat(b.nextStored(13, 5000)).isEqualTo(70);
        assertThat(b.nextStored(76, 5000)).isEqualTo(4010);
        assertThat(b.count()).isEqualTo(4);
    }

    /** The indexed search agrees with walking the ring, across growth, wrap-around and random loss. */
    @Test
    void nextStoredAgreesWithAWalkOfTheRing() {
        Random random = new Random(7);
        ReceiveBuffer b = buffer(3000, (1L << 31) - 500);
        long next = b.head();
        for (int round = 0; round < 20_000; round++) {
            if (random.nextInt(10) > 0 && next - b.head() < 2999) {
                b.offer(next, packet(next));
            }
            next++;
            if (random.nextInt(3) == 0 || next - b.head() >= 2999) {
                b.pollHead();
            }
            long from = b.head() + random.nextInt(200);
            long limit = from + random.nextInt(3000);
            long walked = -1;
            for (long s = from; s < limit; s++) {
                if (b.get(s) != null) {
                    walked = s;
                    break;
                }
            }
            assertThat(b.nextStored(from, limit))
                    .as("round %d, from %d to %d", round, from, limit)
                    .isEqualTo(walked);
        }
    }

    @Test
    void everyHeldPacketIsChargedAndGivenBack() {
        BufferBudget small = new BufferBudget(4 * 2048, 2048);
        BufferBudget.Account account = small.open();
        ReceiveBuffer b = new ReceiveBuffer(100, 1, 0, account);
        b.offer(0, packet(0));
        b.offer(1, packet(1));
        assertThat(account.heldBytes()).isEqualTo(2 * 2048);
        b.offer(1, packet(1)); // a duplicate costs nothing
        assertThat(small.usedBytes()).isEqualTo(2 * 2048);
        b.pollHead().release();
        assertThat(small.usedBytes()).isEqualTo(2048);
        b.clear();
        assertThat(small.usedBytes()).isZero();
        assertThat(account.heldBytes()).isZero();
    }

    @Test
    void aPacketBeyondTheBudgetIsRefused() {
        BufferBudget small = new BufferBudget(4 * 2048, 2048); // one connection may hold half
        ReceiveBuffer b = new ReceiveBuffer(100, 1, 0, small.open());
        assertThat(b.offer(0, packet(0))).isEqualTo(ReceiveBuffer.Offer.STORED);
        assertThat(b.offer(1, packet(1))).isEqualTo(ReceiveBuffer.Offer.STORED);
        assertThat(b.offer(2, packet(2))).isEqualTo(ReceiveBuffer.Offer.OVER_BUDGET);
        assertThat(b.get(2)).isNull();
        assertThat(small.refusedPackets()).isEqualTo(1);
    }

    @Test
    void clearReleasesEveryPayload() {
        ReceiveBuffer b = buffer(4, 0);
        DataPacket p = packet(1);
        b.offer(1, p);
        b.clear();
        assertThat(p.payload().refCnt()).isZero();
        assertThat(b.count()).isZero();
        assertThat(b.get(1)).isNull();
    }
}
