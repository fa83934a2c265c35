package org.millrace.srt.listener;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.millrace.srt.packet.AckAckPacket;
import org.millrace.srt.packet.AckPacket;
import org.millrace.srt.packet.DataPacket;
import org.millrace.srt.packet.DropRequestPacket;
import org.millrace.srt.packet.EncryptionKey;
import org.millrace.srt.packet.HandshakePacket;
import org.millrace.srt.packet.HandshakeType;
import org.millrace.srt.packet.HsExtension;
import org.millrace.srt.packet.KeepAlivePacket;
import org.millrace.srt.packet.KeyMaterialPacket;
import org.millrace.srt.packet.NakPacket;
import org.millrace.srt.packet.PacketCodec;
import org.millrace.srt.packet.PacketPosition;
import org.millrace.srt.packet.SequenceRange;
import org.millrace.srt.packet.ShutdownPacket;
import org.millrace.srt.packet.SrtFlags;
import org.millrace.srt.packet.SrtPacket;

/**
 * Throws hostile datagrams at a listener from its own sockets (so never from a real caller's address): random
 * bytes, truncated headers, well-formed control packets for unknown sockets, induction and bad-cookie conclusion
 * floods, and packets for a live connection's socket id. Seeded, so a failure can be replayed.
 */
final class DatagramFuzzer {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong badCookieConclusions = new AtomicLong();
    final AtomicLong toLiveSocket = new AtomicLong();

    private final InetSocketAddress target;
    private final int liveSocketId;
    private final Random random;

    DatagramFuzzer(InetSocketAddress target, int liveSocketId, long seed) {
        this.target = target;
        this.liveSocketId = liveSocketId;
        this.random = new Random(seed);
    }

    /** Sends {@code count} datagrams, about {@code perMilli} per millisecond, from a few source ports. */
    void run(int count, int perMilli) throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DatagramSocket[] sockets = new DatagramSocket[4];
        try {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = new DatagramSocket(new InetSocketAddress(loopback, 0));
            }
            for (int i = 0; i < count; i++) {
                byte[] bytes = next();
                sockets[random.nextInt(sockets.length)].send(new DatagramPacket(bytes, bytes.length, target));
                sent.incrementAndGet();
                if (i % perMilli == 0) {
                    Thread.sleep(1);
                }
            }
        } finally {
            for (DatagramSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    private byte[] next() {
        int kind = random.nextInt(8);
        switch (kind) {
            case 0: {
                byte[] b = new byte[random.nextInt(1500)];
                random.nextBytes(b);
                return b;
            }
            case 1: {
                byte[] b = new byte[random.nextInt(16)]; // shorter than any header
                random.nextBytes(b);
                return b;
            }
            case 2:
                return encode(control(randomSocketId()));
            case 3:
                return encode(handshake(HandshakeType.INDUCTION, 4, 0));
            case 4:
                badCookieConclusions.incrementAndGet();
                return encode(handshake(HandshakeType.CONCLUSION, 5, random.nextInt()));
            case 5:
                toLiveSocket.incrementAndGet();
                return encode(random.nextBoolean() ? data(liveSocketId) : control(liveSocketId));
            case 6: {
                // A valid header with a truncated or garbage body.
                byte[] full = encode(
                        random.nextBoolean()
                                ? control(randomSocketId())
                                : handshake(HandshakeType.CONCLUSION, 5, random.nextInt()));
                byte[] cut = java.util.Arrays.copyOf(full, 16 + random.nextInt(Math.max(1, full.length - 16)));
                for (int i = 16; i < cut.length; i++) {
                    if (random.nextInt(8) == 0) {
                        cut[i] = (byte) random.nextInt();
                    }
                }
                return cut;
            }
            default:
                return encode(data(randomSocketId()));
        }
    }

    private int randomSocketId() {
        int id;
        do {
            id = random.nextInt();
        } while (id == 0 || id == liveSocketId);
        return id;
    }

    private SrtPacket control(int dest) {
        int ts = random.nextInt();
        switch (random.nextInt(8)) {
            case 0:
                return new AckPacket(
                        random.nextInt(),
                        random.nextInt() & 0x7FFFFFFF,
                        AckPacket.Kind.FULL,
                        1,
                        1,
                        1,
                        1,
                        1,
                        1,
                        ts,
                        dest);
            case 1:
                return new NakPacket(
                        List.of(
                                new SequenceRange(random.nextInt() & 0x7FFFFFFF, random.nextInt() & 0x7FFFFFFF),
                                SequenceRange.of(random.nextInt() & 0x7FFFFFFF)),
                        ts,
                        dest);
            case 2:
                return new KeepAlivePacket(ts, dest);
            case 3:
                return new ShutdownPacket(ts, dest);
            case 4:
                return new AckAckPacket(random.nextInt(), ts, dest);
            case 5:
                return new DropRequestPacket(
                        random.nextInt() & 0x03FFFFFF,
                        random.nextInt() & 0x7FFFFFFF,
                        random.nextInt() & 0x7FFFFFFF,
                        ts,
                        dest);
            case 6: {
                byte[] km = new byte[random.nextInt(64)];
                random.nextBytes(km);
                return new KeyMaterialPacket(random.nextBoolean(), km, ts, dest);
            }
            default:
                return handshake(HandshakeType.CONCLUSION, 5, random.nextInt()).withPeerIp(new byte[16]);
        }
    }

    private HandshakePacket handshake(int type, int version, int cookie) {
        Optional<HsExtension> hs = version == 5
                ? Optional.of(new HsExtension(0x010501, SrtFlags.TSBPD_SND | SrtFlags.TSBPD_RCV, 120, 120))
                : Optional.empty();
        Optional<String> sid = version == 5 ? Optional.of("publish:" + random.nextInt()) : Optional.empty();
        return new HandshakePacket(
                version,
                0,
                version == 5 ? 5 : 2,
                random.nextInt() & 0x7FFFFFFF,
                1500,
                8192,
                type,
                randomSocketId(),
                cookie,
                null,
                hs,
                false,
                Optional.empty(),
                false,
                sid,
                Optional.empty(),
                random.nextInt(),
                0);
    }

    private DataPacket data(int dest) {
        byte[] payload = new byte[1 + random.nextInt(1316)];
        random.nextBytes(payload);
        return new DataPacket(
                random.nextInt() & 0x7FFFFFFF,
                PacketPosition.SOLO,
                false,
                EncryptionKey.NONE,
                random.nextBoolean(),
                random.nextInt() & 0x03FFFFFF,
                random.nextInt(),
                dest,
                Unpooled.wrappedBuffer(payload));
    }

    private static byte[] encode(SrtPacket packet) {
        ByteBuf b = PacketCodec.encode(packet, UnpooledByteBufAllocator.DEFAULT);
        try {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        } finally {
            b.release();
        }
    }
}
