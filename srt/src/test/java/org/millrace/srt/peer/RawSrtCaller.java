package org.millrace.srt.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Optional;
import org.millrace.srt.crypto.KeyEncryptingKey;
import org.millrace.srt.crypto.KeyMaterial;
import org.millrace.srt.crypto.KeyWrap;
import org.millrace.srt.packet.EncryptionKey;
import org.millrace.srt.packet.HandshakeExtensionType;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.HandshakeType;
import org.millrace.srt.packet.HsExtension;
import org.millrace.srt.packet.KeyMaterialPacket;
import org.millrace.srt.packet.MalformedPacketException;
import org.millrace.srt.packet.PacketCodec;
import org.millrace.srt.packet.SrtFlags;
import org.millrace.srt.packet.SrtPacket;

/**
 * A scripted SRT caller on a plain UDP socket, speaking the handshake as libsrt 1.5 does (induction, then a v5
 * conclusion with HSREQ, stream id and optionally KMREQ), for tests and benchmarks that need a hostile or a timed
 * caller: it can repeat conclusions with any socket id and send any control packet once connected.
 */
public final class RawSrtCaller implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DatagramSocket socket;
    private final InetSocketAddress listener;
    private final byte[] receive = new byte[2048];

    /** A caller bound to {@code source} (any loopback address, e.g. 127.0.0.2), on an ephemeral port. */
    public RawSrtCaller(InetSocketAddress listener, InetAddress source) throws IOException {
        this.listener = listener;
        this.socket = new DatagramSocket(new InetSocketAddress(source, 0));
        this.socket.setReceiveBufferSize(4 * 1024 * 1024);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends an induction and returns the listener's cookie for this address. */
    public int induce(int socketId, int timeoutMillis) throws IOException {
        send(new HandshakePacket(
                4,
                0,
                2,
                1000,
                1500,
                8192,
                HandshakeType.INDUCTION,
                socketId,
                0,
                null,
                Optional.empty(),
                false,
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.empty(),
                0,
                0));
        return awaitHandshake(socketId, timeoutMillis).synCookie();
    }

    /** A v5 live-mode conclusion as libsrt sends it; {@code km} is a KM message (see {@link #keyMaterial}). */
    public static HandshakePacket conclusion(int socketId, int cookie, String streamId, Optional<byte[]> km) {
        int extension = HandshakeExtensionType.FLAG_HSREQ | (km.isPresent() ? HandshakeExtensionType.FLAG_KMREQ : 0);
        int flags = SrtFlags.TSBPD_SND
                | SrtFlags.TSBPD_RCV
                | SrtFlags.CRYPT
                | SrtFlags.TLPKTDROP
                | SrtFlags.PERIODIC_NAK
                | SrtFlags.REXMIT_FLAG;
        return new HandshakePacket(
                5,
                km.isPresent() ? 2 : 0,
                extension,
                RANDOM.nextInt() & 0x7FFF_FFFF,
                1500,
                8192,
                HandshakeType.CONCLUSION,
                socketId,
                cookie,
                null,
                Optional.of(new HsExtension(0x010501, flags, 120, 120)),
                false,
                km,
                false,
                Optional.of(streamId),
                Optional.empty(),
                0,
                0);
    }

    /** Sends a conclusion and waits for the answer to it (a conclusion, or a rejection). */
    public HandshakePacket conclude(int socketId, int cookie, String streamId, Optional<byte[]> km, int timeoutMillis)
            throws IOException {
        send(conclusion(socketId, cookie, streamId, km));
        return awaitHandshake(socketId, timeoutMillis);
    }

    /** Induction then conclusion; returns the answer to the conclusion. */
    public HandshakePacket connect(int socketId, String streamId, Optional<byte[]> km, int timeoutMillis)
            throws IOException {
        int cookie = induce(socketId, timeoutMillis);
        return conclude(socketId, cookie, streamId, km, timeoutMillis);
    }

    /** An in-band KMREQ for the listener's socket {@code destination}. */
    public static KeyMaterialPacket keyMaterialRequest(byte[] km, int destination) {
        return new KeyMaterialPacket(false, km, 0, destination);
    }

    /** A KM message with a fresh even key wrapped for {@code passphrase} under {@code salt} (16 bytes). */
    public static byte[] keyMaterial(String passphrase, byte[] salt) {
        byte[] sek = new byte[16];
        RANDOM.nextBytes(sek);
        byte[] kek = KeyEncryptingKey.derive(passphrase, salt, 16);
        return new KeyMaterial(EncryptionKey.EVEN, 16, salt, KeyWrap.wrap(kek, sek)).encode();
    }

    public static byte[] randomSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    public void send(SrtPacket packet) throws IOException {
        ByteBuf b = PacketCodec.encode(packet, UnpooledByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), bytes);
            socket.send(new DatagramPacket(bytes, bytes.length, listener));
        } finally {
            b.release();
        }
    }

    /** The next handshake addressed to {@code socketId}, skipping anything else; times out with an exception. */
    public HandshakePacket awaitHandshake(int socketId, int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            Optional<SrtPacket> p = receive(deadline);
            if (p.isEmpty()) {
                throw new SocketTimeoutException("no handshake answer within " + timeoutMillis + " ms");
            }
            if (p.get() instanceof HandshakePacket h && h.destinationSocketId() == socketId) {
                return h;
            }
        }
    }

    /** The next packet before {@code deadlineNanos}, or empty. */
    public Optional<SrtPacket> receive(long deadlineNanos) throws IOException {
        while (true) {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout((int) Math.max(1, left));
            DatagramPacket datagram = new DatagramPacket(receive, receive.length);
            try {
                socket.receive(datagram);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            try {
                return Optional.of(PacketCodec.decode(Unpooled.wrappedBuffer(receive, 0, datagram.getLength())));
            } catch (MalformedPacketException e) {
                // not for us to judge here: skip it
            }
        }
    }

    /** Whether the answer is a rejection, and which code (libsrt's 1000 + reason). */
    public static boolean isRejection(HandshakePacket answer) {
        return HandshakeType.isRejection(answer.handshakeType());
    }

    @Override
    public void close() {
        socket.close();
    }
}
