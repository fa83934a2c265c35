package org.millrace.srt.packet;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A data packet: 31-bit sequence number, message flags, 26-bit message number and the payload (a retained slice of
 * the datagram, to be released by whoever consumes it).
 */
public record DataPacket(
        int sequenceNumber,
        PacketPosition position,
        boolean inOrder,
        EncryptionKey key,
        boolean retransmitted,
        int messageNumber,
        int timestamp,
        int destinationSocketId,
        ByteBuf payload)
        implements SrtPacket {

    public static final int MAX_MESSAGE_NUMBER = 0x03FF_FFFF;

    /** The same packet with another payload (after decryption); the old payload is not released here. */
    public DataPacket withPayload(ByteBuf newPayload, EncryptionKey newKey) {
        return new DataPacket(
                sequenceNumber,
                position,
                inOrder,
                newKey,
                retransmitted,
                messageNumber,
                timestamp,
                destinationSocketId,
                newPayload);
    }

    public void release() {
        ReferenceCounted p = payload;
        if (p != null && p.refCnt() > 0) {
            p.release();
        }
    }

    @Override
    public String toString() {
        return "DataPacket[seq=" + sequenceNumber + ", msg=" + messageNumber + ", ts="
                + Integer.toUnsignedString(timestamp) + ", key=" + key + (retransmitted ? ", R" : "") + ", len="
                + payload.readableBytes() + "]";
    }
}
