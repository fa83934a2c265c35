package org.millrace.srt.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.List;
import org.millrace.srt.crypto.StreamDecryptor;
import org.millrace.srt.packet.AckAckPacket;
import org.millrace.srt.packet.AckPacket;
import org.millrace.srt.packet.ControlPacket;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.DropRequestPacket;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.KeepAlivePacket;
import org.millrace.srt.packet.KeyMaterialPacket;
import org.millrace.srt.packet.NakPacket;
import org.millrace.srt.packet.SequenceRange;
import org.millrace.srt.packet.ShutdownPacket;
import org.millrace.srt.packet.SrtPacket;
import org.millrace.srt.receiver.BufferBudget;
import org.millrace.srt.receiver.LiveReceiver;
import org.millrace.srt.receiver.ReceiverStatistics;
import org.millrace.srt.stream.CloseReason;
import org.millrace.srt.stream.SrtConnectionInfo;
import org.millrace.srt.stream.StreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection on its listener's event loop: the session around a {@link LiveReceiver} (which decides
 * what to deliver, acknowledge and report lost): it turns the receiver's decisions into packets to the peer and
 * payloads to the {@link StreamHandler}, answers key material refreshes, keeps the peer alive, and closes on
 * SHUTDOWN, on silence or when asked.
 */
final class SrtConnection implements SrtConnectionInfo, LiveReceiver.Output {
    private static final Logger LOG = LoggerFactory.getLogger(SrtConnection.class);
    private static final long KEEPALIVE_INTERVAL_MICROS = 1_000_000;
    private static final long STATS_INTERVAL_MICROS = 250_000;

    private final ConnectionSetup setup;
    private final int peerSocketId;
    private final String streamId;
    private final String peerVersion;
    private final PacketSender sender;
    private final EventLoop loop;
    private final Runnable onClosed;
    private final long startMicros;
    private final LiveReceiver receiver;

    private long lastReceivedMicros;
    private long lastSentMicros;
    private long lastStatsMicros;
    private boolean closed;
    private volatile ReceiverStatistics snapshot;

    /**
     * @param setup     what the handshake settled
     * @param sender    sends packets to the peer
     * @param loop      the listener's event loop, which alone drives this connection
     * @param onClosed  tells the listener to forget it
     * @param account   its share of the listener's buffer budget
     */
    SrtConnection(
            ConnectionSetup setup,
            PacketSender sender,
            EventLoop loop,
            Runnable onClosed,
            BufferBudget.Account account,
            long nowMicros) {
        HandshakePacket conclusion = setup.conclusion();
        this.setup = setup;
        this.peerSocketId = conclusion.socketId();
        this.streamId = conclusion.streamId().orElse("");
        this.peerVersion = conclusion.hs().map(h -> h.versionString()).orElse("?");
        StreamDecryptor decryptor =
                setup.keyExchange() == null ? null : setup.keyExchange().decryptor();
        this.sender = sender;
        this.loop = loop;
        this.onClosed = onClosed;
        this.startMicros = nowMicros;
        // The caller's clock read conclusion.timestamp() when it sent the conclusion, about now on ours.
        long tsbpdBaseMicros = nowMicros - Integer.toUnsignedLong(conclusion.timestamp());
        this.receiver = new LiveReceiver(
                conclusion.initialSequenceNumber(),
                setup.latencyMillis(),
                tsbpdBaseMicros,
                setup.windowPackets(),
                decryptor == null ? null : decryptor::decryptInPlace,
                account,
                this);
        this.lastReceivedMicros = nowMicros;
        this.lastSentMicros = nowMicros;
        this.snapshot = receiver.statistics();
    }

    HandshakePacket conclusionResponse() {
        return setup.conclusionResponse();
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
            receiver.push(data, now);
        } else {
            onControl((ControlPacket) packet, now);
        }
    }

    private void onControl(ControlPacket packet, long now) {
        if (packet instanceof AckAckPacket ackAck) {
            receiver.onAckAck(ackAck.ackNumber(), now);
        } else if (packet instanceof KeepAlivePacket) {
            // lastReceivedMicros is already updated
        } else if (packet instanceof ShutdownPacket) {
            receiver.flush();
            close(CloseReason.PEER_CLOSED, false);
        } else if (packet instanceof DropRequestPacket drop) {
            receiver.onDropRequest(drop.first(), drop.last(), now);
        } else if (packet instanceof KeyMaterialPacket km && !km.response()) {
            onKeyMaterial(km, now);
        } else if (packet instanceof HandshakePacket h && h.isConclusion()) {
            send(setup.conclusionResponse(), now); // the caller missed our answer: the same one again
        }
    }

    private void onKeyMaterial(KeyMaterialPacket packet, long now) {
        KeyMaterialExchange keyExchange = setup.keyExchange();
        if (keyExchange == null) {
            return;
        }
        keyExchange.onRequest(packet.message(), now, answer -> {
            if (!closed) {
                send(new KeyMaterialPacket(true, answer, timestamp(now), peerSocketId), now);
            }
        });
    }

    // ---- the receiver's decisions --------------------------------------------------------------------------------

    @Override
    public void deliver(ByteBuf payload) {
        try {
            setup.handler().onData(payload);
        } catch (RuntimeException e) {
            LOG.error("SRT connection {}: stream handler failed", Integer.toHexString(setup.socketId()), e);
        }
    }

    @Override
    public void lightAck(int ackSequence, long now) {
        send(new AckPacket(0, ackSequence, AckPacket.Kind.LIGHT, 0, 0, 0, 0, 0, 0, timestamp(now), peerSocketId), now);
    }

    @Override
    public void fullAck(LiveReceiver.FullAck ack, long now) {
        send(
                new AckPacket(
                        ack.number(),
                        ack.ackSequence(),
                        AckPacket.Kind.FULL,
                        ack.rttMicros(),
                        ack.rttVarianceMicros(),
                        ack.availableBuffer(),
                        ack.packetsPerSecond(),
                        ack.linkCapacity(),
                        ack.bytesPerSecond(),
                        timestamp(now),
                        peerSocketId),
                now);
    }

    @Override
    public void nak(List<SequenceRange> ranges, long now) {
        send(new NakPacket(ranges, timestamp(now), peerSocketId), now);
    }

    // ---- timers ----------------------------------------------------------------------------------------------------

    /** Called by the listener's tick (every few milliseconds). */
    void tick(long now) {
        if (closed) {
            return;
        }
        if (now - lastReceivedMicros > setup.peerIdleTimeoutMicros()) {
            close(CloseReason.PEER_IDLE_TIMEOUT, true);
            return;
        }
        receiver.tick(now);
        if (now - lastSentMicros >= KEEPALIVE_INTERVAL_MICROS) {
            send(new KeepAlivePacket(timestamp(now), peerSocketId), now);
        }
        if (now - lastStatsMicros >= STATS_INTERVAL_MICROS) {
            lastStatsMicros = now;
            snapshot = receiver.statistics();
        }
    }

    private int timestamp(long now) {
        return (int) (now - startMicros);
    }

    private void send(SrtPacket packet, long now) {
        lastSentMicros = now;
        sender.send(packet, setup.peer());
    }

    // ---- closing and info ----------------------------------------------------------------------------------------

    /** Closes on the event loop; {@code notifyPeer} sends SHUTDOWN first. */
    void close(CloseReason reason, boolean notifyPeer) {
        if (closed) {
            return;
        }
        closed = true;
        if (notifyPeer) {
            sender.send(new ShutdownPacket(timestamp(lastSentMicros), peerSocketId), setup.peer());
        }
        receiver.close();
        snapshot = receiver.statistics();
        onClosed.run();
        try {
            setup.handler().onClose(reason);
        } catch (RuntimeException e) {
            LOG.error("SRT connection {}: stream handler failed on close", Integer.toHexString(setup.socketId()), e);
        }
    }

    @Override
    public void close() {
        loop.execute(() -> close(CloseReason.LOCAL_CLOSE, true));
    }

    @Override
    public int socketId() {
        return setup.socketId();
    }

    @Override
    public InetSocketAddress peer() {
        return setup.peer();
    }

    @Override
    public String streamId() {
        return streamId;
    }

    @Override
    public int latencyMillis() {
        return setup.latencyMillis();
    }

    @Override
    public boolean encrypted() {
        return setup.keyExchange() != null;
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
        return "SrtConnection[" + Integer.toHexString(setup.socketId()) + " from " + setup.peer() + "]";
    }
}
