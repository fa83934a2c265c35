package org.millrace.srt.listener;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.millrace.srt.crypto.StreamDecryptor;
import org.millrace.srt.packet.AckAckPacket;
import org.millrace.srt.packet.AckPacket;
import org.millrace.srt.packet.ControlPacket;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.DropRequestPacket;
import org.millrace.srt.packet.EncryptionKey;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.KeepAlivePacket;
import org.millrace.srt.packet.KeyMaterialPacket;
import org.millrace.srt.packet.NakPacket;
import org.millrace.srt.packet.SequenceRange;
import org.millrace.srt.packet.ShutdownPacket;
import org.millrace.srt.packet.SrtPacket;
import org.millrace.srt.receiver.BufferBudget;
import org.millrace.srt.receiver.LossList;
import org.millrace.srt.receiver.RateMeter;
import org.millrace.srt.receiver.ReceiveBuffer;
import org.millrace.srt.receiver.ReceiverStatistics;
import org.millrace.srt.receiver.RttEstimator;
import org.millrace.srt.receiver.SequenceUnwrapper;
import org.millrace.srt.receiver.TimestampUnwrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.EventLoop;

/**
 * The receiving side of one accepted connection, driven by its listener's event loop: buffers and reorders data,
 * reports losses (NAK at once and periodically), acknowledges (full ACK every 10 ms, light ACK every 64 packets),
 * measures RTT from ACKACKs, decrypts, and hands payloads to the {@link StreamHandler} at their play time (TSBPD),
 * dropping what is too late to play.
 */
final class SrtConnection implements SrtConnectionInfo {
    private static final Logger LOG = LoggerFactory.getLogger(SrtConnection.class);
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
    private static final long KEEPALIVE_INTERVAL_MICROS = 1_000_000;
    private static final long STATS_INTERVAL_MICROS = 250_000;
    private static final int LIGHT_ACK_PACKETS = 64;
    private static final int MAX_NAK_RANGES = 160; // two words each: a NAK stays well inside one datagram
    /** Full ACKs remembered for RTT samples: 2.56 s of them at one per 10 ms, beyond any latency we grant. */
    private static final int ACK_HISTORY = 256;
    /** The ring's first size: an idle connection costs little, a busy one grows it (up to its window). */
    private static final int INITIAL_SLOTS = 64;

    private final int socketId;
    private final int peerSocketId;
    private final InetSocketAddress peer;
    private final String streamId;
    private final int latencyMillis;
    private final long latencyMicros;
    private final String peerVersion;
    private final StreamHandler handler;
    private final StreamDecryptor decryptor;
    private final KeyMaterialExchange keyExchange;
    private final PacketSender sender;
    private final EventLoop loop;
    private final Runnable onClosed;
    private final long peerIdleTimeoutMicros;
    private final long startMicros;
    private final long tsbpdBaseMicros;
    private final HandshakePacket conclusionResponse;

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
    private long lastReceivedMicros;
    private long lastSentMicros;
    private long lastStatsMicros;
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
    private volatile ReceiverStatistics snapshot;

    SrtConnection(int socketId, HandshakePacket conclusion, InetSocketAddress peer, int latencyMillis,
                  StreamHandler handler, KeyMaterialExchange keyExchange, PacketSender sender, EventLoop loop,
                  Runnable onClosed, long peerIdleTimeoutMicros, int windowPackets, BufferBudget.Account account,
                  long nowMicros, HandshakePacket conclusionResponse) {
        this.socketId = socketId;
        this.peerSocketId = conclusion.socketId();
        this.peer = peer;
        this.streamId = conclusion.streamId().orElse("");
        this.latencyMillis = latencyMillis;
        this.latencyMicros = latencyMillis * 1000L;
        this.peerVersion = conclusion.hs().map(h -> h.versionString()).orElse("?");
        this.handler = handler;
        this.keyExchange = keyExchange;
        this.decryptor = keyExchange == null ? null : keyExchange.decryptor();
        this.sender = sender;
        this.loop = loop;
        this.onClosed = onClosed;
        this.peerIdleTimeoutMicros = peerIdleTimeoutMicros;
        this.startMicros = nowMicros;
        // The caller's clock read conclusion.timestamp() when it sent the conclusion, about now on ours.
        this.tsbpdBaseMicros = nowMicros - Integer.toUnsignedLong(conclusion.timestamp());
        this.conclusionResponse = conclusionResponse;
        this.sequences = new SequenceUnwrapper(conclusion.initialSequenceNumber());
        long isn = sequences.unwrap(conclusion.initialSequenceNumber());
        this.account = account;
        this.buffer = new ReceiveBuffer(windowPackets, INITIAL_SLOTS, isn, account);
        this.highestReceived = isn - 1;
        this.lastReceivedMicros = nowMicros;
        this.lastSentMicros = nowMicros;
        this.snapshot = snapshotNow();
    }

    HandshakePacket conclusionResponse() {
        return conclusionResponse;
    }

    int peerSocketId() {
        return peerSocketId;
    }

    boolean isClosed() {
        return closed;
    }

    // ---- inbound -------------------------------------------------------------------------------------------

    void onPacket(SrtPacket packet, long now) {
        if (closed) {
            if (packet instanceof DataPacket d) {
                d.release();
            }
            return;
        }
        lastReceivedMicros = now;
        if (packet instanceof DataPacket data) {
            onData(data, now);
            deliver(now);
        } else {
            onControl((ControlPacket) packet, now);
        }
    }

    private void onData(DataPacket data, long now) {
        int size = data.payload().readableBytes();
        packetsReceived++;
        bytesReceived += size;
        rate.add(now, size);
        if (data.retransmitted()) {
            packetsRetransmitted++;
        }
        if (data.key() != EncryptionKey.NONE
                && (decryptor == null || !decryptor.decryptInPlace(data.sequenceNumber(), data.key(), data.payload()))) {
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
            send(new AckPacket(0, SequenceUnwrapper.wrap(ackPoint()), AckPacket.Kind.LIGHT, 0, 0, 0, 0, 0, 0, timestamp(now), peerSocketId),
                    now);
        }
    }

    private void onControl(ControlPacket packet, long now) {
        if (packet instanceof AckAckPacket ackAck) {
            int index = Math.floorMod(ackAck.ackNumber(), ACK_HISTORY);
            if (ackNumbers[index] == ackAck.ackNumber() && ackSentMicros[index] > 0) {
                rtt.sample(now - ackSentMicros[index]);
                ackSentMicros[index] = 0;
            }
        } else if (packet instanceof KeepAlivePacket) {
            // lastReceivedMicros is already updated
        } else if (packet instanceof ShutdownPacket) {
            flushBuffered();
            close(CloseReason.PEER_CLOSED, false);
        } else if (packet instanceof DropRequestPacket drop) {
            onDropRequest(drop);
            deliver(now);
        } else if (packet instanceof KeyMaterialPacket km && !km.response()) {
            onKeyMaterial(km, now);
        } else if (packet instanceof HandshakePacket h && h.isConclusion()) {
            send(conclusionResponse, now); // the caller missed our answer: the same one again
        }
    }

    private void onDropRequest(DropRequestPacket drop) {
        long first = sequences.unwrap(drop.first());
        long last = sequences.unwrap(drop.last());
        if (last < first || last - first > buffer.window()) {
            return;
        }
        packetsDropped += losses.removeRange(Math.max(first, buffer.head()), last);
        if (last > highestReceived) {
            highestReceived = last; // nothing before it will come
            sequences.advance(last);
        }
    }

    private void onKeyMaterial(KeyMaterialPacket packet, long now) {
        if (keyExchange == null) {
            return;
        }
        keyExchange.onRequest(packet.message(), now, answer -> {
            if (!closed) {
                send(new KeyMaterialPacket(true, answer, timestamp(now), peerSocketId), now);
            }
        });
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
    private void flushBuffered() {
        while (buffer.head() <= highestReceived) {
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
            handler.onData(p.payload());
        } catch (RuntimeException e) {
            LOG.error("SRT connection {}: stream handler failed", Integer.toHexString(socketId), e);
        } finally {
            p.release();
        }
    }

    // ---- timers ----------------------------------------------------------------------------------------------------

    /** Called by the listener's tick (every few milliseconds). */
    void tick(long now) {
        if (closed) {
            return;
        }
        if (now - lastReceivedMicros > peerIdleTimeoutMicros) {
            close(CloseReason.PEER_IDLE_TIMEOUT, true);
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
        long nakInterval = Math.max(MIN_NAK_INTERVAL_MICROS,
                Math.min((rtt.rttMicros() + 4 * rtt.varianceMicros()) / 2,
                        Math.max(latencyMicros / NAKS_PER_LATENCY, rtt.rttMicros() / 2)));
        List<LossList.Loss> due = losses.dueForReport(now, nakInterval, MAX_NAK_RANGES);
        if (!due.isEmpty()) {
            sendNak(due, now);
        }
        if (now - lastSentMicros >= KEEPALIVE_INTERVAL_MICROS) {
            send(new KeepAlivePacket(timestamp(now), peerSocketId), now);
        }
        if (now - lastStatsMicros >= STATS_INTERVAL_MICROS) {
            lastStatsMicros = now;
            snapshot = snapshotNow();
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
        send(new AckPacket(number, SequenceUnwrapper.wrap(ackPoint), AckPacket.Kind.FULL, (int) rtt.rttMicros(),
                (int) rtt.varianceMicros(), Math.max(2, buffer.window() - buffer.count()), pps, Math.max(pps, 1000),
                (int) rate.bytesPerSecond(), timestamp(now), peerSocketId), now);
        ackSent++;
    }

    private void sendNak(List<LossList.Loss> ranges, long now) {
        List<SequenceRange> wire = new ArrayList<>(ranges.size());
        for (LossList.Loss loss : ranges) {
            wire.add(new SequenceRange(SequenceUnwrapper.wrap(loss.first()), SequenceUnwrapper.wrap(loss.last())));
        }
        send(new NakPacket(wire, timestamp(now), peerSocketId), now);
        nakSent++;
    }

    private int timestamp(long now) {
        return (int) (now - startMicros);
    }

    private void send(SrtPacket packet, long now) {
        lastSentMicros = now;
        sender.send(packet, peer);
    }

    // ---- closing and info ----------------------------------------------------------------------------------------

    /** Closes on the event loop; {@code notifyPeer} sends SHUTDOWN first. */
    void close(CloseReason reason, boolean notifyPeer) {
        if (closed) {
            return;
        }
        closed = true;
        if (notifyPeer) {
            sender.send(new ShutdownPacket(timestamp(lastSentMicros), peerSocketId), peer);
        }
        buffer.clear();
        account.close();
        snapshot = snapshotNow();
        onClosed.run();
        try {
            handler.onClose(reason);
        } catch (RuntimeException e) {
            LOG.error("SRT connection {}: stream handler failed on close", Integer.toHexString(socketId), e);
        }
    }

    @Override
    public void close() {
        loop.execute(() -> close(CloseReason.LOCAL_CLOSE, true));
    }

    private ReceiverStatistics snapshotNow() {
        int buffered = buffer.count();
        int bufferedMillis = 0;
        DataPacket first = buffer.peekHead();
        if (first != null && highestReceived >= buffer.head()) {
            DataPacket last = buffer.get(highestReceived);
            if (last != null) {
                bufferedMillis = (int) ((Integer.toUnsignedLong(last.timestamp())
                        - Integer.toUnsignedLong(first.timestamp())) / 1000);
            }
        }
        return new ReceiverStatistics(packetsReceived, bytesReceived, packetsLost, packetsRetransmitted,
                packetsDropped, packetsDuplicate, packetsUndecryptable, packetsDelivered, bytesDelivered,
                rtt.rttMicros() / 1000.0, rtt.varianceMicros() / 1000.0, rate.bytesPerSecond() * 8, buffered,
                Math.max(0, bufferedMillis), nakSent, ackSent);
    }

    @Override
    public int socketId() {
        return socketId;
    }

    @Override
    public InetSocketAddress peer() {
        return peer;
    }

    @Override
    public String streamId() {
        return streamId;
    }

    @Override
    public int latencyMillis() {
        return latencyMillis;
    }

    @Override
    public boolean encrypted() {
        return decryptor != null;
    }

    @Override
    public String peerVersion() {
        return peerVersion;
    }

    @Override
    public ReceiverStatistics statistics() {
        return snapshot;
    }

    @Override
    public String toString() {
        return "SrtConnection[" + Integer.toHexString(socketId) + " from " + peer + "]";
    }
}
