package org.millrace.srt.listener;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.millrace.srt.crypto.InvalidKeyMaterialException;
import org.millrace.srt.crypto.KeyMaterial;
import org.millrace.srt.crypto.StreamDecryptor;
import org.millrace.srt.handshake.AcceptDecision;
import org.millrace.srt.handshake.ConnectionRequest;
import org.millrace.srt.handshake.RejectReason;
import org.millrace.srt.handshake.SrtAcceptor;
import org.millrace.srt.handshake.SynCookies;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.HandshakeExtensionType;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.HandshakeType;
import org.millrace.srt.packet.HsExtension;
import org.millrace.srt.packet.MalformedPacketException;
import org.millrace.srt.packet.PacketCodec;
import org.millrace.srt.packet.PeerAddressField;
import org.millrace.srt.packet.SrtFlags;
import org.millrace.srt.packet.SrtPacket;
import org.millrace.srt.receiver.BufferBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

/**
 * An SRT listener on one UDP port: answers handshakes (stateless cookies on induction, the accept callback on
 * conclusion), routes packets to connections by destination socket id, and drives every connection's timers from one
 * tick on its event loop. Anything that is not a valid packet for a live connection is dropped and counted.
 */
public final class SrtListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SrtListener.class);
    /** libsrt 1.5.4: the version we announce in HSRSP (we implement the 1.5 receiving side). */
    private static final int SRT_VERSION = 0x010504;
    private static final int MAX_MTU = 1500;
    private static final int MIN_MTU = 76;
    private static final long TICK_MILLIS = 5;
    private static final long REJECTION_CACHE_MICROS = 10_000_000;

    private final SrtListenerConfig config;
    private final SrtAcceptor acceptor;
    private final LongSupplier nanoClock;
    private final SynCookies cookies;
    private final SecureRandom random;
    private final ListenerCounters counters = new ListenerCounters();
    private final BufferBudget budget;
    private final EventLoopGroup group;
    private final Channel channel;
    private final long startMicros;
    private final ScheduledFuture<?> ticker;

    // Event-loop confined state.
    private final Map<Integer, SrtConnection> bySocketId = new HashMap<>();
    private final Map<PeerKey, SrtConnection> byPeer = new HashMap<>();
    private final Map<PeerKey, Long> pending = new HashMap<>();
    private final Map<PeerKey, CachedRejection> rejections = new HashMap<>();

    private record PeerKey(InetSocketAddress address, int socketId) {
    }

    private record CachedRejection(HandshakePacket response, long untilMicros) {
    }

    private SrtListener(SrtListenerConfig config, SrtAcceptor acceptor, LongSupplier nanoClock) throws InterruptedException {
        this.config = config;
        this.acceptor = acceptor;
        this.nanoClock = nanoClock;
        this.random = new SecureRandom();
        this.cookies = new SynCookies(random);
        this.startMicros = nowMicros();
        this.budget = new BufferBudget(config.bufferBudgetBytes(), ReceiveWindow.BYTES_PER_PACKET);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // A named thread, so its CPU time can be told apart (the benchmark reads it).
        this.group = new MultiThreadIoEventLoopGroup(1, new io.netty.util.concurrent.DefaultThreadFactory("srt-listener", true), io);
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
            throw e;
        }
        this.ticker = channel.eventLoop().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("SRT listener on udp {} ({}, receive buffer {} bytes)", channel.localAddress(),
                epoll ? "epoll" : "nio", ((DatagramChannel) channel).config().getReceiveBufferSize());
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
            return channel.eventLoop().submit(() -> pending.size() + rejections.size() + byPeer.size()
                    + bySocketId.size()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    private long nowMicros() {
        return nanoClock.getAsLong() / 1000;
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
                LOG.warn("SRT listener: error handling a packet from {}", datagram.sender(), e);
                if (packet instanceof DataPacket d) {
                    d.release();
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            counters.errors.incrementAndGet();
            LOG.warn("SRT listener socket error: {}", cause.toString());
        }
    }

    private void route(SrtPacket packet, InetSocketAddress from) {
        long now = nowMicros();
        if (packet.destinationSocketId() == 0) {
            if (packet instanceof HandshakePacket handshake) {
                onHandshake(handshake, from, now);
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

    // ---- handshake -------------------------------------------------------------------------------------------------

    private void onHandshake(HandshakePacket hs, InetSocketAddress from, long now) {
        if (hs.isInduction()) {
            send(hs.answer(5, 0, HandshakeExtensionType.SRT_MAGIC, HandshakeType.INDUCTION, hs.socketId(),
                    cookies.cookie(from, now / 1000), Optional.empty(), Optional.empty(), Optional.empty(),
                    listenerTimestamp(now), hs.socketId()).withPeerIp(PeerAddressField.encode(from.getAddress())), from);
            return;
        }
        if (!hs.isConclusion()) {
            counters.malformed.incrementAndGet();
            return;
        }
        PeerKey key = new PeerKey(from, hs.socketId());
        SrtConnection existing = byPeer.get(key);
        if (existing != null) {
            send(existing.conclusionResponse(), from); // a repeated conclusion: the same answer again
            return;
        }
        CachedRejection rejected = rejections.get(key);
        if (rejected != null && rejected.untilMicros() > now) {
            send(rejected.response(), from);
            return;
        }
        if (pending.containsKey(key)) {
            return; // still deciding; the caller repeats its conclusion until we answer
        }
        if (!cookies.verify(from, hs.synCookie(), now / 1000)) {
            // Answered but not remembered: until the cookie checks out the source address may be forged, and a
            // flood of such conclusions (each with its own socket id) must not grow any map.
            counters.badCookie.incrementAndGet();
            counters.rejected.incrementAndGet();
            send(rejection(hs, RejectReason.ROGUE, now), from);
            return;
        }
        Optional<RejectReason> invalid = validate(hs);
        if (invalid.isPresent()) {
            reject(hs, key, invalid.get(), now);
            return;
        }
        Optional<KeyMaterial> km = Optional.empty();
        if (hs.keyMaterial().isPresent()) {
            try {
                km = Optional.of(KeyMaterial.decode(hs.keyMaterial().get()));
            } catch (InvalidKeyMaterialException e) {
                reject(hs, key, RejectReason.BADSECRET, now);
                return;
            }
        }
        if (pending.size() >= config.maxPendingHandshakes() || bySocketId.size() >= config.maxConnections()) {
            reject(hs, key, RejectReason.BACKLOG, now);
            return;
        }
        pending.put(key, now);
        ConnectionRequest request = new ConnectionRequest(hs.streamId().orElse(""), from, km.isPresent(),
                km.map(KeyMaterial::keyLength).orElse(0), hs.hs().map(HsExtension::versionString).orElse("?"));
        Optional<KeyMaterial> keyMaterial = km;
        CompletionStage<AcceptDecision> decision;
        try {
            decision = acceptor.decide(request);
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedFuture(e);
        }
        decision.toCompletableFuture().orTimeout(config.acceptTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((answer, failure) -> channel.eventLoop().execute(
                        () -> conclude(hs, key, keyMaterial, answer, failure)));
    }

    private Optional<RejectReason> validate(HandshakePacket hs) {
        if (hs.version() != 5) {
            return Optional.of(RejectReason.VERSION);
        }
        if (hs.hs().isEmpty() || hs.hsResponse()) {
            return Optional.of(RejectReason.ROGUE);
        }
        HsExtension ext = hs.hs().get();
        if (ext.has(SrtFlags.STREAM)) {
            return Optional.of(RejectReason.MESSAGEAPI); // file/stream mode: we only do live
        }
        if (!ext.has(SrtFlags.TSBPD_SND)) {
            return Optional.of(RejectReason.ROGUE); // live mode needs the sender's timestamps
        }
        if (hs.congestion().isPresent() && !hs.congestion().get().equals("live")) {
            return Optional.of(RejectReason.CONGESTION);
        }
        if (hs.mtu() < MIN_MTU || hs.mtu() > MAX_MTU) {
            return Optional.of(RejectReason.ROGUE);
        }
        return Optional.empty();
    }

    private void conclude(HandshakePacket hs, PeerKey key, Optional<KeyMaterial> km, AcceptDecision decision,
                          Throwable failure) {
        long now = nowMicros();
        pending.remove(key);
        if (!channel.isActive()) {
            return;
        }
        if (failure != null || decision == null) {
            LOG.warn("SRT accept callback failed for {}: {}", key.address(), String.valueOf(failure));
            reject(hs, key, RejectReason.UNAVAILABLE, now);
            return;
        }
        if (!decision.accepted()) {
            reject(hs, key, decision.rejection(), now);
            return;
        }
        String passphrase = decision.passphrase();
        if ((passphrase == null) != km.isEmpty()) {
            // One side wants encryption and the other does not.
            reject(hs, key, RejectReason.UNSECURE, now);
            return;
        }
        StreamDecryptor decryptor = null;
        if (passphrase != null) {
            try {
                decryptor = StreamDecryptor.fromHandshake(passphrase, km.get());
            } catch (InvalidKeyMaterialException e) {
                reject(hs, key, RejectReason.BADSECRET, now);
                return;
            }
        }
        int socketId = newSocketId();
        HsExtension theirs = hs.hs().orElseThrow();
        if (budget.exhausted()) {
            reject(hs, key, RejectReason.BACKLOG, now); // no memory left to receive into
            return;
        }
        // A caller may ask for up to 65 s; what it gets is capped, since latency is what a connection may hold.
        int ourLatency = (int) config.latency().toMillis();
        int maxLatency = (int) config.maxLatency().toMillis();
        int receiveLatency = Math.min(maxLatency, Math.max(ourLatency, theirs.senderDelayMs()));
        int peerLatency = Math.min(maxLatency, Math.max(ourLatency, theirs.receiverDelayMs()));
        // PERIODIC_NAK is not announced although we do send periodic NAKs: a libsrt sender told the receiver NAKs
        // periodically turns off its ACK-timeout retransmission (FASTREXMIT), and that is the only thing that
        // repairs a lost tail (the last packets before the sender goes quiet), which no NAK can report.
        int flags = SrtFlags.TSBPD_SND | SrtFlags.TSBPD_RCV | SrtFlags.CRYPT | SrtFlags.TLPKTDROP
                | SrtFlags.REXMIT_FLAG;
        int extension = HandshakeExtensionType.FLAG_HSREQ | (km.isPresent() ? HandshakeExtensionType.FLAG_KMREQ : 0);
        HandshakePacket response = hs.answer(5, hs.encryptionField(), extension, HandshakeType.CONCLUSION, socketId, 0,
                Optional.of(new HsExtension(SRT_VERSION, flags, receiveLatency, peerLatency)),
                km.map(k -> hs.keyMaterial().get()), Optional.empty(), listenerTimestamp(now), hs.socketId())
                .withPeerIp(PeerAddressField.encode(key.address().getAddress()));
        SrtConnection connection = new SrtConnection(socketId, hs, key.address(), receiveLatency, decision.handler(),
                decryptor, this::send, channel.eventLoop(), () -> forget(socketId, key),
                config.peerIdleTimeout().toNanos() / 1000, ReceiveWindow.packets(receiveLatency, config.maxBitrate()),
                budget.open(), now, response);
        bySocketId.put(socketId, connection);
        byPeer.put(key, connection);
        counters.accepted.incrementAndGet();
        send(response, key.address());
        LOG.info("SRT connection {} from {} accepted (libsrt {}, latency {} ms{})", Integer.toHexString(socketId),
                key.address(), connection.peerVersion(), receiveLatency, decryptor != null ? ", encrypted" : "");
        try {
            decision.handler().onOpen(connection);
        } catch (RuntimeException e) {
            LOG.error("SRT stream handler failed on open", e);
            connection.close(CloseReason.LOCAL_CLOSE, true);
        }
    }

    private HandshakePacket rejection(HandshakePacket hs, RejectReason reason, long now) {
        return hs.answer(hs.version(), 0, 0, reason.wireValue(), 0, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), listenerTimestamp(now), hs.socketId());
    }

    private void reject(HandshakePacket hs, PeerKey key, RejectReason reason, long now) {
        counters.rejected.incrementAndGet();
        HandshakePacket response = rejection(hs, reason, now);
        rejections.put(key, new CachedRejection(response, now + REJECTION_CACHE_MICROS));
        LOG.info("SRT handshake from {} rejected: {}", key.address(), reason);
        send(response, key.address());
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
        bySocketId.remove(socketId);
        byPeer.remove(key);
    }

    private int listenerTimestamp(long now) {
        return (int) (now - startMicros);
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
            Iterator<CachedRejection> it = rejections.values().iterator();
            while (it.hasNext()) {
                if (it.next().untilMicros() <= now) {
                    it.remove();
                }
            }
        } finally {
            channel.flush();
        }
    }

    /** Closes every connection (SHUTDOWN to each caller) and the socket. */
    @Override
    public void close() {
        try {
            channel.eventLoop().submit(() -> {
                ticker.cancel(false);
                List<SrtConnection> all = new ArrayList<>(bySocketId.values());
                for (SrtConnection c : all) {
                    c.close(CloseReason.LOCAL_CLOSE, true);
                }
                channel.flush();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("SRT listener: closing connections: {}", e.toString());
        }
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        LOG.info("SRT listener on {} closed", channel.localAddress());
    }
}
