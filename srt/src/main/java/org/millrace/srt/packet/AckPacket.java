package org.millrace.srt.packet;

/**
 * Acknowledges every packet before {@code lastAcknowledged} (the next one expected). A full ACK carries a number
 * (to be answered by ACKACK) and the receiver's measurements; a light ACK (number 0) carries only the sequence;
 * a small ACK carries the first four fields.
 */
public record AckPacket(
        int ackNumber,
        int lastAcknowledged,
        Kind kind,
        int rttMicros,
        int rttVarianceMicros,
        int availableBufferPackets,
        int packetsReceivingRate,
        int estimatedLinkCapacity,
        int receivingRateBytes,
        int timestamp,
        int destinationSocketId)
        implements ControlPacket {

    /** How many CIF fields the ACK carries. */
    public enum Kind {
        LIGHT(1),
        SMALL(4),
        FULL(7);

        private final int fields;

        Kind(int fields) {
            this.fields = fields;
        }

        public int fields() {
            return fields;
        }
    }
}
