package org.millrace.srt.receiver;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.EncryptionKey;
import org.millrace.srt.packet.SequenceRange;

/**
 * The live-mode receiving policy of one connection, free of sockets and clocks: fed data packets by {@link #push},
 * ACKACKs and drop requests as they arrive, and {@link #tick} every few milliseconds, it buffers and reorders data,
 * reports losses (NAK at once and periodically), acknowledges (full ACK every 10 ms, light ACK every 64 packets),
 * measures RTT from ACKACKs, decrypts, and hands payloads to its {@link Output} at their play time (TSBPD), dropping
 * what is too late to play. Confined to one thread (the listener's event loop).
 */
public final class LiveReceiver {
    private static final long FULL_ACK_INTERVAL_MICROS = 10_000;
    private static final long IDLE_ACK_INTERVAL_MICROS = 100_000;
    private static final long MIN_NAK_INTERVAL_MICROS = 20_000;
    /**
     * A loss is asked for again about this many times within the latency, however the RTT variance swings (it starts
     * at half the first sample and grows under load): with 4x RTT of latency, (RTT + 4 RTTVar) / 2 alone can leave
     * time for only one repeat. Never more often than twice a round trip, though: a libsrt sender not told we NAK
     * periodically retransmits on every NAK, and an overloaded path must not be sent more copies.
     */
    private static final int NAKS_PER_LATENCY = 8;

    private static final int LIGHT_ACK_PACKETS = 64;
    private static final int MAX_NAK_RANGES = 160; // two words each: a NAK stays well inside one datagram
    /** Full ACKs remembered for RTT samples: 2.56 s of them at one per 10 ms, beyond any latency we grant. */
    private static final int ACK_HISTORY = 256;
    /** The ring's first size: an idle connection costs little, a busy one grows it (up to its window). */
    private static final int INITIAL_SLOTS = 64;

    /** Where the receiver's decisions go: payloads in order at play time, and the control packets to send. */
    public interface Output {
        /** The next payload in sequence order, at its play time; only valid during the call. */
        void deliver(ByteBuf payload);

        /** A light ACK (no RTT fields) up to, not including, {@code ackSequence} (wire form). */
        void lightAck(int ackSequence, long now);

        void fullAck(FullAck ack, long now);

        /** The losses to report, as wire sequence ranges. */
        void nak(List<SequenceRange> ranges, long now);
    }

    /** Decrypts a payload in place; false when it cannot (no such key, or a failed check). */
    @FunctionalInterface
    public interface PayloadDecryptor {
        boolean decryptInPlace(int sequenceNumber, EncryptionKey key, ByteBuf payload);
    }

    /**
     * The fields of a full ACK.
     *
     * @param ackSequence the first sequence number not acknowledged (wire form)
     */
    public record FullAck(
            int number,
            int ackSequence,
            int rttMicros,
            int rttVarianceMicros,
            int availableBuffer,
            int packetsPerSecond,
            int linkCapacity,
            int bytesPerSecond) {}

    private final long latencyMicros;
    private final long tsbpdBaseMicros;
    private final PayloadDecryptor decryptor;
    private final Output output;
    private final BufferBudget.Account account;
    private final ReceiveBuffer buffer;
    private final LossList losses = new LossList();
    private final SequenceUnwrapper sequences;
    private final TimestampUnwrapper deliveryTimestamps = new TimestampUnwrapper();
    private final RttEstimator rtt = new RttEstimator();
    private final RateMeter rate = new RateMeter();
    private final int[] ackNumbers = new int[ACK_HISTORY];
    private final long[] ackSentMicros = new long[ACK_HISTORY];

    private long highestReceived;
    private int nextAckNumber = 1;
    private long lastFullAckPoint = -1;
    private long lastFullAckMicros;
    private int packetsSinceLightAck;
    private boolean closed;

    private long packetsReceived;
    private long bytesReceived;
    private long packetsLost;
    private long packetsRetransmitted;
    private long packetsDropped;
    private long packetsDuplicate;
    private long packetsUndecryptable;
    private long packetsDelivered;
    private long bytesDelivered;
    private long nakSent;
    private long ackSent;

    /**
     * @param initialSequence  the peer's initial sequence number (wire form)
     * @param tsbpdBaseMicros  our clock's reading when the peer's clock read 0
     * @param windowPackets    the most packets held at once (ahead of the first undelivered one)
     * @param decryptor        null when the stream is not encrypted
     * @param account          the share of the listener's buffer budget this receiver holds packets on
     */
    public LiveReceiver(
            int initialSequence,
            int latencyMillis,
            long tsbpdBaseMicros,
            int windowPackets,
            PayloadDecryptor decryptor,
            BufferBudget.Account account,
            Output output) {
        this.latencyMicros = latencyMillis * 1000L;
        this.tsbpdBaseMicros = tsbpdBaseMicros;
        this.decryptor = decryptor;
        this.output = output;
        this.account = account;
        this.sequences = new SequenceUnwrapper(initialSequence);
        long isn = sequences.unwrap(initialSequence);
        this.buffer = new ReceiveBuffer(windowPackets, INITIAL_SLOTS, isn, account);
        this.highestReceived = isn - 1;
    }

    // ---- inbound -------------------------------------------------------------------------------------------

    /** One data packet from the peer; the receiver owns it from here (stores or releases it). */
    public void push(DataPacket data, long now) {
        if (closed) {
            data.release();
            return;
        }
        store(data, now);
        deliver(now);
    }

    private void store(DataPacket data, long now) {
        int size = data.payload().readableBytes();
        packetsReceived++;
        bytesReceived += size;
        rate.add(now, size);
        if (data.retransmitted()) {
            packetsRetransmitted++;
        }
        if (data.key() != EncryptionKey.NONE
                && (decryptor == null
                        || !decryptor.decryptInPlace(data.sequenceNumber(), data.key(), data.payload()))) {
            packetsUndecryptable++;
            data.release();
            return;
        }
        long seq = sequences.unwrap(data.sequenceNumber());
        switch (buffer.offer(seq, data)) {
            case STORED -> {
                if (seq > highestReceived) {
                    if (seq > highestReceived + 1) {
                        long first = highestReceived + 1;
                        losses.add(first, seq - 1, now);
                        packetsLost += seq - first;
                        sendNak(List.of(new LossList.Loss(first, seq - 1)), now);
                    }
                    highestReceived = seq;
                    sequences.advance(seq);
                } else {
                    losses.remove(seq);
                }
            }
            case DUPLICATE, TOO_OLD -> {
                packetsDuplicate++;
                data.release();
            }
            case TOO_FAR_AHEAD, OVER_BUDGET -> {
                // Beyond what we may hold: the sender will retransmit it once we catch up (the budget counts it).
                data.release();
            }
        }
        if (++packetsSinceLightAck >= LIGHT_ACK_PACKETS) {
            packetsSinceLightAck = 0;
            output.lightAck(SequenceUnwrapper.wrap(ackPoint()), now);
        }
    }

    /** The peer acknowledged our full ACK {@code ackNumber}: an RTT sample. */
    public void onAckAck(int ackNumber, long now) {
        int index = Math.floorMod(ackNumber, ACK_HISTORY);
        if (ackNumbers[index] == ackNumber && ackSentMicros[index] > 0) {
            rtt.sample(now - ackSentMicros[index]);
            ackSentMicros[index] = 0;
        }
    }

    /** The sender gave up on {@code first..last} (wire form): no retransmission will come. */
    public void onDropRequest(int firstWire, int lastWire, long now) {
        if (closed) {
            return;
        }
        long first = sequences.unwrap(firstWire);
        long last = sequences.unwrap(lastWire);
        if (last < first || last - first > buffer.window()) {
            return;
        }
        packetsDropped += losses.removeRange(Math.max(first, buffer.head()), last);
        if (last > highestReceived) {
            highestReceived = last; // nothing before it will come
            sequences.advance(last);
        }
        deliver(now);
    }

    // ---- delivery (TSBPD) --------------------------------------------------------------------------------------

    private long playTime(DataPacket p) {
        return tsbpdBaseMicros + deliveryTimestamps.unwrap(p.timestamp()) + latencyMicros;
    }

    private void deliver(long now) {
        while (!closed) {
            DataPacket head = buffer.peekHead();
            long headSeq = buffer.head();
            if (head != null) {
                if (playTime(head) > now) {
                    return;
                }
                buffer.pollHead();
                handOver(head);
                continue;
            }
            if (headSeq > highestReceived) {
                return; // nothing received beyond
            }
            if (!losses.contains(headSeq)) {
                buffer.pollHead(); // dropped by the sender: nothing will come
                continue;
            }
            long next = buffer.nextStored(headSeq + 1, highestReceived + 1);
            if (next < 0 || playTime(buffer.get(next)) > now) {
                return; // still time for the retransmission to arrive
            }
            // Too late: the packet after the gap must play now, so the gap is given up (TLPKTDROP).
            packetsDropped += losses.removeBefore(next);
            while (buffer.head() < next) {
                buffer.pollHead();
            }
        }
    }

    /**
     * The caller said goodbye: what it sent and we hold is handed over now rather than at play time, skipping any
     * gap that can no longer be repaired.
     */
    public void flush() {
        while (!closed && buffer.head() <= highestReceived) {
            DataPacket p = buffer.pollHead();
            if (p != null) {
                handOver(p);
            } else if (losses.remove(buffer.head() - 1)) {
                packetsDropped++;
            }
        }
    }

    private void handOver(DataPacket p) {
        try {
            packetsDelivered++;
            bytesDelivered += p.payload().readableBytes();
            output.deliver(p.payload());
        } finally {
            p.release();
        }
    }

    // ---- timers ----------------------------------------------------------------------------------------------------

    /** Delivers what is due, acknowledges and reports losses as their intervals say (every few milliseconds). */
    public void tick(long now) {
        if (closed) {
            return;
        }
        deliver(now);
        rate.roll(now);
        long ackPoint = ackPoint();
        long sinceAck = now - lastFullAckMicros;
        if ((ackPoint != lastFullAckPoint && sinceAck >= FULL_ACK_INTERVAL_MICROS)
                || (packetsReceived > 0 && sinceAck >= unchangedAckInterval())) {
            sendFullAck(ackPoint, now);
        }
        long nakInterval = Math.max(
                MIN_NAK_INTERVAL_MICROS,
                Math.min(
                        (rtt.rttMicros() + 4 * rtt.varianceMicros()) / 2,
                        Math.max(latencyMicros / NAKS_PER_LATENCY, rtt.rttMicros() / 2)));
        List<LossList.Loss> due = losses.dueForReport(now, nakInterval, MAX_NAK_RANGES);
        if (!due.isEmpty()) {
            sendNak(due, now);
        }
    }

    /**
     * How long before the same ACK point is acknowledged again (so the sender keeps measuring RTT). Any ACK resets a
     * libsrt sender's ACK timeout, after which it retransmits everything unacknowledged; that is the only repair of
     * a lost last packet (no later packet shows the gap), so an unchanged ACK must leave it more than the sender's
     * SRTT + 4 RTTVar + 20 ms (twice, with room), or at a long round trip the tail would never come.
     */
    private long unchangedAckInterval() {
        return Math.max(IDLE_ACK_INTERVAL_MICROS, 2 * (rtt.rttMicros() + 4 * rtt.varianceMicros()) + 50_000);
    }

    private long ackPoint() {
        long point = highestReceived + 1;
        long firstLoss = losses.first();
        if (firstLoss >= 0 && firstLoss < point) {
            point = firstLoss;
        }
        return Math.max(point, buffer.head());
    }

    private void sendFullAck(long ackPoint, long now) {
        int number = nextAckNumber;
        nextAckNumber = nextAckNumber == Integer.MAX_VALUE ? 1 : nextAckNumber + 1;
        int index = Math.floorMod(number, ACK_HISTORY);
        ackNumbers[index] = number;
        ackSentMicros[index] = now;
        lastFullAckPoint = ackPoint;
        lastFullAckMicros = now;
        int pps = (int) rate.packetsPerSecond();
        output.fullAck(
                new FullAck(
                        number,
                        SequenceUnwrapper.wrap(ackPoint),
                        (int) rtt.rttMicros(),
                        (int) rtt.varianceMicros(),
                        Math.max(2, buffer.window() - buffer.count()),
                        pps,
                        Math.max(pps, 1000),
                        (int) rate.bytesPerSecond()),
                now);
        ackSent++;
    }

    private void sendNak(List<LossList.Loss> ranges, long now) {
        List<SequenceRange> wire = new ArrayList<>(ranges.size());
        for (LossList.Loss loss : ranges) {
            wire.add(new SequenceRange(SequenceUnwrapper.wrap(loss.first()), SequenceUnwrapper.wrap(loss.last())));
        }
        output.nak(wire, now);
        nakSent++;
    }

    /** Releases what it holds and its share of the budget; nothing more is delivered or sent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffer.clear();
        account.close();
    }

    /** What it received, repaired, dropped and delivered so far. */
    public ReceiverStatistics statistics() {
        int buffered = buffer.count();
        int bufferedMillis = 0;
        DataPacket first = buffer.peekHead();
        if (first != null && highestReceived >= buffer.head()) {
            DataPacket last = buffer.get(highestReceived);
            if (last != null) {
                bufferedMillis = (int)
                        ((Integer.toUnsignedLong(last.timestamp()) - Integer.toUnsignedLong(first.timestamp())) / 1000);
            }
        }
        return new ReceiverStatistics(
                packetsReceived,
                bytesReceived,
                packetsLost,
                packetsRetransmitted,
                packetsDropped,
                packetsDuplicate,
                packetsUndecryptable,
                packetsDelivered,
                bytesDelivered,
                rtt.rttMicros() / 1000.0,
                rtt.varianceMicros() / 1000.0,
                rate.bytesPerSecond() * 8,
                buffered,
                Math.max(0, bufferedMillis),
                nakSent,
                ackSent);
    }
}
