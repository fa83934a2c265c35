package org.millrace.srt.receiver;

/**
 * A snapshot of one connection's receiving side.
 *
 * @param packetsLost           packets found missing (gaps), whether later recovered or not
 * @param packetsRetransmitted  packets that arrived with the retransmitted flag
 * @param packetsDropped        packets given up on: too late to play, or dropped by the sender (unrecovered loss)
 * @param packetsDuplicate      copies of packets we already had
 * @param packetsUndecryptable  packets whose key we did not have, or whose payload failed to decrypt
 * @param bufferedPackets       packets waiting for their play time
 * @param bufferedMillis        how much play time is buffered
 */
public record ReceiverStatistics(
        long packetsReceived,
        long bytesReceived,
        long packetsLost,
        long packetsRetransmitted,
        long packetsDropped,
        long packetsDuplicate,
        long packetsUndecryptable,
        long packetsDelivered,
        long bytesDelivered,
        double rttMillis,
        double rttVarianceMillis,
        double receiveRateBitsPerSecond,
        int bufferedPackets,
        int bufferedMillis,
        long nakPacketsSent,
        long ackPacketsSent) {}
