package org.millrace.srt.listener;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.millrace.srt.crypto.KeyDerivationPool;
import org.millrace.srt.crypto.KeyEncryptingKey;
import org.millrace.srt.crypto.StreamDecryptor;
import org.millrace.srt.crypto.StreamKeys;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.HandshakeAnswers;
import org.millrace.srt.handshake.HandshakeResponder;
import org.millrace.srt.handshake.LogThrottle;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.handshake.SourceQuotas;
import org.millrace.srt.handshake.SrtAcceptor;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.HsExtension;
import org.millrace.srt.packet.MalformedPacketException;
import org.millrace.srt.packet.PacketCodec;
import org.millrace.srt.packet.SrtPacket;
import org.millrace.srt.receiver.BufferBudget;
import org.millrace.srt.stream.CloseReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SRT listener on one UDP port: hands handshakes to its {@link HandshakeResponder} and opens the connections it
 * admits, routes packets to connections by destination socket id, and drives every connection's timers from one
 * tick on its event loop. Anything that is not a valid packet for a live connection is dropped and counted.
 */
public final class SrtListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SrtListener.class);
    private static final long TICK_MILLIS = 5;
    private static final long LOG_INTERVAL_MICROS = 10_000_000;

    private final SrtListenerConfig config;
    private final LongSupplier nanoClock;
    private final SecureRandom random;
    private final ListenerCounters counters = new ListenerCounters();
    private final BufferBudget budget;
    private final EventLoopGroup group;
    private final Channel channel;
    private final ScheduledFuture<?> ticker;
    private final KeyDerivationPool derivations;

    // Event-loop confined state.
    private final Map<Integer, SrtConnection> bySocketId = new HashMap<>();
    private final Map<PeerKey, SrtConnection> byPeer = new HashMap<>();
    private final SourceQuotas quotas;
    private final HandshakeResponder handshakes;
    private final LogThrottle errorLog = new LogThrottle(LOG_INTERVAL_MICROS);

    private record PeerKey(InetSocketAddress address, int socketId) {}

    private SrtListener(SrtListenerConfig config, SrtAcceptor acceptor, LongSupplier nanoClock)
            throws InterruptedException {
        this.config = config;
        this.nanoClock = nanoClock;
        this.random = new SecureRandom();
        SrtListenerLimits limits = config.limits();
        this.quotas = new SourceQuotas(
                limits.connectionsPerSource(),
                limits.pendingPerSource(),
                limits.handshakesPerSecondPerSource(),
                limits.unlimitedSources());
        this.derivations = new KeyDerivationPool(
                limits.keyDerivationThreads(), limits.keyDerivationQueue(), counters.keyDerivations);
        // Ready before the socket is bound: the first datagram may be a handshake.
        this.handshakes = new HandshakeResponder(
                acceptor,
                quotas,
                derivations,
                this::onEventLoop,
                new Handshakes(),
                new HandshakeResponder.Limits(
                        config.maxPendingHandshakes(),
                        config.maxConnections(),
                        config.acceptTimeout().toMillis(),
                        limits.rejectionCacheSize(),
                        limits.rejectionsPerSource()),
                random,
                nowMicros());
        this.budget = new BufferBudget(config.bufferBudgetBytes(), ReceiveWindow.BYTES_PER_PACKET);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // A named thread, so its CPU time can be told apart (the benchmark reads it).
        this.group = new MultiThreadIoEventLoopGroup(
                1, new io.netty.util.concurrent.DefaultThreadFactory("srt-listener", true), io);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, config.receiveBufferBytes())
                .option(ChannelOption.SO_SNDBUF, 1024 * 1024)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(ReceiveWindow.BYTES_PER_PACKET))
                .handler(new Inbound());
        try {
            this.channel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            derivations.close();
            throw e;
        }
        this.ticker =
                channel.eventLoop().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info(
                "SRT listener on udp {} ({}, receive buffer {} bytes)",
                channel.localAddress(),
                epoll ? "epoll" : "nio",
                ((DatagramChannel) channel).config().getReceiveBufferSize());
    }

    /** Binds the port and starts answering; blocks until bound. */
    public static SrtListener bind(SrtListenerConfig config, SrtAcceptor acceptor) throws InterruptedException {
        return new SrtListener(config, acceptor, System::nanoTime);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public ListenerCounters counters() {
        return counters;
    }

    /** The receive-buffer memory all connections share: held, peak, refused packets. */
    public BufferBudget bufferBudget() {
        return budget;
    }

    /** Open connections right now. */
    public int connectionCount() {
        try {
            return channel.eventLoop().submit(bySocketId::size).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    /** Handshake and connection entries held right now (pending decisions, cached rejections, connections). */
    int handshakeStateSize() {
        try {
            return channel.eventLoop()
                    .submit(() -> handshakes.size() + byPeer.size() + bySocketId.size())
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    private long nowMicros() {
        return nanoClock.getAsLong() / 1000;
    }

    private void onEventLoop(Runnable task) {
        channel.eventLoop().execute(task);
    }

    // ---- inbound -------------------------------------------------------------------------------------------------

    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
            counters.datagrams.incrementAndGet();
            SrtPacket packet;
            try {
                packet = PacketCodec.decode(datagram.content());
            } catch (MalformedPacketException e) {
                counters.malformed.incrementAndGet();
                return;
            }
            try {
                route(packet, datagram.sender());
            } catch (RuntimeException e) {
                counters.errors.incrementAndGet();
                long held = errorLog.admit(nowMicros());
                if (held >= 0) {
                    LOG.warn(
                            "SRT listener: error handling a packet from {}{}",
                            datagram.sender(),
                            LogThrottle.heldBackNote(held),
                            e);
                }
                if (packet instanceof DataPacket d) {
                    d.release();
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            counters.errors.incrementAndGet();
            long held = errorLog.admit(nowMicros());
            if (held >= 0) {
                LOG.warn("SRT listener socket error: {}{}", cause.toString(), LogThrottle.heldBackNote(held));
            }
        }
    }

    private void route(SrtPacket packet, InetSocketAddress from) {
        long now = nowMicros();
        if (packet.destinationSocketId() == 0) {
            if (packet instanceof HandshakePacket handshake) {
                if (!handshakes.onHandshake(handshake, from, now)) {
                    counters.malformed.incrementAndGet();
                }
            } else {
                counters.unknownSocket.incrementAndGet();
                release(packet);
            }
            return;
        }
        SrtConnection connection = bySocketId.get(packet.destinationSocketId());
        if (connection == null) {
            counters.unknownSocket.incrementAndGet();
            release(packet);
            return;
        }
        if (!connection.peer().equals(from)) {
            counters.wrongPeer.incrementAndGet();
            release(packet);
            return;
        }
        connection.onPacket(packet, now);
    }

    private static void release(SrtPacket packet) {
        if (packet instanceof DataPacket d) {
            d.release();
        }
    }

    // ---- connections ------------------------------------------------------------------------------------------

    /** What the handshake responder asks of this listener. */
    private final class Handshakes implements HandshakeResponder.Host {
        @Override
        public long nowMicros() {
            return SrtListener.this.nowMicros();
        }

        @Override
        public void send(HandshakePacket answer, InetSocketAddress to) {
            SrtListener.this.send(answer, to);
        }

        @Override
        public HandshakePacket openConnectionAnswer(InetSocketAddress from, int callerSocketId) {
            SrtConnection open = byPeer.get(new PeerKey(from, callerSocketId));
            return open == null ? null : open.conclusionResponse();
        }

        @Override
        public int connectionCount() {
            return bySocketId.size();
        }

        @Override
        public boolean active() {
            return channel.isActive();
        }

        @Override
        public void establish(
                HandshakePacket conclusion,
                InetSocketAddress from,
                AcceptDecision decision,
                KeyEncryptingKey kek,
                StreamKeys keys,
                long now) {
            SrtListener.this.establish(conclusion, new PeerKey(from, conclusion.socketId()), decision, kek, keys, now);
        }

        @Override
        public void count(HandshakeResponder.Outcome outcome) {
            switch (outcome) {
                case BAD_COOKIE -> counters.badCookie.incrementAndGet();
                case REJECTED -> counters.rejected.incrementAndGet();
                case SOURCE_LIMITED -> counters.sourceLimited.incrementAndGet();
                case KEY_DERIVATION_REFUSED -> counters.keyDerivationsRefused.incrementAndGet();
            }
        }
    }

    /** Opens the connection and answers the caller; {@code kek} and {@code keys} are null when not encrypted. */
    private void establish(
            HandshakePacket hs, PeerKey key, AcceptDecision decision, KeyEncryptingKey kek, StreamKeys keys, long now) {
        if (!quotas.connectionFits(key.address().getAddress())) {
            counters.sourceLimited.incrementAndGet(); // others from its source got in while this one was pending
            handshakes.reject(hs, key.address(), RejectReason.OVERLOAD, now);
            return;
        }
        if (budget.exhausted()) {
            handshakes.reject(hs, key.address(), RejectReason.BACKLOG, now); // no memory left to receive into
            return;
        }
        int socketId = newSocketId();
        KeyMaterialExchange keyExchange = kek == null
                ? null
                : new KeyMaterialExchange(
                        new StreamDecryptor(keys),
                        kek,
                        decision.passphrase(),
                        derivations,
                        channel.eventLoop(),
                        counters,
                        Integer.toHexString(socketId),
                        now);
        boolean encrypted = keyExchange != null;
        HsExtension theirs = hs.hs().orElseThrow();
        // A caller may ask for up to 65 s; what it gets is capped, since latency is what a connection may hold.
        int ourLatency = (int) config.latency().toMillis();
        int maxLatency = (int) config.maxLatency().toMillis();
        int receiveLatency = Math.min(maxLatency, Math.max(ourLatency, theirs.senderDelayMs()));
        int peerLatency = Math.min(maxLatency, Math.max(ourLatency, theirs.receiverDelayMs()));
        HandshakePacket response = HandshakeAnswers.conclusion(
                hs, socketId, receiveLatency, peerLatency, encrypted, handshakes.timestamp(now), key.address());
        ConnectionSetup setup = new ConnectionSetup(
                socketId,
                hs,
                response,
                key.address(),
                receiveLatency,
                ReceiveWindow.packets(receiveLatency, config.maxBitrate()),
                config.peerIdleTimeout().toNanos() / 1000,
                decision.handler(),
                keyExchange);
        SrtConnection connection = new SrtConnection(
                setup, this::send, channel.eventLoop(), () -> forget(socketId, key), budget.open(), now);
        bySocketId.put(socketId, connection);
        byPeer.put(key, connection);
        quotas.connectionOpened(key.address().getAddress());
        counters.accepted.incrementAndGet();
        send(response, key.address());
        LOG.info(
                "SRT connection {} from {} accepted (libsrt {}, latency {} ms{})",
                Integer.toHexString(socketId),
                key.address(),
                connection.peerVersion(),
                receiveLatency,
                encrypted ? ", encrypted" : "");
        try {
            decision.handler().onOpen(connection);
        } catch (RuntimeException e) {
            LOG.error("SRT stream handler failed on open", e);
            connection.close(CloseReason.LOCAL_CLOSE, true);
        }
    }

    private int newSocketId() {
        while (true) {
            int id = random.nextInt() & 0x3FFF_FFFF; // positive, non-zero, like libsrt's
            if (id != 0 && !bySocketId.containsKey(id)) {
                return id;
            }
        }
    }

    private void forget(int socketId, PeerKey key) {
        if (bySocketId.remove(socketId) != null) {
            quotas.connectionClosed(key.address().getAddress());
        }
        byPeer.remove(key);
    }

    // ---- outbound and timers ---------------------------------------------------------------------------------------

    private void send(SrtPacket packet, InetSocketAddress to) {
        ByteBuf bytes = PacketCodec.encode(packet, channel.alloc());
        channel.write(new DatagramPacket(bytes, to), channel.voidPromise());
    }

    private void tick() {
        long now = nowMicros();
        try {
            for (SrtConnection connection : new ArrayList<>(bySocketId.values())) {
                try {
                    connection.tick(now);
                } catch (RuntimeException e) {
                    counters.errors.incrementAndGet();
                    LOG.error("SRT connection {} failed in its timer", connection, e);
                    connection.close(CloseReason.LOCAL_CLOSE, true);
                }
            }
            handshakes.expire(now);
        } finally {
            channel.flush();
        }
    }

    /** Closes every connection (SHUTDOWN to each caller) and the socket. */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Closes the socket without a word to the callers, as a killed process would (they find out from ICMP port
     * unreachable or their peer idle timeout): failover drills and tests. Handlers still get their close, so what
     * they hold in this process ends.
     */
    public void abort() {
        close(false);
    }

    private void close(boolean notifyCallers) {
        try {
            channel.eventLoop()
                    .submit(() -> {
                        ticker.cancel(false);
                        List<SrtConnection> all = new ArrayList<>(bySocketId.values());
                        for (SrtConnection c : all) {
                            c.close(CloseReason.LOCAL_CLOSE, notifyCallers);
                        }
                        channel.flush();
                    })
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("SRT listener: closing connections: {}", e.toString());
        }
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        derivations.close();
        LOG.info("SRT listener on {} closed", channel.localAddress());
    }
}
