package org.millrace.srt.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.EncryptionKey;
import org.millrace.srt.packet.PacketPosition;

import io.netty.buffer.Unpooled;

/** The receive ring: where offered packets land and how the head moves. */
class ReceiveBufferTest {
    private static DataPacket packet(int seq) {
        return new DataPacket(seq, PacketPosition.SOLO, false, EncryptionKey.NONE, false, 1, 0, 1,
                Unpooled.wrappedBuffer(new byte[] {(byte) seq}));
    }

    @Test
    void offersAreStoredDuplicateTooOldOrTooFarAhead() {
        ReceiveBuffer b = new ReceiveBuffer(8, 100);
        assertThat(b.offer(100, packet(100))).isEqualTo(ReceiveBuffer.Offer.STORED);
        assertThat(b.offer(100, packet(100))).isEqualTo(ReceiveBuffer.Offer.DUPLICATE);
        assertThat(b.offer(99, packet(99))).isEqualTo(ReceiveBuffer.Offer.TOO_OLD);
        assertThat(b.offer(107, packet(107))).isEqualTo(ReceiveBuffer.Offer.STORED);
        assertThat(b.offer(108, packet(108))).isEqualTo(ReceiveBuffer.Offer.TOO_FAR_AHEAD);
        assertThat(b.count()).isEqualTo(2);
        assertThat(b.capacity()).isEqualTo(8);
        assertThatThrownBy(() -> new ReceiveBuffer(12, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headMovesOverGapsAndTheRingReusesSlots() {
        ReceiveBuffer b = new ReceiveBuffer(4, 0);
        b.offer(0, packet(0));
        b.offer(2, packet(2));
        assertThat(b.peekHead().sequenceNumber()).isZero();
        assertThat(b.nextStored(1, 4)).isEqualTo(2);
        assertThat(b.nextStored(3, 4)).isEqualTo(-1);
        assertThat(b.pollHead().sequenceNumber()).isZero();
        assertThat(b.peekHead()).isNull();
        assertThat(b.pollHead()).isNull(); // the gap at 1
        assertThat(b.head()).isEqualTo(2);
        assertThat(b.get(2).sequenceNumber()).isEqualTo(2);
        assertThat(b.get(1)).isNull();
        assertThat(b.get(6)).isNull(); // beyond the window, although its slot holds 2
        // 4 and 5 share slots with 0 and 1, which are free again.
        assertThat(b.offer(5, packet(5))).isEqualTo(ReceiveBuffer.Offer.STORED);
        assertThat(b.offer(6, packet(6))).isEqualTo(ReceiveBuffer.Offer.TOO_FAR_AHEAD);
        assertThat(b.count()).isEqualTo(2);
    }

    @Test
    void clearReleasesEveryPayload() {
        ReceiveBuffer b = new ReceiveBuffer(4, 0);
        DataPacket p = packet(1);
        b.offer(1, p);
        b.clear();
        assertThat(p.payload().refCnt()).isZero();
        assertThat(b.count()).isZero();
        assertThat(b.get(1)).isNull();
    }
}
