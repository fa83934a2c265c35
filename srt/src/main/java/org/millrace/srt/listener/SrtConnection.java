package org.millrace.srt.listener;

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

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

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

    private final int socketId;
    private final int peerSocketId;
    private final InetSocketAddress peer;
    private final String streamId;
    private final int latencyMillis;
    private final String peerVersion;
    private final StreamHandler handler;
    private final StreamDecryptor decryptor;
    private final KeyMaterialExchange keyExchange;
    private final PacketSender sender;
    private final EventLoop loop;
    private final Runnable onClosed;
    private final long peerIdleTimeoutMicros;
    private final long startMicros;
    private final HandshakePacket conclusionResponse;
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
    SrtConnection(ConnectionSetup setup, PacketSender sender, EventLoop loop, Runnable onClosed,
                  BufferBudget.Account account, long nowMicros) {
        HandshakePacket conclusion = setup.conclusion();
        this.socketId = setup.socketId();
        this.peerSocketId = conclusion.socketId();
        this.peer = setup.peer();
        this.streamId = conclusion.streamId().orElse("");
        this.latencyMillis = setup.latencyMillis();
        this.peerVersion = conclusion.hs().map(h -> h.versionString()).orElse("?");
        this.handler = setup.handler();
        this.keyExchange = setup.keyExchange();
        this.decryptor = keyExchange == null ? null : keyExchange.decryptor();
        this.sender = sender;
        this.loop = loop;
        this.onClosed = onClosed;
        this.peerIdleTimeoutMicros = setup.peerIdleTimeoutMicros();
        this.startMicros = nowMicros;
        this.conclusionResponse = setup.conclusionResponse();
        // The caller's clock read conclusion.timestamp() when it sent the conclusion, about now on ours.
        long tsbpdBaseMicros = nowMicros - Integer.toUnsignedLong(conclusion.timestamp());
        this.receiver = new LiveReceiver(conclusion.initialSequenceNumber(), latencyMillis, tsbpdBaseMicros,
                setup.windowPackets(), decryptor == null ? null : decryptor::decryptInPlace, account, this);
        this.lastReceivedMicros = nowMicros;
        this.lastSentMicros = nowMicros;
        this.snapshot = receiver.statistics();
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
            send(conclusionResponse, now); // the caller missed our answer: the same one again
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

    // ---- the receiver's decisions --------------------------------------------------------------------------------

    @Override
    public void deliver(ByteBuf payload) {
        try {
            handler.onData(payload);
        } catch (RuntimeException e) {
            LOG.error("SRT connection {}: stream handler failed", Integer.toHexString(socketId), e);
        }
    }

    @Override
    public void lightAck(int ackSequence, long now) {
        send(new AckPacket(0, ackSequence, AckPacket.Kind.LIGHT, 0, 0, 0, 0, 0, 0, timestamp(now), peerSocketId), now);
    }

    @Override
    public void fullAck(LiveReceiver.FullAck ack, long now) {
        send(new AckPacket(ack.number(), ack.ackSequence(), AckPacket.Kind.FULL, ack.rttMicros(),
                ack.rttVarianceMicros(), ack.availableBuffer(), ack.packetsPerSecond(), ack.linkCapacity(),
                ack.bytesPerSecond(), timestamp(now), peerSocketId), now);
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
        if (now - lastReceivedMicros > peerIdleTimeoutMicros) {
            close(CloseReason.PEER_IDLE_TIMEOUT, true);
            return;
        }
        receiver.tick(now);
        if (closed) {
            return; // the handler closed it from a delivery
        }
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
        receiver.close();
        snapshot = receiver.statistics();
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
